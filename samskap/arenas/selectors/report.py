"""The arena report: who was reached and which new connections were made.

`arena_report(arena, full=...)` gathers every figure of the report page, its CSV and PDF
and the API's public report in a fixed number of queries, whatever the arena's size:

1. registrations counted by status, sector and municipality;
2. the organisations present (directory organisations and typed names) with their people;
3. the municipalities of the arena's county;
4. the arena's questions;
5. its contributions;
6. the supporters of its contributions;
7. the organisations that met in this arena's breakout groups;
8. and one query per source of earlier collaboration (`EARLIER_COLLABORATION_SOURCES`).

The people counted ("the basis") are those who attended when attendance has been marked for
anyone, and otherwise everyone holding a place (confirmed or attended); the report says which.

The public report (`full=False`) names only directory organisations with a public profile and
counts the rest; it never holds people's names. The hosts' report (`full=True`) names every
organisation present and shows who posted the top contributions.
"""

import datetime
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import Count
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samskap.activities.models import CoOrganiser
from samskap.directory.models import Organisation, Sector
from samskap.places.models import Municipality

from ..models import HOLDING_PLACE, Arena, Contribution, GroupMember, Question, Registration, Vote

# How many contributions per question the report shows as the most supported.
TOP_CONTRIBUTIONS = 3

type Pair = tuple[int, int]

Status = Registration.Status


# --- the report's parts ------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One bar of a chart and one row of its table."""

    key: str
    label: str
    count: int
    # Share of the chart's total, 0–100 (None when the total is 0).
    percent: float | None
    # Length of the bar relative to the chart's longest, 0–100.
    width: int


@dataclass(frozen=True)
class RegistrationFigures:
    confirmed: int
    attended: int
    waitlisted: int
    cancelled: int
    # Confirmed + attended: everyone who held a place.
    registered: int
    # Whether attendance has been marked for anyone (else there is no attendance rate).
    attendance_marked: bool
    # Attended as a share of registered, 0–100; None when attendance was not marked.
    attendance_rate: float | None
    bars: list[Bar]


@dataclass(frozen=True)
class OrganisationPresent:
    name: str
    people: int
    in_directory: bool
    public_profile: bool
    slug: str = ""


@dataclass(frozen=True)
class OrganisationsPresent:
    # Those named in this report (all in the hosts' report; public profiles in the public).
    listed: list[OrganisationPresent]
    # Organisations present but not named here, and their people.
    others: int
    others_people: int
    # All organisations present.
    total: int
    # People counted who gave no organisation.
    without_organisation: int


@dataclass(frozen=True)
class MunicipalityName:
    number: str
    name: str


@dataclass(frozen=True)
class Reach:
    county_name: str
    reached: list[Bar]
    not_reached: list[MunicipalityName]
    # People counted from municipalities outside the arena's county.
    outside_county: int
    outside_municipalities: list[Bar]

    @property
    def municipality_count(self) -> int:
        return len(self.reached) + len(self.not_reached)


@dataclass(frozen=True)
class TopContribution:
    text: str
    kind: str
    kind_label: str
    support: int
    # Filled in the hosts' report only.
    author_name: str = ""


@dataclass(frozen=True)
class QuestionFigures:
    text: str
    answers: int
    ideas: int
    top: list[TopContribution]

    @property
    def total(self) -> int:
        return self.answers + self.ideas


@dataclass(frozen=True)
class Connection:
    first: str
    second: str


@dataclass(frozen=True)
class Connections:
    count: int
    # Pairs named in this report (all in the hosts' report; both public in the public).
    named: list[Connection]
    unnamed: int


@dataclass(frozen=True)
class ArenaReport:
    arena: Arena
    full: bool
    generated_at: datetime.datetime
    registrations: RegistrationFigures
    # "attended" or "registered": whom the following figures count.
    basis: str
    basis_total: int
    sectors: list[Bar]
    municipalities: list[Bar]
    organisations: OrganisationsPresent
    reach: Reach
    questions: list[QuestionFigures]
    connections: Connections
    notes: list[str] = field(default_factory=list)

    @property
    def counts_attended(self) -> bool:
        return self.basis == "attended"


# --- helpers -----------------------------------------------------------------------------


def _bars(rows: Iterable[tuple[str, str, int]], total: int) -> list[Bar]:
    """Bars from (key, label, count) rows, in the order given."""
    rows = list(rows)
    longest = max((count for _key, _label, count in rows), default=0)
    return [
        Bar(
            key=key,
            label=label,
            count=count,
            percent=(100 * count / total) if total else None,
            width=round(100 * count / longest) if longest else 0,
        )
        for key, label, count in rows
    ]


