"""Types, constants and input errors of the breakout rules, and the lower bounds a round
can reach (the package's docstring describes the rules)."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Participant = Mapping[str, Any]
Id = Hashable

LIBRARY = "library"
VOLUNTARY = "voluntary"
MODES = ("mixed", "local")


class BreakoutError(ValueError):
    """Invalid input; `code` says which (the message is English, the UI translates by code).

    Codes: "group_size", "rounds", "mode", "empty", "duplicate_id", "too_few_participants",
    and, from `score`, "invalid_rounds".
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _index_ids(people: Sequence[Participant]) -> dict[Id, int]:
    """Each participant's id → their position; raises `BreakoutError` ("duplicate_id")."""
    index: dict[Id, int] = {}
    for i, person in enumerate(people):
        if person["id"] in index:
            raise BreakoutError(
                "duplicate_id", f"The participant id {person['id']!r} appears more than once."
            )
        index[person["id"]] = i
    return index


@dataclass(frozen=True)
class Bounds:
    """The least any assignment can reach in one round with the given group sizes.

    - `same_organisation_pairs`: pairs of colleagues who share a group. An organisation with
      c people over k groups has at least the pairs of an even split of c into k parts.
    - `single_sector_groups`: groups of two or more people all from one sector. A group is
      mixed only if it holds someone outside the largest sector, so at least
      (groups of two or more) minus (people outside the largest sector) are not.
    - `groups_lacking_library`, `groups_lacking_voluntary`: groups without a library person
      (voluntary-sector person): with L such people and k groups, at least k - L.
    """

    same_organisation_pairs: int
    single_sector_groups: int
    groups_lacking_library: int
    groups_lacking_voluntary: int


def balanced_sizes(n: int, group_size: int) -> list[int]:
    """The sizes of the ceil(n / group_size) groups of a round, differing by at most one."""
    k = -(-n // group_size)
    base, extra = divmod(n, k)
    return [base + 1] * extra + [base] * (k - extra)


def even_split_pairs(count: int, groups: int) -> int:
    """Pairs inside the parts when `count` people are split as evenly as possible."""
    base, extra = divmod(count, groups)
    return extra * math.comb(base + 1, 2) + (groups - extra) * math.comb(base, 2)


def lower_bounds(participants: Iterable[Participant], group_sizes: Sequence[int]) -> Bounds:
    """The lower bounds of rules 1 and 2 for one round with groups of these sizes."""
    organisations: dict[Hashable, int] = {}
    sectors: dict[Any, int] = {}
    for person in participants:
        organisation = person.get("organisation")
        if organisation is not None:
            organisations[organisation] = organisations.get(organisation, 0) + 1
        sectors[person["sector"]] = sectors.get(person["sector"], 0) + 1
    return _bounds(
        list(organisations.values()),
        list(sectors.values()),
        sectors.get(LIBRARY, 0),
        sectors.get(VOLUNTARY, 0),
        group_sizes,
    )


def _bounds(
    organisation_sizes: Sequence[int],
    sector_sizes: Sequence[int],
    library: int,
    voluntary: int,
    group_sizes: Sequence[int],
) -> Bounds:
    k = len(group_sizes)
    singles = sum(1 for size in group_sizes if size == 1)
    outside_largest = sum(sector_sizes) - max(sector_sizes, default=0)
    return Bounds(
        same_organisation_pairs=sum(even_split_pairs(c, k) for c in organisation_sizes),
        single_sector_groups=max(0, k - singles - outside_largest),
        groups_lacking_library=max(0, k - library),
        groups_lacking_voluntary=max(0, k - voluntary),
    )
