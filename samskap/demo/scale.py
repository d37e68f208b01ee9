"""Synthetic national-scale directory data for benchmarks (`manage.py seed_scale`).

Organisations are spread over all municipalities, with target groups, themes, the municipality
served and filled search columns, written with `bulk_create` in batches. Every synthetic
organisation has a slug starting with `SCALE_PREFIX`; a new run first deletes the previous set,
so running it again replaces rather than adds. The same seed gives the same data.
"""

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from samskap.directory.models import Membership, Organisation, TargetGroup, Theme
from samskap.directory.orgnr import check_digit
from samskap.directory.services import organisation_search_values
from samskap.places.models import County, Municipality

from .content import TEMPLATES

SCALE_PREFIX = "scale-"
DEFAULT_ORGANISATIONS = 75_000
DEFAULT_BATCH_SIZE = 5_000
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
    seconds: dict[str, float] = field(default_factory=dict)

    def lap(self, phase: str, since: float) -> float:
        """Add the time since `since` to `phase`; returns now."""
        now = time.perf_counter()
        self.seconds[phase] = self.seconds.get(phase, 0.0) + now - since
        return now


def delete_scale_data() -> int:
    """Remove every synthetic organisation with its memberships and relation rows.

    Deleting 75,000 rows through Django's collector takes over ten seconds (it loads every
    row and deletes them a hundred at a time), so while memberships are the only rows that point
    at organisations, the relation rows and then the organisations go in one statement each.
    Should another app point at organisations, the ORM's delete follows its on_delete rules.
    """
    scale = Organisation.objects.filter(slug__startswith=SCALE_PREFIX)
    for m2m in Organisation._meta.many_to_many:
        through = m2m.remote_field.through
        if through is None:  # pragma: no cover - every ManyToManyField has one
            continue
        through._default_manager.filter(**{f"{m2m.m2m_field_name()}__in": scale}).delete()
    if {rel.related_model for rel in Organisation._meta.related_objects} != {Membership}:
        return scale.delete()[1].get(Organisation._meta.label, 0)
    Membership.objects.filter(organisation__in=scale).delete()
    table = connection.ops.quote_name(Organisation._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE slug LIKE %s",  # noqa: S608 - a quoted table name
            [f"{SCALE_PREFIX}%"],
        )
        return cursor.rowcount


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


def seed_scale(
    *,
    organisations: int = DEFAULT_ORGANISATIONS,
    seed: int = 0,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[str], None] | None = None,
) -> ScaleResult:
    """Replace the synthetic organisations with `organisations` new ones, in one transaction."""
    result = ScaleResult()
    say = progress or (lambda message: None)
    start = clock = time.perf_counter()
    with transaction.atomic():
        result.deleted = delete_scale_data()
        clock = result.lap("delete", clock)
        say(f"Deleted {result.deleted} earlier synthetic organisations.")
        taken = {
            number for number in Organisation.objects.values_list("org_number", flat=True) if number
        }
        generator = _Generator(seed=seed, taken_numbers=taken)
        for first in range(0, organisations, batch_size):
            last = min(organisations, first + batch_size)
            clock = time.perf_counter()
            rows = [generator.organisation(index) for index in range(first, last)]
            result.lap("build", clock)
            _write_batch(rows, batch_size=batch_size, result=result)
            result.created = last
            say(f"{last} of {organisations} organisations written.")
        result.municipalities = len(generator.used_municipalities)
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
