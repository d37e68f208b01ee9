"""The public calendar and the activity page.

The calendar reads its query string with `CalendarFilterForm`, the same way the feeds, the
embed and the API do, and shows the matching occurrences as a list (by day, paginated), a
week or a month. htmx requests get the results region of the same template.
"""

import calendar as month_calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from samskap.core.htmx import HtmxHttpRequest, wants_fragment
from samskap.core.mail import absolute_url

from . import ical, permissions, selectors
from .filters import MAX_YEAR, MIN_YEAR, CalendarFilterForm, filter_query
from .jsonld import place_address
from .models import Occurrence
from .recurrence import OSLO

PAGE_SIZE = 20
# Week and month views show at most this many occurrences; more asks for narrower filters.
MAX_IN_GRID = 300
# Organiser and venue selects list at most this many organisations; with more (a national
# calendar without a chosen county), the choice waits for a county or municipality.
MAX_PLACE_CHOICES = 300
VIEWS = ("list", "week", "month")


# --- grouping by day -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GridEntry:
    """An occurrence as the month view shows it, worked out once in Python rather than by
    filters and `{% url %}` for each of up to `MAX_IN_GRID` entries in the template."""

    url: str
    start_iso: str
    start_time: str
    title: str
    is_cancelled: bool


@dataclass
class Day:
    date: datetime.date
    occurrences: list[Occurrence] = field(default_factory=list)
    in_month: bool = True
    # The month view's entries (`GridEntry`) for `occurrences`; empty in the other views.
    entries: list[GridEntry] = field(default_factory=list)

    @cached_property
    def is_today(self) -> bool:
        return self.date == selectors.today()

    @cached_property
    def iso(self) -> str:
        """ "2030-06-04" """
        return self.date.isoformat()

    @cached_property
    def label(self) -> str:
        """ "Tirsdag 4. juni 2030": the weekday and the date in the current language."""
        return capfirst(f"{date_format(self.date, 'l')} {date_format(self.date, 'DATE_FORMAT')}")


