"""Synthetic national-scale data for benchmarks (`manage.py seed_scale`).

Organisations are spread over all municipalities, with target groups, themes, the municipality
served and filled search columns, written with `bulk_create` in batches. Every synthetic
organisation has a slug starting with `SCALE_PREFIX`; a new run first deletes the previous set,
so running it again replaces rather than adds. The same seed gives the same data.

Then activities organised by them, one-off and repeating, until their occurrences number
`occurrences` (200,000 with the default 75,000 organisations), written the same way: the
activities, their many-to-many rows and their `Occurrence` rows directly (expanded with
`recurrence.expand`, search columns from `services.search_values`; PostgreSQL computes the
`search_vector` column itself). `feed_activities` of them (2,000 by default) are public activities
in Skien (`FEED_MUNICIPALITY`), so Skien's iCalendar feed has about that many events.
"""

import datetime
import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from samskap.activities import recurrence
from samskap.activities.models import Activity, CoOrganiser, Language, Occurrence, SignUp
from samskap.activities.recurrence import OSLO
from samskap.activities.services import search_values
from samskap.directory.models import (
    Membership,
    Organisation,
    RegisterUnit,
    TargetGroup,
    Theme,
)
from samskap.directory.orgnr import check_digit
from samskap.directory.services import organisation_search_values
from samskap.places.models import County, Municipality

from .activities_content import LIBRARY, VOLUNTARY, Idea
from .content import TEMPLATES

SCALE_PREFIX = "scale-"
DEFAULT_ORGANISATIONS = 75_000
DEFAULT_BATCH_SIZE = 5_000
# Per DEFAULT_ORGANISATIONS: occurrences of their activities, and activities in Skien.
DEFAULT_OCCURRENCES = 200_000
DEFAULT_FEED_ACTIVITIES = 2_000
FEED_MUNICIPALITY = "4003"
# Organisation numbers of synthetic organisations start here (demo ones lie at 92 000 000+).
FIRST_ORG_NUMBER = 80_000_000

# Name pattern → (template in content.TEMPLATES, relative frequency).
NAME_PATTERNS: list[tuple[str, str, float]] = [
    ("{place} Idrettslag", "idrettslag", 8),
    ("{place} IL", "idrettslag", 4),
    ("{place} Skolekorps", "korps", 3),
    ("{place} Musikkorps", "korps", 2),
    ("{place} Mannskor", "kor", 1.5),
    ("{place} Kammerkor", "kor", 1),
    ("{place} Historielag", "historielag", 2),
    ("{place} Bygdekvinnelag", "bygdekvinnelag", 1.5),
    ("{place} Ungdomslag", "ungdomslag", 1.5),
    ("{place} Husflidslag", "husflid", 1),
    ("{place} Sanitetsforening", "sanitet", 1.5),
    ("{place} Røde Kors", "rodekors", 1),
    ("{place} Turlag", "turlag", 1),
    ("{place} speidergruppe", "speider", 1.5),
    ("{place} Sjakklubb", "sjakk", 0.7),
    ("Mental Helse {place}", "mentalhelse", 0.5),
    ("Seniornett {place}", "seniornett", 0.5),
    ("Leser søker bok {place}", "lsb", 0.3),
    ("Foreningen Norden {place}", "norden", 0.3),
    ("LHL {place}", "lhl", 0.5),
    ("Norsk Folkehjelp {place}", "folkehjelp", 0.3),
    ("Redd Barna {place}", "reddbarna", 0.3),
    ("Frelsesarmeen {place}", "frelsesarmeen", 0.3),
    ("Kirkens Bymisjon {place}", "bymisjon", 0.1),
    ("Strikkekafé i {place}", "strikkekafe", 0.5),
    ("Leksehjelp i {place}", "leksehjelp", 0.5),
    ("Språkkafé i {place}", "spraakkafe", 0.5),
    ("Innvandrerforeningen i {place}", "innvandrer", 0.4),
    ("{place} Frivilligsentral", "frivilligsentral", 0.2),
    ("{place} bibliotek", "bibliotek", 0.4),
    ("Kulturenheten i {muni} kommune", "kultur", 0.15),
    ("Folkehelsekoordinator, {muni} kommune", "folkehelse", 0.15),
]
PLACE_STARTS = [
    "Bjørke",
    "Eike",
    "Furu",
    "Gran",
    "Lind",
    "Rogn",
    "Selje",
    "Hassel",
    "Stein",
    "Fjell",
    "Skog",
    "Sol",
    "Elve",
    "Sjø",
    "Myr",
    "Berg",
    "Haug",
    "Lia",
    "Dal",
    "Nord",
    "Sør",
    "Øst",
    "Vest",
    "Ås",
    "Bakke",
    "Strand",
    "Vik",
    "Holm",
    "Rud",
    "Nes",
]
PLACE_ENDS = [
    "lia",
    "dalen",
    "vik",
    "moen",
    "åsen",
    "haugen",
    "bakken",
    "rud",
    "stad",
    "nes",
    "holt",
    "strand",
    "berg",
    "bygd",
]
ORIGINS = [
    "Syria",
    "Somalia",
    "Polen",
    "Eritrea",
    "Afghanistan",
    "Ukraina",
    "Litauen",
    "Irak",
    "Vietnam",
    "Chile",
]
EXTRA_SENTENCES = (
    "Nye medlemmer er alltid velkomne.",
    "Vi møtes i grendehuset hver mandag kveld.",
    "Laget ble stiftet i {year}.",
    "Aktivitetene er gratis for barn og unge.",
    "Vi samarbeider med biblioteket og frivilligsentralen.",
    "Ta kontakt hvis du vil bli med!",
    "Vi har rundt {members} medlemmer.",
)


