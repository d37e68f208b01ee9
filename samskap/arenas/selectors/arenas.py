"""Reads of arenas themselves: the public list, the hosts' list, and the facts on an arena's
page. The selectors decide what is fetched with what, so the pages make a fixed number of
queries however many arenas or registrations there are."""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from samskap.accounts.permissions import AnyUser, coordinator_counties, is_platform_admin
from samskap.directory.permissions import member_organisation_ids

from ..models import HOLDING_PLACE, Arena, ArenaQuerySet, ProgrammeItem, Question, Registration
from .registration import places_left, visible_participants_queryset

# The participants shown on the arena's page (the same as on the personal page).
visible_participants = visible_participants_queryset


class RegistrationState(StrEnum):
    """Where an arena's registration stands, for the list and the page."""

    OPEN = "open"
    WAITLIST = "waitlist"  # open, but every place is taken: new people join the waiting list
    NOT_YET = "not_yet"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    DRAFT = "draft"


def registration_state(
    arena: Arena, confirmed: int, now: datetime.datetime | None = None
) -> RegistrationState:
    now = now or timezone.now()
    if arena.status == Arena.Status.CANCELLED:
        return RegistrationState.CANCELLED
    if arena.status == Arena.Status.DRAFT:
        return RegistrationState.DRAFT
    if now < arena.registration_opens:
        return RegistrationState.NOT_YET
    if now >= arena.registration_closes:
        return RegistrationState.CLOSED
    if places_left(arena, confirmed) == 0:
        return RegistrationState.WAITLIST
    return RegistrationState.OPEN


def _managed_filter(user: AnyUser) -> Q | None:
    """Arenas `user` runs (all for a platform admin); `None` for nobody."""
    if is_platform_admin(user):
        return Q()
    condition = Q(pk__in=[])
    counties = coordinator_counties(user)
    if counties:
        condition |= Q(county_id__in=counties)
    organisations = member_organisation_ids(user)
    if organisations:
        condition |= Q(
            Exists(
                Arena.hosts.through.objects.filter(
                    arena_id=OuterRef("pk"), organisation_id__in=organisations
                )
            )
        )
    if not counties and not organisations:
        return None
    return condition


def with_counts(arenas: ArenaQuerySet) -> ArenaQuerySet:
    """Arenas with `confirmed_count` (places taken) and `waitlist_count`, and their county
    and place fetched."""
    return arenas.select_related("county", "municipality").annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status__in=HOLDING_PLACE)),
        waitlist_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
        ),
    )


@dataclass(frozen=True)
class ArenaFilters:
    county: str = ""
    kind: str = ""
    past: bool = False


def arenas_for_list(
    user: AnyUser, filters: ArenaFilters, now: datetime.datetime | None = None
) -> ArenaQuerySet:
    """The public list: published and cancelled arenas, and the drafts of arenas the user
    runs; upcoming ones soonest first, or past ones most recent first."""
    now = now or timezone.now()
    visible = Q(status__in=[Arena.Status.PUBLISHED, Arena.Status.CANCELLED])
    managed = _managed_filter(user)
    if managed is not None:
        visible |= Q(status=Arena.Status.DRAFT) & managed
    arenas = Arena.objects.filter(visible)
    if filters.county:
        arenas = arenas.filter(county_id=filters.county)
    if filters.kind:
        arenas = arenas.filter(kind=filters.kind)
    if filters.past:
        arenas = arenas.past(now).order_by("-starts_at", "-pk")
    else:
        arenas = arenas.upcoming(now).order_by("starts_at", "pk")
    return with_counts(arenas)


def managed_arenas(user: AnyUser) -> ArenaQuerySet:
    """Every arena the user runs, drafts included, newest first, with counts."""
    managed = _managed_filter(user)
    if managed is None:
        return Arena.objects.none()
    return with_counts(Arena.objects.filter(managed).order_by("-starts_at", "-pk"))


@dataclass(frozen=True)
class ArenaCounts:
    confirmed: int
    waitlisted: int
    organisations: int
    municipalities: int


def arena_counts(arena: Arena) -> ArenaCounts:
    """How many hold a place and wait, and from how many organisations and municipalities
    (counts only: anyone may see them)."""
    holding = Q(status__in=HOLDING_PLACE)
    data = Registration.objects.filter(arena=arena).aggregate(
        confirmed=Count("pk", filter=holding),
        waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        organisations=Count("organisation", filter=holding, distinct=True),
        typed_organisations=Count(
            "organisation_name",
            filter=holding & Q(organisation__isnull=True) & ~Q(organisation_name=""),
            distinct=True,
        ),
        municipalities=Count("municipality", filter=holding, distinct=True),
    )
    return ArenaCounts(
        confirmed=data["confirmed"],
        waitlisted=data["waitlisted"],
        organisations=data["organisations"] + data["typed_organisations"],
        municipalities=data["municipalities"],
    )


def programme_of(arena: Arena) -> QuerySet[ProgrammeItem]:
    return ProgrammeItem.objects.filter(arena=arena).order_by("starts_at", "pk")


def questions_of(arena: Arena) -> QuerySet[Question]:
    return Question.objects.filter(arena=arena).order_by("position", "pk")
