"""Reads of activities, shared by the calendar, the feeds, the embed, the API and the reports.

The calendar lists *occurrences* (one row per time an activity takes place); the feeds list
*activities* (one VEVENT per series, with its RRULE). Both take the same `CalendarFilters`, so
a feed mirrors the calendar page it is linked from.
"""

import datetime
from dataclasses import dataclass, field, replace

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from samskap.core.search import search
from samskap.directory.models import Organisation, TargetGroup, Theme
from samskap.places.models import Municipality

from .models import Activity, CoOrganiser, Language, Occurrence, SignUp
from .recurrence import OSLO

ACCESS_FACTS = ("step_free", "hearing_loop", "sign_language")


@dataclass(frozen=True)
class CalendarFilters:
    """The calendar's filters; each is optional. Values are as they appear in URLs.

    `organiser` matches the organiser and confirmed co-organisers; `venue` the place in the
    directory; `access` lists accessibility facts that must all hold. Dates are local dates,
    both inclusive; without `date_from` the calendar starts today.
    """

    q: str = ""
    county: str = ""
    municipality: str = ""
    venue: str = ""
    organiser: str = ""
    target_group: str = ""
    theme: str = ""
    language: str = ""
    free: bool = False
    access: tuple[str, ...] = field(default_factory=tuple)
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def with_dates(
        self, date_from: datetime.date | None, date_to: datetime.date | None
    ) -> "CalendarFilters":
        return replace(self, date_from=date_from, date_to=date_to)


def today() -> datetime.date:
    return timezone.localdate(timezone=OSLO)


def local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=OSLO)


def _activity_condition(filters: CalendarFilters, prefix: str = "") -> Q:
    """The filters that concern the activity itself, as a condition on `Activity` (or, with
    `prefix="activity__"`, on a model pointing to it). Many-to-many filters are `EXISTS`
    subqueries, so rows are never repeated."""
    p = prefix
    pk = f"{p}pk" if p else "pk"
    condition = Q()
    if filters.county:
        condition &= Q(**{f"{p}municipality__county_id": filters.county})
    if filters.municipality:
        condition &= Q(**{f"{p}municipality_id": filters.municipality})
    if filters.venue:
        condition &= Q(**{f"{p}venue__slug": filters.venue})
    if filters.organiser:
        co_organised = CoOrganiser.objects.filter(
            activity_id=OuterRef(pk),
            organisation__slug=filters.organiser,
            status=CoOrganiser.Status.CONFIRMED,
        )
        condition &= Q(**{f"{p}organiser__slug": filters.organiser}) | Q(Exists(co_organised))
    if filters.target_group:
        condition &= Q(
            Exists(
                Activity.target_groups.through.objects.filter(
                    activity_id=OuterRef(pk), targetgroup__slug=filters.target_group
                )
            )
        )
    if filters.theme:
        condition &= Q(
            Exists(
                Activity.themes.through.objects.filter(
                    activity_id=OuterRef(pk), theme__slug=filters.theme
                )
            )
        )
    if filters.language:
        condition &= Q(
            Exists(
                Activity.languages.through.objects.filter(
                    activity_id=OuterRef(pk), language__slug=filters.language
                )
            )
        )
    if filters.free:
        condition &= Q(**{f"{p}is_free": True})
    for fact in filters.access:
        if fact in ACCESS_FACTS:
            condition &= Q(**{f"{p}{fact}": True})
    if filters.q:
        matching = search(Activity.objects.all(), filters.q).values("pk")
        condition &= Q(**{f"{pk}__in": matching})
    return condition


def _date_condition(
    filters: CalendarFilters, default_from: datetime.date | None, prefix: str = ""
) -> Q:
    """Occurrences that have not ended before the first day and begin before the day after
    the last."""
    condition = Q()
    date_from = filters.date_from or default_from
    if date_from is not None:
        condition &= Q(**{f"{prefix}end__gt": local_midnight(date_from)})
    if filters.date_to is not None:
        condition &= Q(
            **{f"{prefix}start__lt": local_midnight(filters.date_to + datetime.timedelta(days=1))}
        )
    return condition


