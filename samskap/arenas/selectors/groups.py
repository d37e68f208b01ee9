"""Reads of breakout groups: the hosts' overview of the rounds with the score of the current
assignment, the printable list, and a participant's own groups on their personal page."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from ..breakouts import BreakoutError, Score, score
from ..models import (
    HOLDING_PLACE,
    Arena,
    BreakoutGroup,
    BreakoutRound,
    Contribution,
    GroupMember,
    Registration,
)


def organisation_key(registration: Registration) -> object:
    """Who counts as colleagues: the directory organisation's pk, else the typed name
    (case and spacing ignored), else no one (None)."""
    if registration.organisation_id is not None:
        return registration.organisation_id
    name = " ".join(registration.organisation_name.split()).casefold()
    return f"name:{name}" if name else None


def participant_mapping(registration: Registration) -> dict[str, Any]:
    """A registration as `breakouts.assign_groups` and `breakouts.score` take it."""
    return {
        "id": registration.pk,
        "sector": registration.sector,
        "municipality": registration.municipality_id,
        "organisation": organisation_key(registration),
    }


def participants_for_groups(arena: Arena) -> list[Registration]:
    """The people to put in groups: those holding a place (confirmed or attended), in the
    order they registered, so the same people give the same groups."""
    return list(
        Registration.objects.filter(arena=arena)
        .holding_place()
        .select_related("organisation", "municipality")
        .order_by("created_at", "pk")
    )


def _members_queryset() -> Any:
    return GroupMember.objects.select_related(
        "registration__organisation", "registration__municipality"
    ).order_by("registration__name", "registration__pk")


def rounds_with_groups(arena: Arena) -> list[BreakoutRound]:
    """The arena's rounds with their groups and each group's members (with registration,
    organisation and municipality), in three queries however many people there are."""
    groups = BreakoutGroup.objects.order_by("number").prefetch_related(
        Prefetch("members", queryset=_members_queryset())
    )
    return list(
        BreakoutRound.objects.filter(arena=arena)
        .select_related("question")
        .prefetch_related(Prefetch("groups", queryset=groups))
        .order_by("number")
    )


@dataclass(frozen=True)
class RoundOverview:
    round: BreakoutRound
    groups: list[BreakoutGroup]
    # People holding a place who are in no group of this round (registered later).
    unassigned: list[Registration]


@dataclass(frozen=True)
class GroupsOverview:
    participants: list[Registration]
    rounds: list[RoundOverview]
    score: Score | None
    mode: str = ""
    group_size: int = 0
    seed: int = 0
    unassigned_count: int = 0
    # Members of a group who no longer hold a place (cancelled after the groups were made).
    left_count: int = 0

    @property
    def has_groups(self) -> bool:
        return bool(self.rounds)


def current_score(rounds: Iterable[BreakoutRound]) -> Score | None:
    """The score of the stored rounds (from `rounds_with_groups`), counting the people who
    are in a group in every round; None when there are no rounds."""
    assignment: list[list[list[int]]] = []
    people: dict[int, Registration] = {}
    per_round: list[set[int]] = []
    for breakout_round in rounds:
        groups = []
        ids: set[int] = set()
        for group in breakout_round.groups.all():
            members = [member.registration for member in group.members.all()]
            for registration in members:
                people[registration.pk] = registration
            groups.append([registration.pk for registration in members])
            ids.update(registration.pk for registration in members)
        assignment.append(groups)
        per_round.append(ids)
    if not assignment:
        return None
    in_every_round = set.intersection(*per_round)
    filtered = [
        [kept for group in groups if (kept := [i for i in group if i in in_every_round])]
        for groups in assignment
    ]
    participants = [participant_mapping(people[i]) for i in sorted(in_every_round)]
    if not participants:
        return None
    try:
        return score(participants, filtered)
    except BreakoutError:  # pragma: no cover - the filtering above keeps rounds consistent
        return None


def groups_overview(arena: Arena) -> GroupsOverview:
    """Everything the hosts' groups page shows, in a constant number of queries."""
    participants = participants_for_groups(arena)
    rounds = rounds_with_groups(arena)
    holding = {registration.pk for registration in participants}
    overviews = []
    unassigned_ids: set[int] = set()
    left: set[int] = set()
    for breakout_round in rounds:
        groups = list(breakout_round.groups.all())
        placed = set()
        for group in groups:
            for member in group.members.all():
                placed.add(member.registration_id)
                if member.registration_id not in holding:
                    left.add(member.registration_id)
        unassigned = [r for r in participants if r.pk not in placed]
        unassigned_ids.update(r.pk for r in unassigned)
        overviews.append(RoundOverview(round=breakout_round, groups=groups, unassigned=unassigned))
    first = rounds[0] if rounds else None
    return GroupsOverview(
        participants=participants,
        rounds=overviews,
        score=current_score(rounds),
        mode=first.mode if first else "",
        group_size=first.group_size if first else 0,
        seed=first.seed if first else 0,
        unassigned_count=len(unassigned_ids),
        left_count=len(left),
    )


def round_overview(arena: Arena, round_pk: int) -> tuple[GroupsOverview, RoundOverview | None]:
    """The overview and the one round of it with `round_pk` (for the htmx fragment)."""
    overview = groups_overview(arena)
    for item in overview.rounds:
        if item.round.pk == round_pk:
            return overview, item
    return overview, None


# --- a participant's own groups ---------------------------------------------------------------


@dataclass(frozen=True)
class MyGroup:
    """A participant's group in one round, as their personal page shows it."""

    round: BreakoutRound
    group: BreakoutGroup
    # The other members who allowed the participants to see their name and organisation.
    shown: list[Registration]
    # How many other members there are (shown or not).
    others_count: int

    @property
    def hidden_count(self) -> int:
        return self.others_count - len(self.shown)


def groups_for_registration(registration: Registration) -> list[MyGroup]:
    """The person's group in each round, with its video room link and the other members who
    allowed showing their name (always counting all of them). Empty until the hosts publish
    the groups, and for someone who no longer holds a place. Two queries."""
    if not registration.holds_place or registration.arena.groups_published_at is None:
        return []
    others = (
        GroupMember.objects.exclude(registration=registration)
        .filter(registration__status__in=HOLDING_PLACE)
        .select_related("registration__organisation")
        .order_by("registration__name", "registration__pk")
    )
    places = (
        GroupMember.objects.filter(registration=registration)
        .select_related("round__question", "group")
        .prefetch_related(Prefetch("group__members", queryset=others, to_attr="other_members"))
        .order_by("round__number")
    )
    result = []
    for place in places:
        members = [member.registration for member in place.group.other_members]  # type: ignore[attr-defined]
        result.append(
            MyGroup(
                round=place.round,
                group=place.group,
                shown=[member for member in members if member.show_to_participants],
                others_count=len(members),
            )
        )
    return result


def has_group_contributions(arena: Arena) -> bool:
    """Whether anything on the arena's wall was posted from a group (new groups unlink it)."""
    return Contribution.objects.filter(arena=arena, group__isnull=False).exists()
