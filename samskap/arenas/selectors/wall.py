"""Reads of the live wall. A whole wall is read in a fixed number of queries, whatever the
number of contributions (questions, the contributions' changing state, their tags, how many
were merged into each; the reader's own votes separately).

The wall is read as light rows (`Card`: what can change on a contribution), not model
instances: with hundreds of contributions, building model objects costs more than the
queries. `wall_html` renders each card once per state and fetches the full contributions
only for the cards it has to render (`contributions_by_pk`)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from django.db.models import Count, Prefetch, Q, QuerySet

from ..models import Arena, Contribution, Question, Tag, Vote

type WallSort = Literal["new", "support"]


@dataclass(slots=True)
class Card:
    """A contribution on the wall: its id and everything about it that can change."""

    pk: int
    status: str
    vote_count: int
    merged_count: int = 0
    tag_names: tuple[str, ...] = ()
    html: str = ""  # filled in by wall_html


@dataclass
class WallQuestion:
    """A question with its contributions in the wall's order (`question` None collects the
    contributions whose question was deleted)."""

    question: Question | None
    cards: list[Card] = field(default_factory=list)


@dataclass
class Wall:
    sections: list[WallQuestion]

    def cards(self) -> list[Card]:
        return [card for section in self.sections for card in section.cards]

    @property
    def last_id(self) -> int:
        """The newest visible contribution's id, to tell readers how many are new to them."""
        return max(visible_ids(self), default=0)

    @property
    def visible_count(self) -> int:
        return len(visible_ids(self))


def wall_version(arena_pk: int) -> int | None:
    """The current version of a public arena's wall (one small query), None if there is no
    such public arena."""
    return (
        Arena.objects.published().filter(pk=arena_pk).values_list("wall_version", flat=True).first()
    )


def _ordering(sort: WallSort) -> tuple[str, ...]:
    if sort == "support":
        return ("-vote_count", "-created_at", "-pk")
    return ("-created_at", "-pk")


def wall_for(arena: Arena, *, include_hidden: bool, sort: WallSort = "new") -> Wall:
    """The wall: every question with its contributions (hidden ones too for hosts,
    `include_hidden`); merged ones are left out, their targets say how many went into them.
    Four queries."""
    statuses = [Contribution.Status.VISIBLE]
    if include_hidden:
        statuses.append(Contribution.Status.HIDDEN)
    rows = list(
        Contribution.objects.filter(arena=arena, status__in=statuses)
        .order_by(*_ordering(sort))
        .values_list("pk", "question_id", "status", "vote_count")
    )
    merged_counts: dict[int, int] = {
        target: count
        for target, count in Contribution.objects.filter(
            arena=arena, status=Contribution.Status.MERGED
        )
        .values_list("merged_into")
        .annotate(count=Count("pk"))
        .values_list("merged_into", "count")
        if target is not None
    }
    tags: dict[int, list[str]] = defaultdict(list)
    for contribution_id, name in (
        Contribution.tags.through.objects.filter(
            contribution__arena=arena, contribution__status__in=statuses
        )
        .order_by("tag__name")
        .values_list("contribution_id", "tag__name")
    ):
        tags[contribution_id].append(name)
    by_question: dict[int | None, list[Card]] = defaultdict(list)
    for pk, question_id, status, vote_count in rows:
        by_question[question_id].append(
            Card(
                pk=pk,
                status=status,
                vote_count=vote_count,
                merged_count=merged_counts.get(pk, 0),
                tag_names=tuple(tags.get(pk, ())),
            )
        )
    sections = [
        WallQuestion(question=question, cards=by_question.pop(question.pk, []))
        for question in Question.objects.filter(arena=arena).order_by("position", "pk")
    ]
    # Contributions of a deleted question (or, defensively, of another arena's question).
    rest = [card for cards in by_question.values() for card in cards]
    if rest:
        sections.append(WallQuestion(question=None, cards=rest))
    return Wall(sections=sections)


def contributions_by_pk(arena: Arena, pks: Iterable[int]) -> dict[int, Contribution]:
    """Full contributions (with group and round) to render cards of, in one query."""
    wanted = list(pks)
    if not wanted:
        return {}
    return {
        contribution.pk: contribution
        for contribution in Contribution.objects.filter(arena=arena, pk__in=wanted).select_related(
            "group__round"
        )
    }


def visible_ids(wall: Wall) -> list[int]:
    return [card.pk for card in wall.cards() if card.status == Contribution.Status.VISIBLE]


def supported_ids(arena: Arena, voter_key: str | None) -> set[int]:
    """The contributions of `arena` the person with `voter_key` supports."""
    if not voter_key:
        return set()
    return set(
        Vote.objects.filter(contribution__arena=arena, voter_key=voter_key).values_list(
            "contribution_id", flat=True
        )
    )


def contribution_for_wall(arena: Arena, pk: int) -> Contribution | None:
    """A contribution of `arena` with what the services need (its arena)."""
    return Contribution.objects.select_related("arena").filter(arena=arena, pk=pk).first()


def merge_targets(contribution: Contribution) -> QuerySet[Contribution]:
    """The contributions a duplicate may be merged into: the others under its question that
    are on the wall or hidden (not merged themselves), newest first."""
    same_question = (
        Q(question__isnull=True)
        if contribution.question_id is None
        else Q(question_id=contribution.question_id)
    )
    return (
        Contribution.objects.filter(
            same_question,
            arena_id=contribution.arena_id,
            status__in=[Contribution.Status.VISIBLE, Contribution.Status.HIDDEN],
        )
        .exclude(pk=contribution.pk)
        .order_by("-created_at", "-pk")
    )


def contributions_for_export(arena: Arena) -> QuerySet[Contribution]:
    """Every contribution of the arena (hidden and merged ones too), by question and time."""
    return (
        Contribution.objects.filter(arena=arena)
        .select_related("question", "group__round", "merged_into")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .order_by("question__position", "question_id", "created_at", "pk")
    )
