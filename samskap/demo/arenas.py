"""The demo's co-creation arenas: the two digital arenas of 2021 and one coming up.

`demo_arena_plans()` turns `arenas_content.py` into plans, a pure function drawn from fixed
random seeds: who registered (people of the demo directory's libraries, municipal services,
volunteer centres and voluntary organisations, plus a few informal groups), who came, the
breakout groups (`arenas.breakouts.assign_groups` over those who came) and what was posted on
the wall, with its support. `upcoming_arena_plan(week)` is the arena open for registration
about six weeks after the week the seed runs in.

`seed_arenas` writes them. An arena is found by its county and title. A 2021 arena whose rows
all have the planned counts is left alone; otherwise its registrations, groups and wall are
written again from the plan (bulk inserts, so a whole arena takes a fraction of a second). The
upcoming arena moves with the week and gets the planned registrations it lacks (found by
e-mail); registrations made on the platform are kept.
"""

import datetime
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, cast

from django.core.exceptions import ImproperlyConfigured

from samskap.accounts.models import User
from samskap.activities.recurrence import OSLO
from samskap.arenas.breakouts import assign_groups
from samskap.arenas.models import (
    Arena,
    BreakoutGroup,
    BreakoutRound,
    Contribution,
    GroupMember,
    ProgrammeItem,
    Question,
    Registration,
    Tag,
    Vote,
)
from samskap.directory.models import SECTOR_OF_KIND, Kind, Organisation, Sector

from .activities import COORDINATOR_OF
from .arenas_content import (
    ACCESSIBILITY_NEEDS,
    CONTRIBUTIONS,
    DIETARY_NEEDS,
    DUPLICATES,
    FIRST_NAMES,
    FOLLOW_UP,
    HIDDEN,
    INFORMAL_GROUPS,
    LAST_NAMES,
    PAST_ARENAS,
    PROGRAMME_2021,
    PROGRAMME_UPCOMING,
    QUESTIONS,
    ROLES,
    ROUND_TITLES,
    TAGS,
    UPCOMING_DESCRIPTION,
    UPCOMING_TITLE,
)
from .content import NYNORSK, OrganisationSpec, demo_organisations, demo_slug
from .rows import CREATED, UNCHANGED, UPDATED, Summary, assign, sync_m2m

PEOPLE_SEED = 2021
# Municipalities nobody came from, so the reach report has some not reached.
NOT_REACHED = frozenset({"3903", "3911", "4024", "4030", "4032"})
# Registrations and how they ended: (total, informal groups, cancelled, no-shows).
TURNOUT: dict[str, tuple[int, int, int, int]] = {
    "arena1": (92, 5, 4, 9),
    "arena2": (78, 4, 3, 7),
}
GROUP_SIZE = 5
ROUNDS: dict[str, tuple[str, tuple[int, int]]] = {
    # arena → (grouping, question of round 1 and of round 2)
    "arena1": (BreakoutRound.Mode.MIXED, (0, 1)),
    "arena2": (BreakoutRound.Mode.LOCAL, (2, 3)),
}
ROUND_TIMES = (("10:00", "10:40"), ("11:15", "11:45"))
PLENARY = ("10:50", "11:15")
VIDEO_ROOMS = "https://video.example.no/{arena}/rom-{number}"
COUNTY_LIBRARIES = ("telemark-fylkesbibliotek", "vestfold-fylkesbibliotek")
# The upcoming arena: Telemark county library with Skien Røde Kors, whose member and
# organisation admin are demo users.
UPCOMING_HOSTS = ("telemark-fylkesbibliotek", "skien-rode-kors")
UPCOMING_WEEKS_AHEAD = 6
UPCOMING_CAPACITY = 60
UPCOMING_REGISTRATIONS = 25
# People per organisation in the pool the arenas draw from, by kind.
STAFF: dict[str, int] = {
    Kind.LIBRARY: 3,
    Kind.LIBRARY_BRANCH: 1,
    Kind.CULTURE: 2,
    Kind.PUBLIC_HEALTH: 1,
    Kind.VOLUNTEER_CENTRE: 2,
    Kind.VOLUNTARY: 1,
}


