"""Counties and municipalities (the 2024 division), read-only."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import P, PathEx, Query, Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from samskap.places.models import County, Municipality

from .pagination import PageNumberPagination
from .schemas import CountyOut, ErrorOut, MunicipalityOut, MunicipalityQuery, ValidationErrorOut
from .selectors import api_county_list, api_municipality_detail, api_municipality_list

router = Router(tags=["places"])


@router.get(
    "/counties",
    response=list[CountyOut],
    summary="List counties",
    operation_id="county_list",
    url_name="county_list",
)
def county_list(request: HttpRequest) -> QuerySet[County]:
    """All counties of the 2024 division, by name (not paginated: there are 15)."""
    return api_county_list()


@router.get(
    "/municipalities",
    response={200: list[MunicipalityOut], 422: ValidationErrorOut},
    summary="List municipalities",
    operation_id="municipality_list",
    url_name="municipality_list",
)
@paginate(PageNumberPagination)
def municipality_list(
    request: HttpRequest, filters: Query[MunicipalityQuery]
) -> QuerySet[Municipality]:
    """The municipalities of the 2024 division (357), by Norwegian name, optionally only those
    of one county. An unknown county gives an empty list."""
    return api_municipality_list(county=filters.county)


@router.get(
    "/municipalities/{number}",
    response={200: MunicipalityOut, 404: ErrorOut},
    summary="Get one municipality",
    operation_id="municipality_detail",
    url_name="municipality_detail",
)
def municipality_detail(
    request: HttpRequest,
    number: PathEx[str, P(description="Four-digit municipality number, e.g. `4003`.")],
) -> Municipality:
    """One municipality by its four-digit number as valid from 2024. 404 for any other number,
    including numbers that ceased in the 2024 renumbering."""
    municipality = api_municipality_detail(number=number)
    if municipality is None:
        raise HttpError(404, "No municipality has this number.")
    return municipality
