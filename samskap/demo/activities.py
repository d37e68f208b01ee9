"""The demo's activities: a few hundred in Vestfold and Telemark over the coming months.

`demo_activities(week)` turns `activities_content.py` into specifications, a pure function of the
Monday of the week the seed runs in: the programme (who runs what, on which weekday, how often,
for how long) is drawn from a fixed random seed, and only the dates move with the week, so the
demo is never stale and running the seed again in the same week changes nothing. A later week
moves the dates: the activities are updated in place (each keeps its calendar identifier, a
UUID derived from its natural key `organiser-slug/idea-key`), never duplicated.

`seed_activities` writes them with plain ORM calls and `activity_refresh_derived` (occurrences
and search columns), only where something differs from what is stored.
"""

import datetime
import random
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dateutil.easter import easter
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify

from samskap.accounts.models import User
from samskap.activities import recurrence
from samskap.activities.models import Activity, CoOrganiser, Language, Occurrence, SignUp
from samskap.activities.recurrence import OSLO
from samskap.activities.services import activity_refresh_derived
from samskap.directory.models import Kind, Organisation, TargetGroup, Theme
from samskap.places.models import Municipality

from .activities_content import (
    ALWAYS,
    CANCEL_REASONS,
    CO_ORGANISERS,
    EXTRA,
    LIBRARY,
    ORIGIN_LANGUAGE,
    SIGNUP_NAMES,
    VOLUNTARY,
    Idea,
)
from .content import DEMO_EMAIL_DOMAIN, MUNICIPALITIES, NYNORSK, demo_organisations, demo_slug
from .content import VOLUNTARY as VOLUNTARY_ORGANISATIONS
from .rows import CREATED, UNCHANGED, UPDATED, Summary, assign, by_slug, sync_m2m

# Calendar identifiers of demo activities: uuid5(DEMO_NAMESPACE, "organiser-slug/idea-key").
DEMO_NAMESPACE = uuid.UUID("5a3c0f0e-6d1b-4c39-9a55-2f1d5e8b7a40")
PROGRAMME_SEED = 2021  # the year of the first co-creation arenas
COORDINATOR_OF = {
    "39": f"koordinator.vestfold@{DEMO_EMAIL_DOMAIN}",
    "40": f"koordinator.telemark@{DEMO_EMAIL_DOMAIN}",
}
# The organisation whose members the demo's member and organisation admin users are.
CREATED_BY = {"skien-rode-kors": f"member@{DEMO_EMAIL_DOMAIN}"}
FULL = frozenset({"seniornett-skien/bankid"})  # sign-up activities that are fully booked


@dataclass(frozen=True)
class ActivitySpec:
    key: str
    organiser: str
    municipality: str
    title: str
    description: str
    venue: str | None
    venue_name: str
    street_address: str
    postal_place: str
    start: datetime.datetime
    end: datetime.datetime
    rrule: str
    exdates: tuple[str, ...]
    occurrences: int
    target_groups: tuple[str, ...]
    themes: tuple[str, ...]
    languages: tuple[str, ...]
    price: Decimal | None
    price_details: str
    signup: str
    signup_url: str
    capacity: int | None
    step_free: bool
    hearing_loop: bool
    sign_language: bool
    status: str
    cancel_reason: str
    hidden_reason: str
    co_organisers: tuple[tuple[str, str], ...]
    signups: int

    @property
    def uid(self) -> uuid.UUID:
        return uuid.uuid5(DEMO_NAMESPACE, self.key)


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of `day`'s week."""
    return day - datetime.timedelta(days=day.weekday())


def this_week() -> datetime.date:
    return week_of(timezone.localdate(timezone=OSLO))


