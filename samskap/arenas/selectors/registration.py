"""Reads of registrations: places left, counts, waiting-list position, and the participants
who let the others see them. Each is one query, whatever the number of registrations."""

from dataclasses import dataclass

from django.db.models import Case, Count, Q, QuerySet, Value, When

from samskap.directory.models import Organisation

from ..models import HOLDING_PLACE, Arena, Registration


@dataclass(frozen=True, slots=True)
class VisibleParticipant:
    """A participant as the other participants see them."""

    name: str
    organisation: str


def places_left(arena: Arena, taken: int | None = None) -> int:
    """Places not yet taken (never below 0). `taken` is how many hold a place, when the
    caller has counted them already (`selectors.arenas.with_counts`, `registration_counts`);
    else they are counted here."""
    if taken is None:
        taken = Registration.objects.filter(arena=arena).holding_place().count()
    return max(arena.capacity - taken, 0)


def registration_counts(arena: Arena) -> dict[str, int]:
    """How many registrations `arena` has by status: confirmed, waitlisted, attended and
    cancelled (one query)."""
    status = Registration.Status
    return Registration.objects.filter(arena=arena).aggregate(
        confirmed=Count("pk", filter=Q(status=status.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=status.WAITLISTED)),
        attended=Count("pk", filter=Q(status=status.ATTENDED)),
        cancelled=Count("pk", filter=Q(status=status.CANCELLED)),
    )


def waitlist_position(registration: Registration) -> int | None:
    """The registration's place in the waiting list (1 is next in line); `None` when it is
    not on the waiting list."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        arena_id=registration.arena_id, status=Registration.Status.WAITLISTED
    )
    if registration.waitlisted_at is None:
        ahead = ahead.filter(Q(waitlisted_at__isnull=False) | Q(pk__lt=registration.pk))
    else:
        ahead = ahead.filter(
            Q(waitlisted_at__lt=registration.waitlisted_at)
            | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk)
        )
    return ahead.count() + 1


def visible_participants_queryset(arena: Arena) -> QuerySet[Registration]:
    """The participants holding a place who allowed the others to see their name and
    organisation, by name, with organisation and municipality."""
    return (
        Registration.objects.filter(
            arena=arena, status__in=HOLDING_PLACE, show_to_participants=True
        )
        .select_related("organisation", "municipality")
        .order_by("name", "pk")
    )


def visible_participants(arena: Arena) -> list[VisibleParticipant]:
    """Confirmed (or attended) participants who allowed the others to see their name and
    organisation, by name."""
    rows = visible_participants_queryset(arena).values_list(
        "name", "organisation__name", "organisation_name"
    )
    return [
        VisibleParticipant(name=name, organisation=directory_name or typed_name or "")
        for name, directory_name, typed_name in rows
    ]


def _active_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(status=Organisation.Status.ACTIVE)


# The registration form carries every suggestion when the county has at most this many
# organisations; beyond that, suggestions come from `organisation_suggestions` as the person
# types (htmx), so the page stays small in a county of thousands.
SUGGESTIONS_IN_PAGE = 300
SUGGESTIONS_PER_SEARCH = 20


def organisation_names(county_id: str, *, limit: int | None = None) -> list[str]:
    """The names of the directory's active organisations based in the county, for the
    suggestions of the registration form (one query); at most `limit` of them."""
    names = (
        _active_organisations()
        .filter(home_municipality__county_id=county_id)
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )
    return list(names if limit is None else names[:limit])


def organisation_suggestions(
    county_id: str, *, query: str, limit: int = SUGGESTIONS_PER_SEARCH
) -> list[str]:
    """Names of active organisations in the county that contain `query` (ignoring case), those
    that start with it first; one query."""
    query = " ".join(query.split())
    if not query:
        return []
    names = (
        _active_organisations()
        .filter(home_municipality__county_id=county_id, name__icontains=query)
        .annotate(starts=Case(When(name__istartswith=query, then=Value(0)), default=Value(1)))
        .order_by("starts", "name")
        .values_list("name", flat=True)
    )
    return list(dict.fromkeys(names[: limit * 2]))[:limit]


def organisation_by_name(name: str, *, county_id: str) -> Organisation | None:
    """The active organisation called exactly `name` (ignoring case and spacing), preferring
    one in the county; `None` when none or several match."""
    name = " ".join(name.split())
    if not name:
        return None
    matches = list(
        _active_organisations().filter(name__iexact=name).select_related("home_municipality")[:20]
    )
    if len(matches) == 1:
        return matches[0]
    local = [
        organisation
        for organisation in matches
        if organisation.home_municipality is not None
        and organisation.home_municipality.county_id == county_id
    ]
    return local[0] if len(local) == 1 else None
