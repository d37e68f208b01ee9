"""Thin reads for the API, built on the directory's and places' selectors.

The API never writes its own organisation query: it takes `organisation_list` and
`organisation_detail_queryset` from the directory and only adds what its responses need
besides the pages (the municipalities an organisation serves).
"""

import re

from django.db.models import Prefetch, QuerySet

from samskap.directory.models import Organisation, TargetGroup, Theme
from samskap.directory.selectors import (
    OrganisationFilters,
    organisation_detail_queryset,
    organisation_list,
)
from samskap.places.models import County, Municipality
from samskap.places.selectors import county_list, municipality_list

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,220}")
MUNICIPALITY_NUMBER = re.compile(r"[0-9]{4}")


def api_organisation_list(*, filters: OrganisationFilters) -> QuerySet[Organisation]:
    """Public, active organisations matching `filters`, in a fixed number of queries per page.

    Ordered as in the directory (best search matches first, then by name)."""
    return organisation_list(filters=filters, public_only=True).prefetch_related(
        Prefetch("municipalities_served", queryset=Municipality.objects.order_by("name"))
    )


def api_organisation_detail(*, slug: str) -> Organisation | None:
    """The public, active organisation with this address name, or None."""
    if not SLUG.fullmatch(slug):
        return None
    queryset = organisation_detail_queryset() & Organisation.objects.public()
    return queryset.filter(slug=slug).first()


def api_municipality_list(*, county: str = "") -> QuerySet[Municipality]:
    return municipality_list(county=county or None)


def api_municipality_detail(*, number: str) -> Municipality | None:
    """The municipality with this current (2024) number, or None."""
    if not MUNICIPALITY_NUMBER.fullmatch(number):
        return None
    return municipality_list().filter(number=number).first()


def api_county_list() -> QuerySet[County]:
    return county_list()


def api_target_group_list() -> QuerySet[TargetGroup]:
    return TargetGroup.objects.order_by("position", "slug")


def api_theme_list() -> QuerySet[Theme]:
    return Theme.objects.order_by("position", "slug")