def school_holiday(day: datetime.date) -> bool:
    """Whether `day` is in a school holiday in Vestfold and Telemark (roughly: autumn break
    in week 40, Christmas, winter break in week 8, Easter week, summer)."""
    week = day.isocalendar().week
    if week in (8, 40) and day.weekday() < 5:
        return True
    if (day.month == 12 and day.day >= 21) or (day.month == 1 and day.day <= 2):
        return True
    easter_sunday = easter(day.year)
    if easter_sunday - datetime.timedelta(days=6) <= day <= easter_sunday + datetime.timedelta(1):
        return True
    return (day.month, day.day) >= (6, 20) and (day.month, day.day) <= (8, 16)


# --- Specifications ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Organiser:
    slug: str
    municipality: str
    ideas: tuple[Idea, ...]
    how_many: tuple[int, int]
    origin: str = ""


def _organisers() -> list[_Organiser]:
    """The demo's public organisations that run activities, with what they may run."""
    voluntary = {demo_slug(name): (key, opts) for _m, name, key, opts in VOLUNTARY_ORGANISATIONS}
    organisers = []
    for spec in demo_organisations():
        if not spec.public:
            continue
        if spec.kind in (Kind.LIBRARY, Kind.LIBRARY_BRANCH):
            if spec.name.endswith("fylkesbibliotek"):
                continue
            organisers.append(_Organiser(spec.slug, spec.municipality, tuple(LIBRARY), (4, 5)))
        elif spec.kind == Kind.VOLUNTEER_CENTRE:
            ideas = tuple(VOLUNTARY["frivilligsentral"])
            organisers.append(_Organiser(spec.slug, spec.municipality, ideas, (2, 2)))
        elif spec.kind == Kind.CULTURE:
            ideas = tuple(VOLUNTARY["kultur"])
            organisers.append(_Organiser(spec.slug, spec.municipality, ideas, (1, 1)))
        elif spec.slug in voluntary:
            key, options = voluntary[spec.slug]
            ideas = tuple(VOLUNTARY.get(key, ()))
            if ideas:
                origin = str(options.get("origin", ""))
                organisers.append(
                    _Organiser(spec.slug, spec.municipality, ideas, (1, len(ideas)), origin)
                )
    return organisers


def _libraries() -> dict[str, str]:
    """Municipality number → slug of its public library (the venue of its activities)."""
    return {
        spec.municipality: spec.slug
        for spec in demo_organisations()
        if spec.kind in (Kind.LIBRARY, Kind.LIBRARY_BRANCH)
        and not spec.name.endswith("fylkesbibliotek")
    }


def _programme(rng: random.Random) -> list[tuple[_Organiser, Idea, dict[str, str]]]:
    """Who runs what: the same on every run."""
    chosen: list[tuple[_Organiser, Idea, dict[str, str]]] = []
    organisers = _organisers()
    for organiser in organisers:
        always = [i for i in organiser.ideas if i.key in ALWAYS.get(organiser.slug, ())]
        rest = [i for i in organiser.ideas if i not in always]
        count = max(len(always), rng.randint(*organiser.how_many))
        picked = always + rng.sample(rest, min(len(rest), count - len(always)))
        chosen.extend((organiser, idea, {}) for idea in picked)
    by_slug = {o.slug: o for o in organisers}
    for slug, idea, options in EXTRA:
        if slug not in by_slug:
            raise ImproperlyConfigured(f"The demo activity {idea.key} has no organiser {slug}.")
        chosen.append((by_slug[slug], idea, options))
    return chosen


def demo_activities(week: datetime.date) -> list[ActivitySpec]:
    """Every activity of the demo for a seed run in the week starting on Monday `week`."""
    rng = random.Random(PROGRAMME_SEED)  # noqa: S311 - demo data, not security
    libraries = _libraries()
    specs = []
    for index, (organiser, idea, options) in enumerate(_programme(rng)):
        # Draw the same numbers for every idea, so one change does not reshuffle the rest.
        first_week, series_weeks, one_off_week = (
            rng.randint(-3, 1),
            rng.randint(12, 24),
            rng.randint(1, 16),
        )
        specs.append(
            _spec(
                index,
                organiser,
                idea,
                options,
                week=week,
                library=libraries[organiser.municipality],
                first_week=first_week if idea.pattern else one_off_week,
                series_weeks=series_weeks,
            )
        )
    return specs