@dataclass
class ScaleResult:
    deleted: int = 0
    created: int = 0
    municipalities: int = 0
    deleted_activities: int = 0
    activities: int = 0
    occurrences: int = 0
    feed_activities: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def lap(self, phase: str, since: float) -> float:
        """Add the time since `since` to `phase`; returns now."""
        now = time.perf_counter()
        self.seconds[phase] = self.seconds.get(phase, 0.0) + now - since
        return now


def _delete_rows(queryset: QuerySet[Any]) -> int:
    """Delete the rows of `queryset` in one statement, without loading them (Django's
    collector loads every row and deletes them a hundred at a time: tens of seconds here)."""
    model = queryset.model
    qn = connection.ops.quote_name
    table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)
    sql, params = queryset.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {pk} IN ({sql})", params)  # noqa: S608
        return int(cursor.rowcount)


def delete_scale_data() -> tuple[int, int]:
    """Remove every synthetic organisation with its activities (their occurrences, sign-ups,
    co-organisers and relation rows), memberships and relation rows; returns how many
    organisations and activities went.

    Leaf rows go first, one statement each. An activity that is not synthetic but is held at a
    synthetic venue loses the venue (as `on_delete=SET_NULL` would); an invitation of a
    synthetic organisation to co-organise goes. Should another model point at organisations,
    the ORM's delete follows its on_delete rules for the organisations themselves.
    """
    scale = Organisation.objects.filter(slug__startswith=SCALE_PREFIX)
    activities = Activity.objects.filter(organiser__in=scale)
    _delete_rows(SignUp.objects.filter(occurrence__activity__in=activities))
    _delete_rows(Occurrence.objects.filter(activity__in=activities))
    for m2m in Activity._meta.many_to_many:
        through = m2m.remote_field.through
        if through is None or not through._meta.auto_created:
            continue
        _delete_rows(through._default_manager.filter(**{f"{m2m.m2m_field_name()}__in": activities}))
    _delete_rows(CoOrganiser.objects.filter(Q(activity__in=activities) | Q(organisation__in=scale)))
    Activity.objects.filter(venue__in=scale).exclude(organiser__in=scale).update(venue=None)
    deleted_activities = _delete_rows(activities)

    for m2m in Organisation._meta.many_to_many:
        through = m2m.remote_field.through
        if through is None:  # pragma: no cover - every ManyToManyField has one
            continue
        _delete_rows(through._default_manager.filter(**{f"{m2m.m2m_field_name()}__in": scale}))
    known: set[type[Model]] = {Membership, RegisterUnit, Activity, CoOrganiser}
    if {rel.related_model for rel in Organisation._meta.related_objects} - known:
        return scale.delete()[1].get(Organisation._meta.label, 0), deleted_activities
    _delete_rows(Membership.objects.filter(organisation__in=scale))
    _delete_rows(RegisterUnit.objects.filter(organisation__in=scale))
    table = connection.ops.quote_name(Organisation._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE slug LIKE %s",  # noqa: S608 - a quoted table name
            [f"{SCALE_PREFIX}%"],
        )
        return int(cursor.rowcount), deleted_activities