# --- Plans -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    organisation: str | None  # slug in the directory, or None for a typed name
    organisation_name: str
    sector: str
    municipality: str
    role: str
    language: str


@dataclass(frozen=True)
class RegistrationPlan:
    person: Person
    status: str
    show: bool
    accessibility: str
    dietary: str
    created_at: datetime.datetime


@dataclass(frozen=True)
class ContributionPlan:
    question: int
    kind: str
    text: str
    author: int  # index into the arena's registrations
    group: tuple[int, int] | None  # (round index, group index)
    status: str
    merged_into: int | None  # index into the arena's contributions
    voters: tuple[int, ...]
    tags: tuple[str, ...]
    created_at: datetime.datetime


@dataclass(frozen=True)
class ArenaPlan:
    key: str
    county: str
    title: str
    values: dict[str, Any]
    hosts: tuple[str, ...]
    programme: tuple[tuple[datetime.datetime, datetime.datetime | None, str, str], ...]
    registrations: tuple[RegistrationPlan, ...]
    # Rounds → groups → registration indices.
    groups: tuple[tuple[tuple[int, ...], ...], ...] = ()
    round_mode: str = ""
    round_questions: tuple[int, ...] = ()
    contributions: tuple[ContributionPlan, ...] = ()
    tags: tuple[str, ...] = ()

    def counts(self) -> dict[str, int]:
        """How many rows of each kind the arena has once written."""
        return {
            "programme": len(self.programme),
            "questions": len(QUESTIONS),
            "registrations": len(self.registrations),
            "rounds": len(self.groups),
            "groups": sum(len(r) for r in self.groups),
            "members": sum(len(g) for r in self.groups for g in r),
            "contributions": len(self.contributions),
            "votes": sum(len(c.voters) for c in self.contributions),
            "tags": len(self.tags),
            "tagged": sum(len(c.tags) for c in self.contributions),
        }