def _spec(
    index: int,
    organiser: _Organiser,
    idea: Idea,
    options: Mapping[str, str],
    *,
    week: datetime.date,
    library: str,
    first_week: int,
    series_weeks: int,
) -> ActivitySpec:
    key = f"{organiser.slug}/{idea.key}"
    municipality = organiser.municipality
    nynorsk = municipality in NYNORSK
    day = week + datetime.timedelta(weeks=first_week, days=idea.weekday)
    start = datetime.datetime.combine(day, datetime.time(*idea.time), tzinfo=OSLO)
    end = start + datetime.timedelta(minutes=idea.minutes)
    until = day + datetime.timedelta(weeks=series_weeks)
    rrule = recurrence.build_rrule(idea.pattern, start=start, until=until)
    exdates: list[datetime.date] = []
    if rrule:
        dates = [o.start.date() for o in recurrence.expand(rrule, start=start, end=end)]
        if idea.school_term:
            exdates = [d for d in dates if school_holiday(d)]
        if index % 7 == 3 and len(dates) > 4:
            exdates.append(dates[3])  # the leader is away that day
        if len(exdates) >= len(dates):
            exdates = []
    occurrences = recurrence.validate(rrule, start=start, end=end, exdates=exdates)

    status = options.get("status", Activity.Status.PUBLISHED)
    cancel_reason = ""
    if "status" not in options:
        if not rrule and index % 17 == 5:
            status = Activity.Status.CANCELLED
        elif index % 53 == 7:
            status = Activity.Status.DRAFT
    if status == Activity.Status.CANCELLED:
        cancel_reason = CANCEL_REASONS[index % len(CANCEL_REASONS)]

    languages = idea.languages
    if organiser.origin in ORIGIN_LANGUAGE:
        languages = ("nb", ORIGIN_LANGUAGE[organiser.origin])
    capacity = idea.capacity if idea.signup == Activity.SignUp.PLATFORM else None
    signups = 0
    if capacity and status == Activity.Status.PUBLISHED:
        signups = capacity if key in FULL else min(capacity - 1, 2 + index % 6)
    at_library = not idea.place
    return ActivitySpec(
        key=key,
        organiser=organiser.slug,
        municipality=municipality,
        title=(idea.title_nn or idea.title) if nynorsk else idea.title,
        description=(idea.description_nn or idea.description) if nynorsk else idea.description,
        venue=library if at_library else None,
        venue_name="" if at_library else idea.place,
        street_address=idea.street_address,
        postal_place=MUNICIPALITIES[municipality][1],
        start=start,
        end=end,
        rrule=rrule,
        exdates=tuple(d.isoformat() for d in sorted(set(exdates))),
        occurrences=len(occurrences),
        target_groups=idea.target_groups,
        themes=idea.themes,
        languages=languages,
        price=Decimal(idea.price) if idea.price else None,
        price_details=idea.price_details,
        signup=idea.signup,
        signup_url=(
            f"https://billett.example.org/{organiser.slug}/{idea.key}"
            if idea.signup == Activity.SignUp.LINK
            else ""
        ),
        capacity=capacity,
        step_free=idea.step_free,
        hearing_loop=idea.hearing_loop,
        sign_language=idea.sign_language,
        status=status,
        cancel_reason=cancel_reason,
        hidden_reason=options.get("hidden", ""),
        co_organisers=CO_ORGANISERS.get((organiser.slug, idea.key), ()),
        signups=signups,
    )


# --- Writing ---------------------------------------------------------------------------------

M2M = ("target_groups", "themes", "languages")