def _org_numbers(taken: set[str]) -> Iterator[str]:
    first = FIRST_ORG_NUMBER
    while True:
        digit = check_digit(str(first))
        if digit is not None and (number := f"{first}{digit}") not in taken:
            yield number
        first += 1


class _Generator:
    """Builds synthetic organisations (unsaved) with their target groups and themes."""

    def __init__(self, *, seed: int, taken_numbers: set[str]) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
        self.municipalities = list(Municipality.objects.order_by("number"))
        self.target_groups = list(TargetGroup.objects.order_by("position", "slug"))
        self.themes = list(Theme.objects.order_by("position", "slug"))
        if not self.municipalities or not self.target_groups or not self.themes:
            raise LookupError("Municipalities or taxonomies are missing. Run `manage.py migrate`.")
        self.target_group_by_slug = {t.slug: t for t in self.target_groups}
        self.theme_by_slug = {t.slug: t for t in self.themes}
        self.patterns = [(pattern, TEMPLATES[key]) for pattern, key, _ in NAME_PATTERNS]
        self.pattern_weights = [weight for *_, weight in NAME_PATTERNS]
        # Uneven sizes, as in reality; the first pass gives every municipality at least one.
        self.municipality_weights = [self.rng.lognormvariate(0, 1.2) for _ in self.municipalities]
        self.numbers = _org_numbers(taken_numbers)
        self.now = timezone.now()
        self.used_municipalities: set[str] = set()

    def organisation(self, index: int) -> tuple[Organisation, list[TargetGroup], list[Theme]]:
        rng = self.rng
        municipality = (
            self.municipalities[index]
            if index < len(self.municipalities)
            else rng.choices(self.municipalities, self.municipality_weights)[0]
        )
        self.used_municipalities.add(municipality.number)
        pattern, template = rng.choices(self.patterns, self.pattern_weights)[0]
        muni_name = municipality.name_norwegian
        place = (
            muni_name if rng.random() < 0.5 else rng.choice(PLACE_STARTS) + rng.choice(PLACE_ENDS)
        )
        description = template.nb.format(muni=muni_name, origin=rng.choice(ORIGINS))
        if rng.random() < 0.6:
            description += " " + rng.choice(EXTRA_SENTENCES).format(
                year=rng.randint(1880, 2023), members=rng.randint(12, 450)
            )
        org_number = None if template.informal else next(self.numbers)
        from_register = org_number is not None and rng.random() < 0.75
        org = Organisation(
            name=pattern.format(place=place, muni=muni_name),
            slug=f"{SCALE_PREFIX}{index + 1}",
            org_number=org_number,
            kind=template.kind,
            home_municipality=municipality,
            description=description,
            postal_place=place,
            public=rng.random() < 0.95,
            status=(
                Organisation.Status.INACTIVE if rng.random() < 0.02 else Organisation.Status.ACTIVE
            ),
            source=Organisation.Source.REGISTER if from_register else Organisation.Source.MANUAL,
            register_synced_at=self.now if from_register else None,
        )
        for name, value in organisation_search_values(org).items():
            setattr(org, name, value)
        groups = [self.target_group_by_slug[s] for s in template.target_groups]
        groups += rng.sample(self.target_groups, rng.randint(0, 1))
        themes = [
            self.theme_by_slug[s]
            for s in rng.sample(template.themes, rng.randint(1, len(template.themes)))
        ]
        themes += rng.sample(self.themes, rng.randint(0, 1))
        return org, list(dict.fromkeys(groups)), list(dict.fromkeys(themes))


