"""Target groups and themes, the directory's taxonomies, read-only."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router

from samskap.directory.models import TargetGroup, Theme

from .schemas import TermOut
from .selectors import api_target_group_list, api_theme_list

router = Router(tags=["taxonomies"])


@router.get(
    "/target-groups",
    response=list[TermOut],
    summary="List target groups",
    operation_id="target_group_list",
    url_name="target_group_list",
)
def target_group_list(request: HttpRequest) -> QuerySet[TargetGroup]:
    """Every target group with its name in Bokmål, Nynorsk and English, in display order.
    Use a `slug` as the `target_group` filter of `/organisations`."""
    return api_target_group_list()


@router.get(
    "/themes",
    response=list[TermOut],
    summary="List themes",
    operation_id="theme_list",
    url_name="theme_list",
)
def theme_list(request: HttpRequest) -> QuerySet[Theme]:
    """Every theme with its name in Bokmål, Nynorsk and English, in display order.
    Use a `slug` as the `theme` filter of `/organisations`."""
    return api_theme_list()