def occurrence_list(
    filters: CalendarFilters | None = None, *, public_only: bool = True
) -> QuerySet[Occurrence]:
    """Occurrences matching `filters`, in time order, from today unless `date_from` says
    otherwise, with what calendar pages show fetched in a fixed number of queries."""
    filters = filters or CalendarFilters()
    activities = Activity.objects.public() if public_only else Activity.objects.all()
    return (
        Occurrence.objects.filter(activity__in=activities.values("pk"))
        .filter(_date_condition(filters, today()))
        .filter(_activity_condition(filters, prefix="activity__"))
        .select_related(
            "activity__organiser",
            "activity__venue",
            "activity__municipality__county",
        )
        .order_by("start", "activity_id")
    )


def activity_list(
    filters: CalendarFilters | None = None, *, public_only: bool = True
) -> QuerySet[Activity]:
    """Activities with at least one occurrence matching `filters` (from 30 days ago unless
    `date_from` says otherwise), for the feeds and the API, with their relations fetched in a
    fixed number of queries."""
    filters = filters or CalendarFilters()
    activities = Activity.objects.public() if public_only else Activity.objects.all()
    in_window = Occurrence.objects.filter(activity_id=OuterRef("pk")).filter(
        _date_condition(filters, today() - datetime.timedelta(days=30))
    )
    return (
        activities.filter(Exists(in_window))
        .filter(_activity_condition(filters))
        .select_related("organiser", "venue", "municipality__county")
        .prefetch_related(*activity_prefetches())
        .order_by("start", "pk")
    )


def activity_prefetches() -> list[Prefetch[str]]:
    return [
        Prefetch("target_groups", queryset=TargetGroup.objects.order_by("position")),
        Prefetch("themes", queryset=Theme.objects.order_by("position")),
        Prefetch("languages", queryset=Language.objects.order_by("position")),
        Prefetch(
            "co_organiser_links",
            queryset=CoOrganiser.objects.filter(status=CoOrganiser.Status.CONFIRMED)
            .select_related("organisation")
            .order_by("organisation__name"),
            to_attr="confirmed_co_organisers",
        ),
    ]


def activity_detail_queryset() -> QuerySet[Activity]:
    return Activity.objects.select_related(
        "organiser", "venue", "municipality__county", "hidden_by"
    ).prefetch_related(*activity_prefetches())


def upcoming_occurrences(activity: Activity, *, limit: int = 20) -> list[Occurrence]:
    """The activity's next occurrences (including one going on now)."""
    return list(activity.occurrences.filter(end__gte=timezone.now()).order_by("start")[:limit])


# --- the calendar's organiser and venue choices -------------------------------------------


def public_activities_in(*, county: str, municipality: str) -> QuerySet[Activity]:
    """Public activities in the municipality, or in the county's municipalities."""
    activities = Activity.objects.public()
    if municipality:
        return activities.filter(municipality_id=municipality)
    if county:
        # A list of numbers, so PostgreSQL uses the index on the municipality.
        numbers = list(
            Municipality.objects.filter(county_id=county).values_list("number", flat=True)
        )
        return activities.filter(municipality_id__in=numbers)
    return activities


def organisation_choices(
    role: str,
    *,
    activities: QuerySet[Activity],
    nationwide: bool,
    chosen: Organisation | None,
    limit: int,
) -> tuple[list[tuple[str, str]], bool]:
    """(slug, name) of organisations that organise (`role="organiser"`, with confirmed
    co-organisers) or host (`role="venue"`) one of `activities`; at most `limit`,
    and always the chosen one. The second value says whether there were more (then only the
    chosen one is offered).

    Without a chosen place (`nationwide`), a cheap look at the distinct ids first: at national
    scale there are thousands, and listing them would cost more than the rest of the page."""
    column = "venue_id" if role == "venue" else "organiser_id"
    more = False
    if nationwide:
        distinct = (
            activities.filter(**{f"{column}__isnull": False})
            .order_by(column)
            .values_list(column, flat=True)
            .distinct()[: limit + 1]
        )
        more = len(distinct) > limit
    rows: list[tuple[str, str]] = []
    if not more:
        ids = activities.filter(**{f"{column}__isnull": False}).values(column)
        if role == "organiser":
            ids = ids.union(
                CoOrganiser.objects.filter(
                    status=CoOrganiser.Status.CONFIRMED, activity__in=activities.values("pk")
                ).values("organisation_id")
            )
        rows = list(
            Organisation.objects.filter(pk__in=ids)
            .order_by("name", "pk")
            .values_list("slug", "name")[: limit + 1]
        )
        more = len(rows) > limit
        if more:
            rows = []
    if chosen is not None and chosen.slug not in {slug for slug, _name in rows}:
        rows = sorted([*rows, (chosen.slug, chosen.name)], key=lambda row: row[1])
    return rows, more