def _write_batch(
    rows: list[tuple[Organisation, list[TargetGroup], list[Theme]]],
    *,
    batch_size: int,
    result: ScaleResult,
) -> None:
    clock = time.perf_counter()
    Organisation.objects.bulk_create([org for org, _, _ in rows], batch_size=batch_size)
    clock = result.lap("insert", clock)
    TargetGroupLink = Organisation.target_groups.through
    ThemeLink = Organisation.themes.through
    ServedLink = Organisation.municipalities_served.through
    TargetGroupLink.objects.bulk_create(
        [
            TargetGroupLink(organisation_id=org.pk, targetgroup_id=group.pk)
            for org, groups, _ in rows
            for group in groups
        ],
        batch_size=batch_size,
    )
    ThemeLink.objects.bulk_create(
        [
            ThemeLink(organisation_id=org.pk, theme_id=theme.pk)
            for org, _, ts in rows
            for theme in ts
        ],
        batch_size=batch_size,
    )
    ServedLink.objects.bulk_create(
        [
            ServedLink(organisation_id=org.pk, municipality_id=org.home_municipality_id)
            for org, _, _ in rows
        ],
        batch_size=batch_size,
    )
    result.lap("links", clock)


# --- Activities --------------------------------------------------------------------------------

# Every kind of activity of the demo, as the pool synthetic activities are drawn from.
IDEAS: list[Idea] = list(
    {
        idea.key + idea.title: idea
        for idea in [*LIBRARY, *(i for v in VOLUNTARY.values() for i in v)]
    }.values()
)
# Pattern → relative frequency (one-off, weekly, every other week, monthly on a weekday).
PATTERNS = {
    recurrence.Pattern.NONE: 35,
    recurrence.Pattern.WEEKLY: 35,
    recurrence.Pattern.BIWEEKLY: 15,
    recurrence.Pattern.MONTHLY_WEEKDAY: 15,
}
ACTIVITY_BATCH = 2_000  # activities per round of inserts


@dataclass
class _ActivityRow:
    activity: Activity
    target_groups: list[TargetGroup]
    themes: list[Theme]
    languages: list[Language]
    occurrences: list[recurrence.Occurrence]