_SPACES = re.compile(r"\s+")


def _tidy_organisation_name(name: str) -> str:
    """A typed organisation name without extra spacing and surrounding punctuation."""
    return _SPACES.sub(" ", name).strip(" .,;:-")


def normalise_organisation_name(name: str) -> str:
    """A typed organisation name as a key: case, spacing and surrounding punctuation do not
    matter ("Skien  Røde kors." is "skien røde kors")."""
    return _tidy_organisation_name(name).casefold()


def _pair(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


def _group_pairs(members: Iterable[tuple[int, int | None]]) -> set[Pair]:
    """Pairs of different organisations sharing a group, from (group id, organisation id);
    members without an organisation are left out."""
    by_group: dict[int, set[int]] = defaultdict(set)
    for group_id, organisation_id in members:
        if organisation_id is not None:
            by_group[group_id].add(organisation_id)
    pairs: set[Pair] = set()
    for organisations in by_group.values():
        pairs.update(_pair(a, b) for a, b in combinations(sorted(organisations), 2))
    return pairs


# --- earlier collaboration ---------------------------------------------------------------

# A source of earlier collaboration: given the arena and the organisations that met in its
# groups, the pairs of those organisations that worked together before the arena started.
# It must make at most one query. A later app (projects: "partners in the same project before
# the arena") adds its own function to `EARLIER_COLLABORATION_SOURCES`.
type CollaborationSource = Callable[[Arena, frozenset[int]], Iterable[Pair]]


def earlier_arena_groups(arena: Arena, organisation_ids: frozenset[int]) -> set[Pair]:
    """Pairs that shared a breakout group in an arena that started before this one (drafts
    and cancelled arenas did not take place and do not count; nor do cancelled or waiting
    registrations)."""
    members = GroupMember.objects.filter(
        round__arena__starts_at__lt=arena.starts_at,
        round__arena__status=Arena.Status.PUBLISHED,
        registration__status__in=HOLDING_PLACE,
        registration__organisation_id__in=organisation_ids,
    ).values_list("group_id", "registration__organisation_id")
    return _group_pairs(members)


def earlier_joint_activities(arena: Arena, organisation_ids: frozenset[int]) -> set[Pair]:
    """Pairs where one organised an activity, created before the arena started, that the
    other co-organised (confirmed)."""
    links = CoOrganiser.objects.filter(
        status=CoOrganiser.Status.CONFIRMED,
        organisation_id__in=organisation_ids,
        activity__organiser_id__in=organisation_ids,
        activity__created_at__lt=arena.starts_at,
    ).values_list("activity__organiser_id", "organisation_id")
    return {_pair(a, b) for a, b in links if a != b}


EARLIER_COLLABORATION_SOURCES: list[CollaborationSource] = [
    earlier_arena_groups,
    earlier_joint_activities,
]


# --- the report --------------------------------------------------------------------------


def arena_report(arena: Arena, *, full: bool) -> ArenaReport:
    """The report of `arena`; `full` for its hosts (every organisation named, authors of the
    top contributions shown), else the public report. See the module's docstring for what is
    counted and the queries made."""
    # 1. Registrations by status, sector and municipality.
    rows = list(
        Registration.objects.filter(arena=arena)
        .values(
            "status",
            "sector",
            "municipality_id",
            "municipality__name",
            "municipality__county_id",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_status: Counter[str] = Counter()
    for row in rows:
        by_status[row["status"]] += row["n"]
    confirmed = by_status[Status.CONFIRMED]
    attended = by_status[Status.ATTENDED]
    registered = confirmed + attended
    attendance_marked = attended > 0
    basis_statuses: tuple[Registration.Status, ...] = (
        (Status.ATTENDED,) if attendance_marked else HOLDING_PLACE
    )
    status_rows = [
        *([(Status.ATTENDED.value, _("Attended"), attended)] if attendance_marked else []),
        (
            Status.CONFIRMED.value,
            _("Registered, did not attend") if attendance_marked else _("Registered"),
            confirmed,
        ),
        (Status.WAITLISTED.value, _("On the waiting list"), by_status[Status.WAITLISTED]),
        (Status.CANCELLED.value, _("Cancelled"), by_status[Status.CANCELLED]),
    ]
    registrations = RegistrationFigures(
        confirmed=confirmed,
        attended=attended,
        waitlisted=by_status[Status.WAITLISTED],
        cancelled=by_status[Status.CANCELLED],
        registered=registered,
        attendance_marked=attendance_marked,
        attendance_rate=(100 * attended / registered) if attendance_marked and registered else None,
        bars=_bars(status_rows, sum(by_status.values())),
    )

    counted = [row for row in rows if row["status"] in basis_statuses]
    basis_total = sum(row["n"] for row in counted)
    sector_counts: Counter[str] = Counter()
    municipality_counts: Counter[str] = Counter()
    municipality_names: dict[str, str] = {}
    municipality_county: dict[str, str] = {}
    for row in counted:
        sector_counts[row["sector"]] += row["n"]
        number = row["municipality_id"]
        municipality_counts[number] += row["n"]
        municipality_names[number] = row["municipality__name"]
        municipality_county[number] = row["municipality__county_id"]
    sectors = _bars(
        ((sector.value, str(sector.label), sector_counts[sector]) for sector in Sector),
        basis_total,
    )
    by_count = sorted(
        municipality_counts, key=lambda n: (-municipality_counts[n], municipality_names[n])
    )

    def municipality_bars(numbers: Iterable[str]) -> list[Bar]:
        return _bars(
            ((n, municipality_names[n], municipality_counts[n]) for n in numbers), basis_total
        )

    municipalities = municipality_bars(by_count)

    # 2. Organisations present.
    organisation_rows = (
        Registration.objects.filter(arena=arena, status__in=basis_statuses)
        .values_list(
            "organisation_id",
            "organisation__name",
            "organisation__slug",
            "organisation__public",
            "organisation__status",
            "organisation_name",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    directory: dict[int, OrganisationPresent] = {}
    typed_rows: list[tuple[str, int]] = []
    for org_id, org_name, slug, public, org_status, typed_name, people in organisation_rows:
        if org_id is None:
            typed_rows.append((typed_name, people))
            continue
        earlier = directory[org_id].people if org_id in directory else 0
        directory[org_id] = OrganisationPresent(
            name=org_name,
            slug=slug,
            people=earlier + people,
            in_directory=True,
            public_profile=public and org_status == Organisation.Status.ACTIVE,
        )
    organisations = _organisations_present(directory, typed_rows, full=full)

    # 3. Municipalities of the county reached and not reached.
    county_municipalities = list(
        Municipality.objects.filter(county_id=arena.county_id)
        .order_by("name")
        .values_list("number", "name")
    )
    in_county = {number for number, _name in county_municipalities}
    reached_numbers = [n for n in by_count if n in in_county]
    outside_numbers = [n for n in by_count if n not in in_county]
    reach = Reach(
        county_name=arena.county.name,
        reached=municipality_bars(reached_numbers),
        not_reached=[
            MunicipalityName(number=number, name=name)
            for number, name in county_municipalities
            if number not in municipality_counts
        ],
        outside_county=sum(municipality_counts[n] for n in outside_numbers),
        outside_municipalities=municipality_bars(outside_numbers),
    )

    # 4–6. Contributions per question.
    questions = _question_figures(arena, full=full)

    # 7–8. New connections.
    connections = _new_connections(
        arena,
        basis_statuses=basis_statuses,
        names={pk: o.name for pk, o in directory.items()},
        public={pk: o.public_profile for pk, o in directory.items()},
        full=full,
    )

    return ArenaReport(
        arena=arena,
        full=full,
        generated_at=timezone.now(),
        registrations=registrations,
        basis="attended" if attendance_marked else "registered",
        basis_total=basis_total,
        sectors=sectors,
        municipalities=municipalities,
        organisations=organisations,
        reach=reach,
        questions=questions,
        connections=connections,
    )


def _organisations_present(
    directory: dict[int, OrganisationPresent], typed_rows: list[tuple[str, int]], *, full: bool
) -> OrganisationsPresent:
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    without = 0
    for typed_name, people in typed_rows:
        key = normalise_organisation_name(typed_name)
        if not key:
            without += people
            continue
        spellings[key][_tidy_organisation_name(typed_name)] += people
    typed: list[tuple[str, int]] = []
    for counts in spellings.values():
        # The most used spelling names the organisation (among equals the first in code
        # point order, which puts capitalised spellings first).
        name = min(counts, key=lambda spelling: (-counts[spelling], spelling))
        typed.append((name, counts.total()))
    present = list(directory.values()) + [
        OrganisationPresent(name=name, people=people, in_directory=False, public_profile=False)
        for name, people in typed
    ]
    present.sort(key=lambda o: (-o.people, o.name.casefold()))
    listed = [o for o in present if full or o.public_profile]
    hidden = [o for o in present if not (full or o.public_profile)]
    return OrganisationsPresent(
        listed=listed,
        others=len(hidden),
        others_people=sum(o.people for o in hidden),
        total=len(present),
        without_organisation=without,
    )


def _question_figures(arena: Arena, *, full: bool) -> list[QuestionFigures]:
    questions = list(Question.objects.filter(arena=arena).values_list("pk", "text"))
    contributions = list(
        Contribution.objects.filter(arena=arena)
        .exclude(status=Contribution.Status.HIDDEN)
        .values_list("pk", "status", "merged_into_id", "question_id", "kind", "text", "author_name")
        .order_by("created_at", "pk")
    )
    voters = Vote.objects.filter(contribution__arena=arena).values_list(
        "contribution_id", "voter_key"
    )
    status_of = {row[0]: row[1] for row in contributions}
    merged_into = {row[0]: row[2] for row in contributions}

    def root(pk: int) -> int | None:
        """The visible contribution `pk` counts as (following merges); None if hidden."""
        seen: set[int] = set()
        current: int | None = pk
        while current is not None and current not in seen:
            seen.add(current)
            status = status_of.get(current)
            if status == Contribution.Status.VISIBLE:
                return current
            if status != Contribution.Status.MERGED:
                return None
            current = merged_into.get(current)
        return None

    supporters: dict[int, set[str]] = defaultdict(set)
    for contribution_id, voter_key in voters:
        counted_as = root(contribution_id)
        if counted_as is not None:
            supporters[counted_as].add(voter_key)

    kind_labels = dict(Contribution.Kind.choices)
    by_question: dict[int | None, list[TopContribution]] = defaultdict(list)
    kinds: dict[int | None, Counter[str]] = defaultdict(Counter)
    for pk, status, _merged, question_id, kind, text, author_name in contributions:
        if status != Contribution.Status.VISIBLE:
            continue
        kinds[question_id][kind] += 1
        by_question[question_id].append(
            TopContribution(
                text=text,
                kind=kind,
                kind_label=str(kind_labels.get(kind, kind)),
                support=len(supporters[pk]),
                author_name=author_name if full else "",
            )
        )

    keys: list[tuple[int | None, str]] = list(questions)
    if None in kinds:
        keys.append((None, _("Not under a question")))
    figures = []
    for key, text in keys:
        # Most supported first; among equals the earliest (the list is in posting order).
        supported = [c for c in by_question[key] if c.support > 0]
        top = sorted(supported, key=lambda c: -c.support)[:TOP_CONTRIBUTIONS]
        figures.append(
            QuestionFigures(
                text=text,
                answers=kinds[key][Contribution.Kind.ANSWER],
                ideas=kinds[key][Contribution.Kind.IDEA],
                top=top,
            )
        )
    return figures


def _new_connections(
    arena: Arena,
    *,
    basis_statuses: tuple[Registration.Status, ...],
    names: dict[int, str],
    public: dict[int, bool],
    full: bool,
) -> Connections:
    members = GroupMember.objects.filter(
        round__arena=arena,
        registration__status__in=basis_statuses,
        registration__organisation__isnull=False,
    ).values_list("group_id", "registration__organisation_id")
    met = _group_pairs(members)
    organisation_ids = frozenset(org for pair in met for org in pair)
    earlier: set[Pair] = set()
    for source in EARLIER_COLLABORATION_SOURCES:
        earlier.update(_pair(a, b) for a, b in source(arena, organisation_ids))
    new = met - earlier

    def label(pair: Pair) -> Connection:
        first, second = sorted((names.get(pair[0], ""), names.get(pair[1], "")), key=str.casefold)
        return Connection(first=first, second=second)

    named = [
        label(pair)
        for pair in new
        if full or (public.get(pair[0], False) and public.get(pair[1], False))
    ]
    named.sort(key=lambda c: (c.first.casefold(), c.second.casefold()))
    return Connections(count=len(new), named=named, unnamed=len(new) - len(named))


# --- wording shared by the page, the CSV and the PDF ---------------------------------------


def percent(value: float | None) -> str:
    """A share as "40,5 %" in the active language, or "" without one."""
    if value is None:
        return ""
    return _("%(percent)s %%") % {"percent": formats.number_format(value, 1, use_l10n=True)}


def basis_text(report_: ArenaReport) -> str:
    """Whom the figures by sector, municipality and organisation count."""
    if report_.counts_attended:
        return _("The figures by sector, municipality and organisation count those who attended.")
    return _(
        "No attendance has been marked, so the figures by sector, municipality and "
        "organisation count everyone registered (confirmed places)."
    )


def other_organisations_text(count: int) -> str:
    return ngettext(
        "and %(count)s other organisation",
        "and %(count)s other organisations",
        count,
    ) % {"count": count}


def unnamed_connections_text(count: int) -> str:
    return ngettext(
        "%(count)s connection with an organisation without a public profile",
        "%(count)s connections with organisations without a public profile",
        count,
    ) % {"count": count}
