"""Reads of the directory, shared by the pages, the API and the reports."""

import datetime
from dataclasses import dataclass
from typing import TypedDict

from django.db.models import Count, Prefetch, Q, QuerySet

from samskap.accounts.models import User
from samskap.accounts.permissions import is_platform_admin
from samskap.core.search import search
from samskap.places.models import County, Municipality

from .models import ImportRun, Kind, Membership, Organisation, TargetGroup, Theme


@dataclass(frozen=True)
class OrganisationFilters:
    """The directory's filters; each is optional. Values are as they appear in URLs."""

    q: str = ""
    county: str = ""
    municipality: str = ""
    kind: str = ""
    target_group: str = ""
    theme: str = ""


def organisation_list(
    *, filters: OrganisationFilters | None = None, public_only: bool = True
) -> QuerySet[Organisation]:
    """Organisations matching `filters`, with what list pages show fetched in a fixed number of
    queries. `public_only` limits to profiles shown to everyone."""
    filters = filters or OrganisationFilters()
    qs: QuerySet[Organisation] = Organisation.objects.all()
    if public_only:
        qs = Organisation.objects.public()
    if filters.county:
        qs = qs.filter(home_municipality__county_id=filters.county)
    if filters.municipality:
        qs = qs.filter(home_municipality_id=filters.municipality)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.target_group:
        qs = qs.filter(target_groups__slug=filters.target_group)
    if filters.theme:
        qs = qs.filter(themes__slug=filters.theme)
    qs = qs.select_related("home_municipality__county").prefetch_related(
        Prefetch("target_groups", queryset=TargetGroup.objects.order_by("position")),
        Prefetch("themes", queryset=Theme.objects.order_by("position")),
    )
    qs = qs.order_by("name", "pk")
    if filters.q:
        qs = search(qs, filters.q)
    return qs


def organisation_detail_queryset() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("home_municipality__county").prefetch_related(
        Prefetch("target_groups", queryset=TargetGroup.objects.order_by("position")),
        Prefetch("themes", queryset=Theme.objects.order_by("position")),
        Prefetch("municipalities_served", queryset=Municipality.objects.order_by("name")),
        "icnpo_categories",
    )


def membership_list(organisation: Organisation) -> QuerySet[Membership]:
    """An organisation's memberships for its members page: requests first, then by name."""
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("-status", "user__name", "user__email")
    )


def pending_request_count(organisation: Organisation) -> int:
    return Membership.objects.filter(
        organisation=organisation, status=Membership.Status.PENDING
    ).count()


def memberships_for_user(user_id: int) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user_id=user_id)
        .select_related("organisation__home_municipality")
        .order_by("organisation__name")
    )


class DirectoryStats(TypedDict):
    organisations: int
    municipalities: int
    libraries: int


def directory_stats() -> DirectoryStats:
    """Counts for the home page, in one aggregate query over the public organisations."""
    totals = Organisation.objects.public().aggregate(
        organisations=Count("pk"),
        municipalities=Count("home_municipality", distinct=True),
        libraries=Count("pk", filter=Q(kind__in=[Kind.LIBRARY, Kind.LIBRARY_BRANCH])),
    )
    return {
        "organisations": totals["organisations"],
        "municipalities": totals["municipalities"],
        "libraries": totals["libraries"],
    }


def register_last_checked(organisation: Organisation) -> datetime.datetime | None:
    """When the register was last read for this organisation: the later of its last change
    from the register and the last successful run covering its municipality (an unchanged
    unit is checked by a run without being written)."""
    checked = organisation.register_synced_at
    if organisation.source != Organisation.Source.REGISTER or not organisation.home_municipality_id:
        return checked
    run = ImportRun.objects.last_checked(organisation.home_municipality_id)
    if run is not None and run.finished_at and (checked is None or run.finished_at > checked):
        return run.finished_at
    return checked


def syncable_counties(user: User) -> list[County]:
    """The counties `user` may sync and read the runs of: all for a platform admin."""
    if is_platform_admin(user):
        return list(County.objects.order_by("number"))
    return list(user.coordinator_for.order_by("number"))


def import_runs_for(user: User, counties: list[County]) -> QuerySet[ImportRun]:
    """The runs `user` may read, newest first, with what the list shows."""
    runs = ImportRun.objects.select_related("county", "started_by")
    if not is_platform_admin(user):
        runs = runs.filter(county__in=[c.number for c in counties])
    return runs.order_by("-created_at", "-pk")