class _ActivityGenerator:
    """Builds synthetic activities (unsaved) with their occurrences, all in the calendar's
    window: the first from four weeks ago, the last some months ahead."""

    def __init__(self, *, seed: int, organisers: list[Organisation]) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
        self.organisers = organisers
        self.in_feed_municipality = [
            o for o in organisers if o.home_municipality_id == FEED_MUNICIPALITY
        ] or organisers
        self.feed_municipality = Municipality.objects.select_related("county").get(
            number=FEED_MUNICIPALITY
        )
        self.target_groups = {t.slug: t for t in TargetGroup.objects.all()}
        self.themes = {t.slug: t for t in Theme.objects.all()}
        self.languages = {t.slug: t for t in Language.objects.all()}
        self.patterns = list(PATTERNS)
        self.pattern_weights = list(PATTERNS.values())
        self.today = timezone.localdate(timezone=OSLO)

    def activity(self, *, in_feed: bool, budget: int) -> _ActivityRow:
        """One activity with at most `budget` (≥ 1) occurrences; in Skien and published if
        `in_feed`."""
        rng = self.rng
        organiser = rng.choice(self.in_feed_municipality if in_feed else self.organisers)
        municipality = self.feed_municipality if in_feed else organiser.home_municipality
        assert municipality is not None  # noqa: S101 - synthetic organisations have one
        idea = rng.choice(IDEAS)
        pattern = rng.choices(self.patterns, self.pattern_weights)[0]
        first = self.today + datetime.timedelta(
            days=rng.randint(-28, 150) if not pattern else rng.randint(-28, 21)
        )
        start = datetime.datetime.combine(first, datetime.time(*idea.time), tzinfo=OSLO)
        start += datetime.timedelta(minutes=rng.choice((0, 0, 15, 30, -30, 60, -60)))
        end = start + datetime.timedelta(minutes=idea.minutes)
        until = first + datetime.timedelta(weeks=rng.randint(8, 30))
        rrule = recurrence.build_rrule(pattern, start=start, until=until)
        exdates: list[datetime.date] = []
        occurrences = recurrence.expand(rrule, start=start, end=end)
        if len(occurrences) > 3 and rng.random() < 0.1:
            exdates = [o.start.date() for o in rng.sample(occurrences[1:], rng.randint(1, 2))]
            skipped = set(exdates)
            occurrences = [o for o in occurrences if o.start.date() not in skipped]
        if len(occurrences) > budget:
            # End the series earlier, so the total comes out exactly as asked.
            occurrences = occurrences[:budget]
            last = occurrences[-1].start.date()
            rrule = recurrence.build_rrule(pattern, start=start, until=last) if budget > 1 else ""
            exdates = [d for d in exdates if d < last] if rrule else []
        roll = rng.random()
        status = Activity.Status.PUBLISHED
        if roll < 0.03:
            status = Activity.Status.CANCELLED
        elif roll < 0.06 and not in_feed:
            status = Activity.Status.DRAFT
        place = municipality.name_norwegian
        activity = Activity(
            uid=uuid.UUID(int=rng.getrandbits(128), version=4),
            organiser=organiser,
            title=idea.title if rng.random() < 0.7 else f"{idea.title} i {place}",
            description=idea.description,
            venue_name=idea.place or f"{place} bibliotek",
            postal_place=place,
            municipality=municipality,
            start=start,
            end=end,
            rrule=rrule,
            exdates=[d.isoformat() for d in sorted(exdates)],
            is_free=idea.price is None,
            price=Decimal(idea.price) if idea.price else None,
            price_details=idea.price_details,
            signup=idea.signup,
            signup_url="https://billett.example.org/scale" if idea.signup == "link" else "",
            capacity=idea.capacity if idea.signup == "platform" else None,
            step_free=idea.step_free,
            hearing_loop=idea.hearing_loop,
            sign_language=idea.sign_language,
            status=status,
            cancel_reason="Avlyst." if status == Activity.Status.CANCELLED else "",
            hidden_at=timezone.now() if not in_feed and roll > 0.998 else None,
        )
        for name, value in search_values(activity).items():
            setattr(activity, name, value)
        groups = [self.target_groups[s] for s in idea.target_groups]
        themes = [self.themes[s] for s in idea.themes]
        themes += rng.sample(list(self.themes.values()), rng.randint(0, 1))
        languages = [self.languages[s] for s in idea.languages]
        return _ActivityRow(activity, groups, list(dict.fromkeys(themes)), languages, occurrences)


def _write_activities(rows: list[_ActivityRow], *, batch_size: int, result: ScaleResult) -> None:
    clock = time.perf_counter()
    Activity.objects.bulk_create([row.activity for row in rows], batch_size=batch_size)
    clock = result.lap("activities", clock)
    for name, attribute in (
        ("target_groups", "targetgroup_id"),
        ("themes", "theme_id"),
        ("languages", "language_id"),
    ):
        through = getattr(Activity, name).through
        through.objects.bulk_create(
            [
                through(activity_id=row.activity.pk, **{attribute: term.pk})
                for row in rows
                for term in getattr(row, name)
            ],
            batch_size=batch_size,
        )
    clock = result.lap("activity links", clock)
    Occurrence.objects.bulk_create(
        [
            Occurrence(activity_id=row.activity.pk, start=o.start, end=o.end)
            for row in rows
            for o in row.occurrences
        ],
        batch_size=batch_size,
    )
    result.lap("occurrences", clock)


