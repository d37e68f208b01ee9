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

from django.db import connection, transaction
from django.utils import timezone, translation

from samskap.directory.models import Organisation, TargetGroup, Theme
from samskap.directory.orgnr import check_digit
from samskap.directory.services import organisation_search_values
from samskap.places.models import Municipality

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
PLACE_STARTS = (
    "Bjørke Eike Furu Gran Lind Rogn Selje Hassel Stein Fjell Skog Sol Elve Sjø Myr Berg "
    "Haug Lia Dal Nord Sør Øst Vest Ås Bakke Strand Vik Holm Rud Nes"
).split()
PLACE_ENDS = "lia dalen vik moen åsen haugen bakken rud stad nes holt strand berg bygd".split()
ORIGINS = "Syria Somalia Polen Eritrea Afghanistan Ukraina Litauen Irak Vietnam Chile".split()
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


def delete_scale_data() -> int:
    """Remove every synthetic organisation (and, through the cascade, their relations)."""
    deleted, per_model = Organisation.objects.filter(slug__startswith=SCALE_PREFIX).delete()
    return per_model.get(Organisation._meta.label, 0)


def _org_numbers(taken: set[str]) -> Iterator[str]:
    first = FIRST_ORG_NUMBER
    while True:
        digit = check_digit(str(first))
        if digit is not None and (number := f"{first}{digit}") not in taken:
            yield number
        first += 1


def seed_scale(
    *,
    organisations: int = DEFAULT_ORGANISATIONS,
    seed: int = 0,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[str], None] | None = None,
) -> ScaleResult:
    """Replace the synthetic organisations with `organisations` new ones."""
    result = ScaleResult()
    say = progress or (lambda message: None)
    clock = time.perf_counter()
    rng = random.Random(seed)
    municipalities = list(Municipality.objects.order_by("number"))
    target_groups = list(TargetGroup.objects.order_by("position", "slug"))
    themes = list(Theme.objects.order_by("position", "slug"))
    if not municipalities or not target_groups or not themes:
        raise LookupError("Municipalities or taxonomies are missing. Run `manage.py migrate`.")
    target_group_by_slug = {t.slug: t for t in target_groups}
    theme_by_slug = {t.slug: t for t in themes}
    patterns = [(pattern, TEMPLATES[key]) for pattern, key, _ in NAME_PATTERNS]
    weights = [weight for *_, weight in NAME_PATTERNS]
    # Uneven sizes, as in reality; the first pass gives every municipality at least one.
    municipality_weights = [rng.lognormvariate(0, 1.2) for _ in municipalities]
    now = timezone.now()

    TargetGroupLink = Organisation.target_groups.through
    ThemeLink = Organisation.themes.through
    ServedLink = Organisation.municipalities_served.through

    with transaction.atomic(), translation.override("nb"):
        result.deleted = delete_scale_data()
        result.seconds["delete"] = time.perf_counter() - clock
        say(f"Deleted {result.deleted} earlier synthetic organisations.")
        taken = set(
            Organisation.objects.exclude(org_number=None).values_list("org_number", flat=True)
        )
        numbers = _org_numbers(taken)
        used_municipalities: set[str] = set()
        for start in range(0, organisations, batch_size):
            stop = min(organisations, start + batch_size)
            batch_clock = time.perf_counter()
            batch: list[Organisation] = []
            links: list[tuple[list[TargetGroup], list[Theme]]] = []
            for index in range(start, stop):
                municipality = (
                    municipalities[index]
                    if index < len(municipalities)
                    else rng.choices(municipalities, municipality_weights)[0]
                )
                used_municipalities.add(municipality.number)
                pattern, template = rng.choices(patterns, weights)[0]
                muni_name = municipality.name_norwegian
                place = (
                    muni_name
                    if rng.random() < 0.5
                    else rng.choice(PLACE_STARTS) + rng.choice(PLACE_ENDS)
                )
                description = template.nb.format(muni=muni_name, origin=rng.choice(ORIGINS))
                if rng.random() < 0.6:
                    description += " " + rng.choice(EXTRA_SENTENCES).format(
                        year=rng.randint(1880, 2023), members=rng.randint(12, 450)
                    )
                from_register = rng.random() < 0.7
                org = Organisation(
                    name=pattern.format(place=place, muni=muni_name),
                    slug=f"{SCALE_PREFIX}{index + 1}",
                    org_number=None if template.informal else next(numbers),
                    kind=template.kind,
                    home_municipality=municipality,
                    description=description,
                    postal_place=place,
                    public=rng.random() < 0.95,
                    status=(
                        Organisation.Status.INACTIVE
                        if rng.random() < 0.02
                        else Organisation.Status.ACTIVE
                    ),
                    source=(
                        Organisation.Source.REGISTER if from_register else Organisation.Source.MANUAL
                    ),
                    register_synced_at=now if from_register else None,
                )
                for name, value in organisation_search_values(org).items():
                    setattr(org, name, value)
                batch.append(org)
                groups = [target_group_by_slug[s] for s in template.target_groups]
                groups += rng.sample(target_groups, rng.randint(0, 1))
                picked = rng.sample(template.themes, rng.randint(1, len(template.themes)))
                org_themes = [theme_by_slug[s] for s in picked]
                org_themes += rng.sample(themes, rng.randint(0, 1))
                links.append((list(dict.fromkeys(groups)), list(dict.fromkeys(org_themes))))
            built = time.perf_counter()
            result.seconds["build"] = result.seconds.get("build", 0) + built - batch_clock
            Organisation.objects.bulk_create(batch, batch_size=batch_size)
            inserted = time.perf_counter()
            result.seconds["insert"] = result.seconds.get("insert", 0) + inserted - built
            TargetGroupLink.objects.bulk_create(
                [
                    TargetGroupLink(organisation_id=org.pk, targetgroup_id=group.pk)
                    for org, (groups, _) in zip(batch, links, strict=True)
                    for group in groups
                ],
                batch_size=batch_size,
            )
            ThemeLink.objects.bulk_create(
                [
                    ThemeLink(organisation_id=org.pk, theme_id=theme.pk)
                    for org, (_, org_themes) in zip(batch, links, strict=True)
                    for theme in org_themes
                ],
                batch_size=batch_size,
            )
            ServedLink.objects.bulk_create(
                [
                    ServedLink(organisation_id=org.pk, municipality_id=org.home_municipality_id)
                    for org in batch
                ],
                batch_size=batch_size,
            )
            result.seconds["links"] = (
                result.seconds.get("links", 0) + time.perf_counter() - inserted
            )
            result.created = stop
            say(f"{stop} of {organisations} organisations written.")
        result.municipalities = len(used_municipalities)
    result.seconds["write"] = time.perf_counter() - clock - result.seconds["delete"]
    if connection.vendor == "postgresql":
        # Fresh planner statistics, so the benchmarks see the plans production would.
        with connection.cursor() as cursor:
            for model in (Organisation, TargetGroupLink, ThemeLink, ServedLink):
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"ANALYZE {table}")  # noqa: S608 - a quoted table name
    result.seconds["total"] = time.perf_counter() - clock
    return result