def at(day: datetime.date | str, time: str) -> datetime.datetime:
    """`time` ("09:00") on `day` in Oslo."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return datetime.datetime.combine(day, datetime.time.fromisoformat(time), tzinfo=OSLO)


def demo_email(name: str) -> str:
    """A made-up address at a domain that never delivers (as the demo's activity sign-ups)."""
    return f"{demo_slug(name).replace('-', '.')}@example.no"


def _people() -> list[Person]:
    """The pool of people the arenas draw from: staff and volunteers of the demo directory's
    public organisations (not the county libraries, which host), the same on every run."""
    rng = random.Random(PEOPLE_SEED)  # noqa: S311 - demo data, not security
    names = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(names)
    people: list[Person] = []
    for spec in demo_organisations():
        if not spec.public or spec.slug in COUNTY_LIBRARIES:
            continue
        for _ in range(STAFF.get(spec.kind, 1)):
            people.append(_person(rng, names.pop(), spec))
    return people


def _person(rng: random.Random, name: str, spec: OrganisationSpec | None, **typed: str) -> Person:
    municipality = spec.municipality if spec else typed["municipality"]
    kind = spec.kind if spec else Kind.VOLUNTARY
    nynorsk = municipality in NYNORSK
    roles = ROLES[str(kind)][1 if nynorsk else 0]
    return Person(
        name=name,
        email=demo_email(name),
        organisation=spec.slug if spec else None,
        organisation_name="" if spec else typed["organisation_name"],
        sector=SECTOR_OF_KIND.get(kind, Sector.PUBLIC),
        municipality=municipality,
        role=rng.choice(roles),
        language="nn" if nynorsk and rng.random() < 0.8 else "nb",
    )


def _informal(rng: random.Random, count: int, taken: set[str]) -> list[Person]:
    """People of informal groups, typed in by name."""
    people = []
    groups = [g for g in INFORMAL_GROUPS if g[0] not in NOT_REACHED]
    for municipality, name in rng.sample(groups, count):
        person_name = _free_name(rng, taken)
        people.append(
            _person(rng, person_name, None, municipality=municipality, organisation_name=name)
        )
    return people


def _free_name(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if name not in taken:
            taken.add(name)
            return name


def _registrations(
    rng: random.Random,
    chosen: Sequence[Person],
    *,
    opens: datetime.datetime,
    closes: datetime.datetime,
    cancelled: int,
    no_shows: int,
) -> list[RegistrationPlan]:
    """Registrations of a past arena: most came, `no_shows` stayed confirmed but did not come,
    `cancelled` cancelled."""
    came = len(chosen) - cancelled - no_shows
    statuses: list[str] = [Registration.Status.CANCELLED] * cancelled
    statuses += [Registration.Status.CONFIRMED] * no_shows
    statuses += [Registration.Status.ATTENDED] * came
    rng.shuffle(statuses)
    window = (closes - opens).total_seconds()
    moments = sorted(opens + datetime.timedelta(seconds=rng.random() * window) for _ in chosen)
    needs = set(rng.sample(range(len(chosen)), 3))
    plans = []
    for i, (person, status, moment) in enumerate(zip(chosen, statuses, moments, strict=True)):
        plans.append(
            RegistrationPlan(
                person=person,
                status=status,
                show=rng.random() < 0.7,
                accessibility=rng.choice(ACCESSIBILITY_NEEDS) if i in needs else "",
                dietary="",
                created_at=moment.replace(microsecond=0),
            )
        )
    return plans


def _choose(rng: random.Random, pool: Sequence[Person], count: int) -> list[Person]:
    """`count` people of `pool`: one from every municipality's library first (so every
    municipality outside `NOT_REACHED` registers someone), then drawn at random."""
    candidates = [p for p in pool if p.municipality not in NOT_REACHED]
    rng.shuffle(candidates)
    chosen: list[Person] = []
    reached: set[str] = set()
    for person in candidates:
        if person.sector == Sector.LIBRARY and person.municipality not in reached:
            reached.add(person.municipality)
            chosen.append(person)
    rest = [p for p in candidates if p not in chosen]
    chosen += rest[: count - len(chosen)]
    rng.shuffle(chosen)
    return chosen


def _past_plan(key: str, pool: Sequence[Person]) -> ArenaPlan:
    county, title, description, day, opens, closes = PAST_ARENAS[key]
    total, informal, cancelled, no_shows = TURNOUT[key]
    opens_at, closes_at = at(opens[:10], opens[11:]), at(closes[:10], closes[11:])
    rng = random.Random(f"{PEOPLE_SEED}/{key}")  # noqa: S311 - demo data, not security
    chosen = _choose(rng, pool, total - informal)
    chosen += _informal(rng, informal, {p.name for p in pool})
    registrations = _registrations(
        rng, chosen, opens=opens_at, closes=closes_at, cancelled=cancelled, no_shows=no_shows
    )
    starts, ends = at(day, "09:00"), at(day, "12:00")
    programme = tuple((at(day, s), at(day, e), t, d) for s, e, t, d in PROGRAMME_2021)
    mode, questions = ROUNDS[key]
    attended = [i for i, r in enumerate(registrations) if r.status == Registration.Status.ATTENDED]
    participants = [
        {
            "id": i,
            "sector": registrations[i].person.sector,
            "municipality": registrations[i].person.municipality,
            "organisation": registrations[i].person.organisation
            or registrations[i].person.organisation_name,
        }
        for i in attended
    ]
    groups = assign_groups(participants, group_size=GROUP_SIZE, rounds=2, mode=mode, seed=2021)
    rounds = tuple(tuple(tuple(cast(int, i) for i in group) for group in r) for r in groups)
    contributions, version = _contributions(rng, key, day, registrations, attended, rounds)
    values = {
        "kind": Arena.Kind.CO_CREATION,
        "format": Arena.Format.DIGITAL,
        "description": description,
        "starts_at": starts,
        "ends_at": ends,
        "place_name": "",
        "street_address": "",
        "postal_code": "",
        "postal_place": "",
        "municipality_id": None,
        "video_url": f"https://video.example.no/{key}",
        "capacity": 120,
        "registration_opens": opens_at,
        "registration_closes": closes_at,
        "access": Arena.Access.OPEN,
        "status": Arena.Status.PUBLISHED,
        "wall_open": False,
        "wall_version": version,
        "groups_published_at": at(day, "08:00") - datetime.timedelta(days=1),
    }
    return ArenaPlan(
        key=key,
        county=county,
        title=title,
        values=values,
        hosts=COUNTY_LIBRARIES,
        programme=programme,
        registrations=tuple(registrations),
        groups=rounds,
        round_mode=mode,
        round_questions=questions,
        contributions=contributions,
        tags=tuple(TAGS),
    )


def _contributions(
    rng: random.Random,
    key: str,
    day: str,
    registrations: Sequence[RegistrationPlan],
    attended: Sequence[int],
    rounds: tuple[tuple[tuple[int, ...], ...], ...],
) -> tuple[tuple[ContributionPlan, ...], int]:
    """The wall of a past arena and its final version number."""
    plans: list[ContributionPlan] = []
    first_of_question: dict[int, int] = {}

    def when(round_index: int | None) -> datetime.datetime:
        start, end = ROUND_TIMES[round_index] if round_index is not None else PLENARY
        span = (at(day, end) - at(day, start)).total_seconds()
        return at(day, start) + datetime.timedelta(seconds=int(rng.random() * span))

    def post(question: int, kind: str, text: str, *, status: str, merged: int | None) -> None:
        round_index = question % 2
        from_group = status != Contribution.Status.HIDDEN and rng.random() < 0.7
        group: tuple[int, int] | None = None
        if from_group:
            g = rng.randrange(len(rounds[round_index]))
            group = (round_index, g)
            author = rng.choice(rounds[round_index][g])
        else:
            author = rng.choice(attended)
        voters: tuple[int, ...] = ()
        if status == Contribution.Status.VISIBLE:
            count = min(int(rng.expovariate(1 / (6 if kind == "i" else 3))), 25)
            voters = tuple(rng.sample([i for i in attended if i != author], count))
        plans.append(
            ContributionPlan(
                question=question,
                kind=Contribution.Kind.IDEA if kind == "i" else Contribution.Kind.ANSWER,
                text=text,
                author=author,
                group=group,
                status=status,
                merged_into=merged,
                voters=voters,
                tags=(),
                created_at=when(round_index if group else None),
            )
        )

    for question, items in CONTRIBUTIONS[key].items():
        first_of_question[question] = len(plans)
        for kind, text in items:
            post(question, kind, text, status=Contribution.Status.VISIBLE, merged=None)
    for arena, question, kept, text in DUPLICATES:
        if arena == key:
            merged = first_of_question[question] + kept
            post(question, "i", text, status=Contribution.Status.MERGED, merged=merged)
    for arena, question, text in HIDDEN:
        if arena == key:
            post(question, "a", text, status=Contribution.Status.HIDDEN, merged=None)
    visible = [i for i, c in enumerate(plans) if c.status == Contribution.Status.VISIBLE]
    follow_up = set(sorted(visible, key=lambda i: (-len(plans[i].voters), i))[:6])
    tagged = []
    for i, plan in enumerate(plans):
        tags = tuple(
            tag
            for tag, words in TAGS.items()
            if plan.status == Contribution.Status.VISIBLE
            and (
                any(w in plan.text.lower() for w in words) or (tag == FOLLOW_UP and i in follow_up)
            )
        )
        tagged.append(replace(plan, tags=tags))
    version = len(tagged) + sum(len(c.voters) for c in tagged) + sum(len(c.tags) for c in tagged)
    return tuple(tagged), version


def upcoming_arena_plan(week: datetime.date) -> ArenaPlan:
    """The hybrid arena in Skien, Tuesday of the week `UPCOMING_WEEKS_AHEAD` after `week`
    (or the first Tuesday after New Year when that falls in the Christmas holiday)."""
    day = week + datetime.timedelta(weeks=UPCOMING_WEEKS_AHEAD, days=1)
    while (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 3):
        day += datetime.timedelta(weeks=1)
    opens = at(week - datetime.timedelta(weeks=3), "09:00")
    rng = random.Random(f"{PEOPLE_SEED}/upcoming")  # noqa: S311 - demo data, not security
    telemark = [p for p in _people() if p.municipality.startswith("40")]
    chosen = rng.sample(telemark, UPCOMING_REGISTRATIONS)
    registrations = [
        RegistrationPlan(
            person=person,
            status=Registration.Status.CONFIRMED,
            show=rng.random() < 0.7,
            accessibility=rng.choice(ACCESSIBILITY_NEEDS) if i in (4, 17) else "",
            dietary=rng.choice(DIETARY_NEEDS) if i % 6 == 2 else "",
            created_at=opens + datetime.timedelta(hours=5 * i + rng.randrange(5)),
        )
        for i, person in enumerate(chosen)
    ]
    values = {
        "kind": Arena.Kind.CO_CREATION,
        "format": Arena.Format.HYBRID,
        "description": UPCOMING_DESCRIPTION,
        "starts_at": at(day, PROGRAMME_UPCOMING[0][0]),
        "ends_at": at(day, PROGRAMME_UPCOMING[-1][1]),
        "place_name": "Skien bibliotek",
        "street_address": "",
        "postal_code": "",
        "postal_place": "Skien",
        "municipality_id": "4003",
        "video_url": "https://video.example.no/moteplasser-mot-ensomhet",
        "capacity": UPCOMING_CAPACITY,
        "registration_opens": opens,
        "registration_closes": at(day - datetime.timedelta(days=4), "12:00"),
        "access": Arena.Access.OPEN,
        "status": Arena.Status.PUBLISHED,
        "wall_open": False,
    }
    programme = tuple((at(day, s), at(day, e), t, d) for s, e, t, d in PROGRAMME_UPCOMING)
    return ArenaPlan(
        key="upcoming",
        county="40",
        title=UPCOMING_TITLE,
        values=values,
        hosts=UPCOMING_HOSTS,
        programme=programme,
        registrations=tuple(registrations),
    )


def demo_arena_plans() -> list[ArenaPlan]:
    """The two 2021 arenas."""
    pool = _people()
    return [_past_plan(key, pool) for key in PAST_ARENAS]


# --- Writing ---------------------------------------------------------------------------------


def seed_arenas(
    summary: Summary,
    organisations: Mapping[str, Organisation],
    users: Mapping[str, User],
    *,
    week: datetime.date,
) -> list[Arena]:
    """Create or bring up to date the demo's arenas."""
    past = demo_arena_plans()
    upcoming = upcoming_arena_plan(week)
    plans = [*past, upcoming]
    slugs = {s for p in plans for s in p.hosts} | {
        r.person.organisation for p in plans for r in p.registrations if r.person.organisation
    }
    missing = slugs - organisations.keys()
    if missing:
        raise ImproperlyConfigured(f"Demo organisations missing: {', '.join(sorted(missing))}.")
    existing = {
        (a.county_id, a.title): a
        for a in Arena.objects.filter(title__in=[p.title for p in plans]).prefetch_related("hosts")
    }
    arenas = []
    for plan in plans:
        arena, created = _seed_arena(summary, plan, existing, organisations, users)
        if plan is upcoming:
            _seed_upcoming_rows(summary, arena, plan, organisations, created=created)
        else:
            _seed_past_rows(summary, arena, plan, organisations, created=created)
        arenas.append(arena)
    return arenas


def _seed_arena(
    summary: Summary,
    plan: ArenaPlan,
    existing: Mapping[tuple[str, str], Arena],
    organisations: Mapping[str, Organisation],
    users: Mapping[str, User],
) -> tuple[Arena, bool]:
    found = existing.get((plan.county, plan.title))
    created = found is None
    coordinator = users.get(COORDINATOR_OF[plan.county])
    arena = found or Arena(
        county_id=plan.county,
        title=plan.title,
        created_by=coordinator,
    )
    changed = assign(arena, plan.values)
    if created or changed:
        arena.full_clean(exclude=["county", "municipality", "created_by"], validate_unique=False)
        arena.save()
    hosts = [organisations[slug] for slug in plan.hosts]
    if created:
        arena.hosts.set(hosts)
    else:
        changed |= sync_m2m(arena.hosts, hosts)
    summary.add("Arenas", CREATED if created else UPDATED if changed else UNCHANGED)
    return arena, created


def _stored_counts(arena: Arena) -> dict[str, int]:
    return {
        "programme": ProgrammeItem.objects.filter(arena=arena).count(),
        "questions": Question.objects.filter(arena=arena).count(),
        "registrations": Registration.objects.filter(arena=arena).count(),
        "rounds": BreakoutRound.objects.filter(arena=arena).count(),
        "groups": BreakoutGroup.objects.filter(round__arena=arena).count(),
        "members": GroupMember.objects.filter(round__arena=arena).count(),
        "contributions": Contribution.objects.filter(arena=arena).count(),
        "votes": Vote.objects.filter(contribution__arena=arena).count(),
        "tags": Tag.objects.filter(arena=arena).count(),
        "tagged": Contribution.tags.through.objects.filter(contribution__arena=arena).count(),
    }


def _registration(
    arena: Arena, plan: RegistrationPlan, organisations: Mapping[str, Organisation]
) -> Registration:
    person = plan.person
    attended = plan.status == Registration.Status.ATTENDED
    cancelled = plan.status == Registration.Status.CANCELLED
    return Registration(
        arena=arena,
        name=person.name,
        email=person.email,
        organisation=organisations[person.organisation] if person.organisation else None,
        organisation_name=person.organisation_name,
        sector=person.sector,
        municipality_id=person.municipality,
        role=person.role,
        accessibility_needs=plan.accessibility,
        dietary_needs=plan.dietary,
        show_to_participants=plan.show,
        language=person.language,
        status=plan.status,
        attended_at=arena.starts_at + datetime.timedelta(minutes=5) if attended else None,
        cancelled_at=plan.created_at + datetime.timedelta(days=6) if cancelled else None,
        created_at=plan.created_at,
    )


def _seed_programme_and_questions(arena: Arena, plan: ArenaPlan) -> list[Question]:
    """The arena's programme and questions; returns the questions in order."""
    ProgrammeItem.objects.bulk_create(
        ProgrammeItem(arena=arena, starts_at=s, ends_at=e, title=t, description=d)
        for s, e, t, d in plan.programme
    )
    return Question.objects.bulk_create(
        Question(arena=arena, text=text, position=i) for i, text in enumerate(QUESTIONS, 1)
    )


def _seed_past_rows(
    summary: Summary,
    arena: Arena,
    plan: ArenaPlan,
    organisations: Mapping[str, Organisation],
    *,
    created: bool,
) -> None:
    """All of a 2021 arena's rows, written again from the plan unless their counts match."""
    counts = plan.counts()
    if not created and _stored_counts(arena) == counts:
        _report(summary, counts, UNCHANGED)
        return
    if not created:
        for model in (Contribution, BreakoutRound, Tag, Registration, Question, ProgrammeItem):
            model._default_manager.filter(arena=arena).delete()
    questions = _seed_programme_and_questions(arena, plan)
    registrations = Registration.objects.bulk_create(
        _registration(arena, r, organisations) for r in plan.registrations
    )
    rounds = BreakoutRound.objects.bulk_create(
        BreakoutRound(
            arena=arena,
            number=n,
            title=ROUND_TITLES[n - 1],
            question=questions[plan.round_questions[n - 1]],
            group_size=GROUP_SIZE,
            mode=plan.round_mode,
            seed=2021,
        )
        for n in range(1, len(plan.groups) + 1)
    )
    places = [
        (r, g) for r, round_groups in enumerate(plan.groups) for g in range(len(round_groups))
    ]
    groups = BreakoutGroup.objects.bulk_create(
        BreakoutGroup(
            round=rounds[r],
            number=g + 1,
            video_url=VIDEO_ROOMS.format(arena=plan.key, number=g + 1),
        )
        for r, g in places
    )
    group_of = dict(zip(places, groups, strict=True))
    GroupMember.objects.bulk_create(
        GroupMember(round=rounds[r], group=group_of[(r, g)], registration=registrations[i])
        for r, round_groups in enumerate(plan.groups)
        for g, members in enumerate(round_groups)
        for i in members
    )
    _seed_wall(arena, plan, questions, registrations, group_of)
    _report(summary, counts, CREATED if created else UPDATED)


def _seed_wall(
    arena: Arena,
    plan: ArenaPlan,
    questions: Sequence[Question],
    registrations: Sequence[Registration],
    group_of: Mapping[tuple[int, int], BreakoutGroup],
) -> None:
    tags = {t.name: t for t in Tag.objects.bulk_create(Tag(arena=arena, name=n) for n in plan.tags)}

    def row(c: ContributionPlan) -> Contribution:
        author = registrations[c.author]
        group = group_of[c.group] if c.group else None
        return Contribution(
            arena=arena,
            question=questions[c.question],
            group=group,
            registration=author,
            author_key=f"r{author.pk}",
            author_name=(
                f"Gruppe {group.number}"
                if group
                else author.name
                if author.show_to_participants
                else ""
            ),
            kind=c.kind,
            text=c.text,
            status=c.status,
            vote_count=len(c.voters),
            created_at=c.created_at,
        )

    # The contributions kept first, so the merged ones can point at them; by plan index.
    plans = plan.contributions
    kept = [i for i, c in enumerate(plans) if c.merged_into is None]
    saved = dict(
        zip(kept, Contribution.objects.bulk_create(row(plans[i]) for i in kept), strict=True)
    )
    merged = [(i, c.merged_into) for i, c in enumerate(plans) if c.merged_into is not None]
    rows = []
    for i, into in merged:
        contribution = row(plans[i])
        contribution.merged_into = saved[into]
        rows.append(contribution)
    saved.update(zip((i for i, _ in merged), Contribution.objects.bulk_create(rows), strict=True))
    Vote.objects.bulk_create(
        Vote(
            contribution=saved[index],
            voter_key=f"r{registrations[i].pk}",
            created_at=c.created_at + datetime.timedelta(minutes=1 + n),
        )
        for index, c in enumerate(plans)
        for n, i in enumerate(c.voters)
    )
    through = Contribution.tags.through
    through.objects.bulk_create(
        through(contribution_id=saved[index].pk, tag_id=tags[name].pk)
        for index, c in enumerate(plans)
        for name in c.tags
    )


def _seed_upcoming_rows(
    summary: Summary,
    arena: Arena,
    plan: ArenaPlan,
    organisations: Mapping[str, Organisation],
    *,
    created: bool,
) -> None:
    """The upcoming arena's programme and questions as planned (they move with the week), and
    the planned registrations it lacks; registrations made on the platform stay."""
    programme = (
        []
        if created
        else list(
            ProgrammeItem.objects.filter(arena=arena)
            .order_by("starts_at", "pk")
            .values_list("starts_at", "ends_at", "title", "description")
        )
    )
    questions = [] if created else list(arena.questions.values_list("position", "text"))
    if programme != list(plan.programme) or questions != list(enumerate(QUESTIONS, 1)):
        if not created:
            ProgrammeItem.objects.filter(arena=arena).delete()
            Question.objects.filter(arena=arena).delete()
        _seed_programme_and_questions(arena, plan)
    emails = set(
        [] if created else Registration.objects.filter(arena=arena).values_list("email", flat=True)
    )
    new = [
        _registration(arena, r, organisations)
        for r in plan.registrations
        if r.person.email not in emails
    ]
    Registration.objects.bulk_create(new)
    for _ in new:
        summary.add("Arena registrations", CREATED)
    for _ in range(len(plan.registrations) - len(new)):
        summary.add("Arena registrations", UNCHANGED)


def _report(summary: Summary, counts: Mapping[str, int], outcome: str) -> None:
    """Count a 2021 arena's registrations, groups and contributions as `outcome`."""
    for what, key in (
        ("Arena registrations", "registrations"),
        ("Arena breakout groups", "groups"),
        ("Arena contributions", "contributions"),
    ):
        for _ in range(counts[key]):
            summary.add(what, outcome)