def local_day(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(OSLO).date()


def days_of(occurrences: Iterable[Occurrence]) -> list[Day]:
    """Occurrences (in time order) grouped by their local start date."""
    days: list[Day] = []
    for occurrence in occurrences:
        day = local_day(occurrence.start)
        if not days or days[-1].date != day:
            days.append(Day(day))
        days[-1].occurrences.append(occurrence)
    return days


def days_between(
    occurrences: Iterable[Occurrence], first: datetime.date, last: datetime.date
) -> list[Day]:
    """Every day from `first` to `last`, each with the occurrences that start on it (one that
    began before `first` and is still going on is shown on `first`)."""
    days = [Day(first + datetime.timedelta(days=n)) for n in range((last - first).days + 1)]
    for occurrence in occurrences:
        day = max(local_day(occurrence.start), first)
        index = (day - first).days
        if 0 <= index < len(days):
            days[index].occurrences.append(occurrence)
    return days


# --- which week or month ---------------------------------------------------------------


def _parse_anchor(value: str | None, view: str) -> tuple[datetime.date, bool]:
    """The date a week or month view is about, from `?date=` (YYYY-MM-DD, or YYYY-MM for a
    month); today when missing. The second value says whether a given date was unreadable."""
    if not value:
        return selectors.today(), False
    value = value.strip()
    try:
        if view == "month" and len(value) == 7:
            anchor = datetime.date.fromisoformat(value + "-01")
        else:
            anchor = datetime.date.fromisoformat(value)
    except ValueError:
        return selectors.today(), True
    # Far-off years are nonsense here, and the links to the next week or month would overflow.
    if not MIN_YEAR <= anchor.year <= MAX_YEAR:
        return selectors.today(), True
    return anchor, False


def week_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def month_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    last = month_calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def add_grid_entries(days: Iterable[Day]) -> None:
    """Fill in the `entries` of the month view's days."""
    detail_url = ical.detail_url_maker("")
    for day in days:
        for occurrence in day.occurrences:
            start = occurrence.start.astimezone(OSLO)
            activity = occurrence.activity
            day.entries.append(
                GridEntry(
                    url=detail_url(occurrence.activity_id),
                    start_iso=start.isoformat(timespec="minutes"),
                    start_time=start.strftime("%H:%M"),
                    title=activity.title,
                    is_cancelled=activity.is_cancelled,
                )
            )


def month_weeks(day: datetime.date, days: Sequence[Day]) -> list[list[Day]]:
    """The month of `day` as weeks (Monday first) of `Day`s; days of the neighbouring months
    that fill the first and last week are empty and marked `in_month=False`."""
    by_date = {d.date: d for d in days}
    weeks = []
    for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(day.year, day.month):
        weeks.append(
            [by_date.get(date) or Day(date, in_month=date.month == day.month) for date in week]
        )
    return weeks


# --- links -----------------------------------------------------------------------------


def _with(query: QueryDict, **params: str) -> str:
    """The calendar's address with `query` plus `params`."""
    copy = query.copy()
    for key, value in params.items():
        copy[key] = value
    encoded = copy.urlencode()
    path = reverse("activities:calendar")
    return f"{path}?{encoded}" if encoded else path


def _view_links(query: QueryDict, view: str, anchor: datetime.date) -> dict[str, str]:
    """Links to the list, week and month views of the same selection; week and month set
    their own dates, so the list's date range is left out of them."""
    undated = query.copy()
    for key in ("date_from", "date_to"):
        undated.pop(key, None)
    links = {
        "list": _with(query),
        "week": _with(undated, view="week", date=anchor.isoformat()),
        "month": _with(undated, view="month", date=anchor.strftime("%Y-%m")),
    }
    if view == "week":
        monday, _sunday = week_bounds(anchor)
        links["previous"] = _with(
            undated, view="week", date=(monday - datetime.timedelta(days=7)).isoformat()
        )
        links["next"] = _with(
            undated, view="week", date=(monday + datetime.timedelta(days=7)).isoformat()
        )
        links["current"] = _with(undated, view="week", date=selectors.today().isoformat())
    elif view == "month":
        first, last = month_bounds(anchor)
        previous = first - datetime.timedelta(days=1)
        following = last + datetime.timedelta(days=1)
        links["previous"] = _with(undated, view="month", date=previous.strftime("%Y-%m"))
        links["next"] = _with(undated, view="month", date=following.strftime("%Y-%m"))
        links["current"] = _with(undated, view="month", date=selectors.today().strftime("%Y-%m"))
    return links


# --- the organiser and venue choices ---------------------------------------------------


def _narrow_place_fields(form: CalendarFilterForm) -> dict[str, bool]:
    """Replace the organiser and venue choices (every organisation in the directory) with
    those that have public activities where the person looks. Runs after validation, so a
    shared link with any known organisation still works."""
    cleaned = getattr(form, "cleaned_data", {})
    county = cleaned.get("county")
    municipality = cleaned.get("municipality")
    activities = selectors.public_activities_in(
        county=county.number if county else "",
        municipality=municipality.number if municipality else "",
    )
    nationwide = not county and not municipality
    too_many = {}
    for role in ("organiser", "venue"):
        rows, more = selectors.organisation_choices(
            role,
            activities=activities,
            nationwide=nationwide,
            chosen=cleaned.get(role),
            limit=MAX_PLACE_CHOICES,
        )
        form_field = form.fields[role]
        form_field.choices = [("", form_field.empty_label), *rows]  # type: ignore[attr-defined]
        if more:
            if municipality:
                text = _("Too many to list here: search by name instead.")
            elif county:
                text = (
                    _("Choose a municipality first to see its organisers.")
                    if role == "organiser"
                    else _("Choose a municipality first to see its venues.")
                )
            else:
                text = (
                    _("Choose a county or municipality first to see its organisers.")
                    if role == "organiser"
                    else _("Choose a county or municipality first to see its venues.")
                )
            # On the bound field too: it was made (and copied the help text) during validation.
            form_field.help_text = form[role].help_text = text
        too_many[role] = more
    return too_many


# --- the calendar ----------------------------------------------------------------------


def _error_list(form: CalendarFilterForm) -> list[tuple[str, str]]:
    return [
        (str(form.fields[name].label) if name in form.fields else "", str(message))
        for name, messages in form.errors.items()
        for message in messages
    ]


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "HEAD"])
def calendar(request: HtmxHttpRequest) -> HttpResponse:
    form = CalendarFilterForm(request.GET)
    valid = form.is_valid()
    view = request.GET.get("view", "list")
    if view not in VIEWS:
        view = "list"
    anchor, bad_anchor = _parse_anchor(request.GET.get("date"), view)
    query = filter_query(request.GET)
    fragment = wants_fragment(request)
    context: dict[str, Any] = {
        "form": form,
        "valid": valid,
        "errors": _error_list(form),
        "view": view,
        "anchor": anchor,
        "bad_anchor": bad_anchor,
        "query": query.urlencode(),
        "links": _view_links(query, view, anchor),
        "is_filtered": bool(query),
        "fragment": fragment,
        "page_obj": None,
        "days": [],
        "weeks": [],
        "truncated": False,
        "count": 0,
    }
    if valid:
        filters = form.filters()
        if view == "list":
            paginator = Paginator(selectors.occurrence_list(filters), PAGE_SIZE)
            page = paginator.get_page(request.GET.get("page"))
            context["page_obj"] = page
            context["days"] = days_of(page.object_list)
            context["count"] = paginator.count
        else:
            first, last = week_bounds(anchor) if view == "week" else month_bounds(anchor)
            selected = selectors.occurrence_list(filters.with_dates(first, last))
            if view == "month":
                # The month shows the time and title only: not the organiser, place and the
                # rest of the activity's columns.
                selected = (
                    selected.select_related(None)
                    .select_related("activity")
                    .only("start", "activity", "activity__title", "activity__status")
                )
            occurrences = list(selected[: MAX_IN_GRID + 1])
            context["truncated"] = len(occurrences) > MAX_IN_GRID
            occurrences = occurrences[:MAX_IN_GRID]
            context["count"] = len(occurrences)
            context["first"], context["last"] = first, last
            context["days"] = days_between(occurrences, first, last)
            if view == "month":
                add_grid_entries(context["days"])
                context["weeks"] = month_weeks(anchor, context["days"])
    if not fragment:
        context["too_many"] = _narrow_place_fields(form)
        context["access_labels"] = dict(form.fields["access"].choices)  # type: ignore[attr-defined]
    template = "activities/calendar.html#results" if fragment else "activities/calendar.html"
    return render(request, template, context)


# --- an activity -----------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    activity = permissions.activity_for_view(user, pk)
    upcoming = selectors.upcoming_occurrences(activity, limit=20)
    can_edit = permissions.can_edit_activity(user, activity)
    can_moderate = permissions.can_moderate_activity(user, activity)
    url = absolute_url(activity.get_absolute_url())
    context = {
        "activity": activity,
        "upcoming": upcoming,
        "next_occurrence": upcoming[0] if upcoming else None,
        "co_organisers": [
            link.organisation for link in getattr(activity, "confirmed_co_organisers", [])
        ],
        "can_edit": can_edit,
        "can_moderate": can_moderate,
        "can_view_signups": permissions.can_view_signups(user, activity),
        "absolute_url": url,
        "is_past": not upcoming,
        "address": dict(zip(("street", "code", "town"), place_address(activity), strict=True)),
    }
    return render(request, "activities/detail.html", context)