def organisations_with_activities() -> QuerySet[Organisation]:
    """Organisations that organise a public activity (for the organiser filter)."""
    return Organisation.objects.filter(
        Exists(Activity.objects.public().filter(organiser_id=OuterRef("pk")))
    ).order_by("name")


def venues_with_activities() -> QuerySet[Organisation]:
    """Places in the directory where a public activity is held (for the venue filter)."""
    return Organisation.objects.filter(
        Exists(Activity.objects.public().filter(venue_id=OuterRef("pk")))
    ).order_by("name")


# --- organisers' pages ------------------------------------------------------------------


def activities_of(organisation_ids: set[int], status: str = "") -> QuerySet[Activity]:
    """The activities of the given organisers for "My activities", recently changed first,
    each with `next_start` (its next time, None when all are over). `status` is one of the
    statuses or "hidden" (hidden by a moderator); empty for all."""
    next_start = (
        Occurrence.objects.filter(activity_id=OuterRef("pk"), end__gte=timezone.now())
        .order_by("start")
        .values("start")[:1]
    )
    activities = (
        Activity.objects.filter(organiser_id__in=organisation_ids)
        .select_related("organiser", "municipality", "hidden_by")
        .annotate(next_start=Subquery(next_start))
        .order_by("-updated_at", "-pk")
    )
    if status == "hidden":
        return activities.exclude(hidden_at=None)
    if status:
        return activities.filter(status=status)
    return activities


def activity_counts(organisation_ids: set[int]) -> dict[str, int]:
    """How many of the organisers' activities there are in all and per status (one query)."""
    return Activity.objects.filter(organiser_id__in=organisation_ids).aggregate(
        all=Count("pk"),
        draft=Count("pk", filter=Q(status=Activity.Status.DRAFT)),
        published=Count("pk", filter=Q(status=Activity.Status.PUBLISHED)),
        cancelled=Count("pk", filter=Q(status=Activity.Status.CANCELLED)),
        hidden=Count("pk", filter=~Q(hidden_at=None)),
    )


def pending_invitations(organisation_ids: set[int]) -> QuerySet[CoOrganiser]:
    """Invitations to co-organise that the given organisations have not answered."""
    return (
        CoOrganiser.objects.filter(
            status=CoOrganiser.Status.PENDING, organisation_id__in=organisation_ids
        )
        .select_related("activity__organiser", "organisation")
        .order_by("activity__start", "pk")
    )


def future_signup_count(activity: Activity) -> int:
    return SignUp.objects.filter(
        occurrence__activity=activity, occurrence__start__gt=timezone.now()
    ).count()


def open_times(activity: Activity) -> QuerySet[Occurrence]:
    """The activity's times that have not begun, each with `taken` (its sign-ups)."""
    return (
        activity.occurrences.filter(start__gt=timezone.now())
        .annotate(taken=Count("signups"))
        .order_by("start")
    )


def occurrences_with_signups(activity: Activity) -> QuerySet[Occurrence]:
    """The activity's times still to come or with sign-ups, each with `taken` and its
    sign-ups in the order they came."""
    return (
        activity.occurrences.annotate(taken=Count("signups"))
        .filter(Q(end__gte=timezone.now()) | Q(taken__gt=0))
        .prefetch_related(Prefetch("signups", queryset=SignUp.objects.order_by("created_at", "pk")))
        .order_by("start")
    )
