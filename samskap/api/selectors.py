"""Thin reads for the API, built on the directory's and places' selectors.

The API never writes its own organisation query: it takes `organisation_list` and
`organisation_detail_queryset` from the directory and only adds what its responses need
besides the pages (the municipalities an organisation serves).
"""

import re

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from samskap.activities.models import Activity, Occurrence
from samskap.activities.permissions import activity_for_view
from samskap.activities.selectors import CalendarFilters, activity_list, occurrence_list
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


# --- Activities --------------------------------------------------------------------------------

NEXT_OCCURRENCES = 5


def next_occurrences_prefetch() -> Prefetch[str]:
    """The next `NEXT_OCCURRENCES` occurrences of each activity (one going on now included), in
    one query for a whole page (a window function per activity)."""
    upcoming = Occurrence.objects.filter(end__gte=timezone.now()).order_by("start", "pk")
    return Prefetch("occurrences", queryset=upcoming[:NEXT_OCCURRENCES], to_attr="next_occurrences")


def api_activity_list(*, filters: CalendarFilters) -> QuerySet[Activity]:
    """Public activities with an occurrence matching `filters`, as the feeds list them, with
    their next occurrences; a fixed number of queries per page."""
    return activity_list(filters).prefetch_related(next_occurrences_prefetch())


def api_activity_detail(*, pk: int) -> Activity | None:
    """The activity with this number if anyone may see it (published or cancelled, not hidden),
    with its next occurrences; None otherwise."""
    try:
        activity = activity_for_view(AnonymousUser(), pk)
    except Http404:
        return None
    activity.next_occurrences = list(  # type: ignore[attr-defined]
        activity.occurrences.filter(end__gte=timezone.now()).order_by("start", "pk")[
            :NEXT_OCCURRENCES
        ]
    )
    return activity


def api_occurrence_list(*, filters: CalendarFilters) -> QuerySet[Occurrence]:
    """Occurrences of public activities matching `filters`, in time order, as the calendar
    lists them; two queries per page."""
    return occurrence_list(filters)