def seed_activities(
    summary: Summary,
    organisations: Mapping[str, Organisation],
    users: Mapping[str, User],
    *,
    week: datetime.date | None = None,
) -> list[Activity]:
    """Create or bring up to date the demo's activities, their co-organisers and sign-ups."""
    week = week or this_week()
    specs = demo_activities(week)
    slugs = {s.organiser for s in specs} | {o for s in specs for o, _ in s.co_organisers}
    missing = slugs - organisations.keys()
    if missing:
        raise ImproperlyConfigured(f"Demo organisations missing: {', '.join(sorted(missing))}.")
    venues = {s.venue for s in specs if s.venue}
    organisations = {**organisations, **by_slug(Organisation, venues - organisations.keys())}
    municipalities = Municipality.objects.in_bulk({s.municipality for s in specs})
    terms: dict[str, Mapping[str, Any]] = {
        "target_groups": by_slug(TargetGroup, (t for s in specs for t in s.target_groups)),
        "themes": by_slug(Theme, (t for s in specs for t in s.themes)),
        "languages": by_slug(Language, (t for s in specs for t in s.languages)),
    }
    existing: dict[uuid.UUID, Activity] = {
        a.uid: a
        for a in Activity.objects.filter(uid__in=[s.uid for s in specs])
        .annotate(stored_occurrences=Count("occurrences"))
        .prefetch_related(*M2M, "co_organiser_links")
    }
    now = timezone.now()
    activities: list[Activity] = []
    new_links: dict[str, list[Any]] = {name: [] for name in M2M}
    for spec in specs:
        found = existing.get(spec.uid)
        created = found is None
        activity = found or Activity(
            uid=spec.uid, created_by=users.get(CREATED_BY.get(spec.organiser, ""))
        )
        values = _values(spec, organisations, municipalities)
        hidden_by = users.get(COORDINATOR_OF[spec.municipality[:2]])
        if spec.hidden_reason and activity.hidden_at is None:
            values |= {"hidden_at": now, "hidden_by_id": hidden_by.pk if hidden_by else None}
        elif not spec.hidden_reason:
            values |= {"hidden_at": None, "hidden_by_id": None}
        changed = assign(activity, values)
        # The related objects themselves, for the search columns (no query each).
        activity.organiser = organisations[spec.organiser]
        activity.municipality = municipalities[spec.municipality]
        activity.venue = organisations[spec.venue] if spec.venue else None
        if changed and not created:
            activity.sequence += 1
            activity.updated_at = now
        if created or changed:
            # Foreign keys come from rows just read, the times from `recurrence.validate`
            # and the database checks its constraints: only the fields' own rules are left.
            activity.full_clean(
                exclude=["organiser", "venue", "municipality", "hidden_by", "created_by"],
                validate_unique=False,
                validate_constraints=False,
            )
            activity.save()
        wanted = {name: [terms[name][slug] for slug in getattr(spec, name)] for name in M2M}
        for name, objects in wanted.items():
            if created:
                through = getattr(Activity, name).through
                target = Activity._meta.get_field(name).m2m_reverse_field_name()  # type: ignore[union-attr]
                new_links[name].extend(
                    through(activity_id=activity.pk, **{f"{target}_id": obj.pk}) for obj in objects
                )
            else:
                changed |= sync_m2m(getattr(activity, name), objects)
        stored = 0 if created else getattr(activity, "stored_occurrences", 0)
        if created or changed or stored != spec.occurrences:
            activity_refresh_derived(activity)
        changed |= _seed_co_organisers(summary, activity, spec, organisations, created=created)
        summary.add("Activities", CREATED if created else UPDATED if changed else UNCHANGED)
        activities.append(activity)
    for name, rows in new_links.items():
        getattr(Activity, name).through.objects.bulk_create(rows)
    _seed_signups(summary, specs, activities, week)
    return activities