def seed_scale_activities(
    organisers: list[Organisation],
    *,
    occurrences: int,
    feed_activities: int,
    seed: int,
    batch_size: int,
    result: ScaleResult,
    say: Callable[[str], None],
) -> None:
    """Activities by `organisers` until their occurrences number exactly `occurrences`, the
    first `feed_activities` of them in Skien."""
    if not organisers or occurrences <= 0:
        return
    generator = _ActivityGenerator(seed=seed, organisers=organisers)
    rows: list[_ActivityRow] = []
    while result.occurrences < occurrences:
        clock = time.perf_counter()
        in_feed = result.activities < feed_activities
        row = generator.activity(in_feed=in_feed, budget=occurrences - result.occurrences)
        result.lap("build activities", clock)
        rows.append(row)
        result.activities += 1
        result.feed_activities += in_feed
        result.occurrences += len(row.occurrences)
        if len(rows) >= ACTIVITY_BATCH or result.occurrences >= occurrences:
            _write_activities(rows, batch_size=batch_size, result=result)
            rows = []
            say(f"{result.occurrences} of {occurrences} occurrences written.")


def seed_scale(
    *,
    organisations: int = DEFAULT_ORGANISATIONS,
    seed: int = 0,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[str], None] | None = None,
    occurrences: int | None = None,
    feed_activities: int | None = None,
) -> ScaleResult:
    """Replace the synthetic organisations with `organisations` new ones and their activities,
    in one transaction. Without `occurrences` and `feed_activities`, they scale with the
    organisations (200,000 and 2,000 per 75,000)."""
    if occurrences is None:
        occurrences = round(DEFAULT_OCCURRENCES * organisations / DEFAULT_ORGANISATIONS)
    if feed_activities is None:
        feed_activities = round(DEFAULT_FEED_ACTIVITIES * organisations / DEFAULT_ORGANISATIONS)
    result = ScaleResult()
    say = progress or (lambda message: None)
    start = clock = time.perf_counter()
    with transaction.atomic():
        result.deleted, result.deleted_activities = delete_scale_data()
        clock = result.lap("delete", clock)
        say(
            f"Deleted {result.deleted} earlier synthetic organisations and "
            f"{result.deleted_activities} activities."
        )
        taken = {
            number for number in Organisation.objects.values_list("org_number", flat=True) if number
        }
        generator = _Generator(seed=seed, taken_numbers=taken)
        organisers: list[Organisation] = []
        for first in range(0, organisations, batch_size):
            last = min(organisations, first + batch_size)
            clock = time.perf_counter()
            rows = [generator.organisation(index) for index in range(first, last)]
            result.lap("build", clock)
            _write_batch(rows, batch_size=batch_size, result=result)
            organisers.extend(org for org, _, _ in rows if org.is_public_profile)
            result.created = last
            say(f"{last} of {organisations} organisations written.")
        result.municipalities = len(generator.used_municipalities)
        seed_scale_activities(
            organisers,
            occurrences=occurrences,
            feed_activities=feed_activities,
            seed=seed + 1,
            batch_size=batch_size,
            result=result,
            say=say,
        )
        clock = time.perf_counter()
    # Deferred foreign-key checks run at commit.
    clock = result.lap("commit", clock)
    if connection.vendor == "postgresql":
        _vacuum_analyze(
            [
                Organisation,
                Organisation.target_groups.through,
                Organisation.themes.through,
                Organisation.municipalities_served.through,
                # Joined by the directory's queries; their statistics matter as much.
                Municipality,
                County,
                Activity,
                Occurrence,
                Activity.target_groups.through,
                Activity.themes.through,
                Activity.languages.through,
                CoOrganiser,
            ]
        )
        result.lap("vacuum", clock)
    result.seconds["total"] = time.perf_counter() - start
    return result


def _vacuum_analyze(models: list[type[Any]]) -> None:
    """Fresh planner statistics, so benchmarks see the plans production would, and (outside a
    transaction) the deleted set's dead rows reclaimed, so repeated runs stay as fast."""
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in models:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"{command} {table}")  # noqa: S608 - a quoted table name
