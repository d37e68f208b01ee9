"""Activity endpoints: the public calendar, read-only.

The filters are the calendar page's (`/aktiviteter/`), read from the query string by the same
form (`CalendarFilterForm`), so a calendar URL's query string gives the same selection here.
Invalid filters give 400 with the form's messages in the request's language (`Accept-Language`;
the site's URLs without a language prefix are Bokmål, which says nothing about an API client).
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI, P, PathEx, Query, Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from samskap.activities.filters import CalendarFilterForm
from samskap.activities.models import Activity, Occurrence
from samskap.activities.selectors import CalendarFilters

from .pagination import PageNumberPagination
from .schemas import (
    ActivityOut,
    CalendarQuery,
    ErrorOut,
    FilterErrorOut,
    OccurrenceOut,
    ValidationErrorOut,
)
from .selectors import api_activity_detail, api_activity_list, api_occurrence_list

router = Router(tags=["activities"])


class FilterError(Exception):
    """The calendar filters of a request are invalid; the body of the 400 response."""

    def __init__(self, body: dict[str, Any]) -> None:
        super().__init__(body["detail"])
        self.body = body


def request_language(request: HttpRequest) -> str:
    """The language the client asks for (language cookie, then `Accept-Language`)."""
    return translation.get_language_from_request(request, check_path=False)


def calendar_filters(request: HttpRequest) -> CalendarFilters:
    """The request's calendar filters, or `FilterError` with the form's errors."""
    with translation.override(request_language(request)):
        form = CalendarFilterForm(request.GET)
        if form.is_valid():
            return form.filters()
        errors = {
            field: [{"message": str(e["message"]), "code": str(e["code"])} for e in field_errors]
            for field, field_errors in form.errors.get_json_data().items()
        }
        raise FilterError({"detail": _("The calendar filters are not valid."), "errors": errors})


def register_error_handlers(api: NinjaAPI) -> None:
    def filter_error(request: HttpRequest, error: FilterError | type[FilterError]) -> HttpResponse:
        body = error.body if isinstance(error, FilterError) else {}
        response = api.create_response(request, body, status=400)
        response["Content-Language"] = request_language(request)
        return response

    api.add_exception_handler(FilterError, filter_error)


@router.get(
    "/activities",
    response={200: list[ActivityOut], 400: FilterErrorOut, 422: ValidationErrorOut},
    summary="List activities",
    operation_id="activity_list",
    url_name="activity_list",
)
@paginate(PageNumberPagination)
def activity_list(request: HttpRequest, filters: Query[CalendarQuery]) -> QuerySet[Activity]:
    """Public activities (published or cancelled, not hidden) with at least one occurrence
    matching the calendar's filters — as the iCalendar feed of the same query string lists
    them: one item per series. Ordered by their first start, with `q` too (like the
    calendar). Without `date_from`, activities with an occurrence in the last 30 days or later."""
    return api_activity_list(filters=calendar_filters(request))


@router.get(
    "/activities/{id}",
    response={200: ActivityOut, 404: ErrorOut},
    summary="Get one activity",
    operation_id="activity_detail",
    url_name="activity_detail",
)
def activity_detail(
    request: HttpRequest,
    id: PathEx[int, P(description="Number of the activity (`id` in the lists).")],
) -> Activity:
    """One public activity by its number. 404 for drafts, hidden activities and numbers that
    do not exist."""
    activity = api_activity_detail(pk=id)
    if activity is None:
        raise HttpError(404, "No public activity has this number.")
    return activity


@router.get(
    "/occurrences",
    response={200: list[OccurrenceOut], 400: FilterErrorOut, 422: ValidationErrorOut},
    summary="List occurrences",
    operation_id="occurrence_list",
    url_name="occurrence_list",
)
@paginate(PageNumberPagination)
def occurrence_list(request: HttpRequest, filters: Query[CalendarQuery]) -> QuerySet[Occurrence]:
    """Each time a public activity takes place, in time order, with the calendar's filters —
    what the calendar page lists; a repeating activity gives one item per occurrence. Without
    `date_from`, from today (occurrences going on now included)."""
    return api_occurrence_list(filters=calendar_filters(request))