def _values(
    spec: ActivitySpec,
    organisations: Mapping[str, Organisation],
    municipalities: Mapping[str, Municipality],
) -> dict[str, Any]:
    return {
        "organiser_id": organisations[spec.organiser].pk,
        "title": spec.title,
        "description": spec.description,
        "venue_id": organisations[spec.venue].pk if spec.venue else None,
        "venue_name": spec.venue_name,
        "street_address": spec.street_address,
        "postal_code": "",
        "postal_place": spec.postal_place,
        "municipality_id": spec.municipality,
        "start": spec.start,
        "end": spec.end,
        "rrule": spec.rrule,
        "exdates": list(spec.exdates),
        "is_free": spec.price is None,
        "price": spec.price,
        "price_details": spec.price_details,
        "signup": spec.signup,
        "signup_url": spec.signup_url,
        "capacity": spec.capacity,
        "step_free": spec.step_free,
        "hearing_loop": spec.hearing_loop,
        "sign_language": spec.sign_language,
        "status": spec.status,
        "cancel_reason": spec.cancel_reason,
        "hidden_reason": spec.hidden_reason,
    }


def _seed_co_organisers(
    summary: Summary,
    activity: Activity,
    spec: ActivitySpec,
    organisations: Mapping[str, Organisation],
    *,
    created: bool,
) -> bool:
    """Make the activity's co-organisers those of the spec; whether anything changed."""
    links = (
        {}
        if created
        else {link.organisation_id: link for link in activity.co_organiser_links.all()}
    )
    changed = False
    wanted = set()
    for slug, status in spec.co_organisers:
        organisation = organisations[slug]
        wanted.add(organisation.pk)
        link = links.get(organisation.pk)
        decided = status != CoOrganiser.Status.PENDING
        if link is None:
            CoOrganiser.objects.create(
                activity=activity,
                organisation=organisation,
                status=status,
                decided_at=activity.created_at if decided else None,
            )
            summary.add("Activity co-organisers", CREATED)
            changed = True
        elif link.status != status:
            link.status = status
            link.decided_at = timezone.now() if decided else None
            link.save(update_fields=["status", "decided_at"])
            summary.add("Activity co-organisers", UPDATED)
            changed = True
        else:
            summary.add("Activity co-organisers", UNCHANGED)
    stale = [pk for pk in links if pk not in wanted]
    if stale:
        CoOrganiser.objects.filter(activity=activity, organisation_id__in=stale).delete()
        changed = True
    return changed


def signup_email(name: str) -> str:
    return f"{slugify(name).replace('-', '.')}@example.no"


def _seed_signups(
    summary: Summary,
    specs: Iterable[ActivitySpec],
    activities: Iterable[Activity],
    week: datetime.date,
) -> None:
    """Sign-ups from made-up residents for the first occurrence from next week on of each
    activity with sign-up on the platform (next week: the same occurrence all this week)."""
    wanted = {a.pk: s.signups for s, a in zip(specs, activities, strict=True) if s.signups}
    threshold = datetime.datetime.combine(
        week + datetime.timedelta(weeks=1), datetime.time.min, tzinfo=OSLO
    )
    first: dict[int, Occurrence] = {}
    for occurrence in Occurrence.objects.filter(
        activity_id__in=wanted, start__gte=threshold
    ).order_by("activity_id", "start"):
        first.setdefault(occurrence.activity_id, occurrence)
    taken = set(
        SignUp.objects.filter(occurrence__in=list(first.values())).values_list(
            "occurrence_id", "email"
        )
    )
    new = []
    for activity_id, count in wanted.items():
        if activity_id not in first:
            continue
        occurrence = first[activity_id]
        for name in SIGNUP_NAMES[:count]:
            email = signup_email(name)
            if (occurrence.pk, email) in taken:
                summary.add("Activity sign-ups", UNCHANGED)
                continue
            new.append(SignUp(occurrence=occurrence, name=name, email=email, language="nb"))
            summary.add("Activity sign-ups", CREATED)
    SignUp.objects.bulk_create(new)
