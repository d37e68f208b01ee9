"""Organisation endpoints: the public directory, read-only."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import P, PathEx, Query, Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from samskap.directory.models import Organisation

from .pagination import PageNumberPagination
from .schemas import ErrorOut, OrganisationOut, OrganisationQuery, ValidationErrorOut
from .selectors import api_organisation_detail, api_organisation_list

router = Router(tags=["organisations"])


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], 422: ValidationErrorOut},
    summary="List organisations",
    operation_id="organisation_list",
    url_name="organisation_list",
)
@paginate(PageNumberPagination)
def organisation_list(
    request: HttpRequest, filters: Query[OrganisationQuery]
) -> QuerySet[Organisation]:
    """The public directory: organisations that have agreed to a public profile and are active
    in the register, filtered as on the directory page. Without `q` they are ordered by name;
    with `q` the best matches come first. Unknown filter values give an empty list; malformed
    ones give 422."""
    return api_organisation_list(filters=filters.to_filters())


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationOut, 404: ErrorOut},
    summary="Get one organisation",
    operation_id="organisation_detail",
    url_name="organisation_detail",
)
def organisation_detail(
    request: HttpRequest,
    slug: PathEx[str, P(description="The organisation's address name, as in `slug` of the list.")],
) -> Organisation:
    """One organisation's public profile, by its address name (`slug`). 404 if no active
    organisation with a public profile has that address name."""
    organisation = api_organisation_detail(slug=slug)
    if organisation is None:
        raise HttpError(404, "No public organisation has this address name.")
    return organisation
