"""`score`: the figures of a set of rounds against the rules."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .rules import LIBRARY, VOLUNTARY, BreakoutError, Id, Participant, _index_ids, lower_bounds


@dataclass(frozen=True)
class Score:
    """How well an assignment keeps the rules; for every figure but `local_cohesion` lower is
    better, and the `avoidable_…` and `groups_lacking_…` figures are 0 at best.

    - `repeated_pairs`: meetings of two people beyond their first. A pair in the same group in
      three rounds counts 2.
    - `same_organisation_pairs`: pairs of colleagues (same organisation) in the same group,
      summed over all rounds.
    - `avoidable_same_organisation_pairs`: the same, less the least possible in each round
      (when an organisation has more people than there are groups, some must share).
    - `single_sector_groups`: groups of two or more people who are all from one sector,
      summed over all rounds.
    - `avoidable_single_sector_groups`: the same, less the least possible in each round.
    - `groups_lacking_library`: groups without a library person, beyond those that cannot
      have one because there are fewer library people than groups; summed over all rounds.
    - `groups_lacking_voluntary`: the same for the voluntary sector.
    - `local_cohesion`: the share (0 to 1) of pairs in a group, over all rounds, whose two
      people come from the same municipality (people without one never count); 0.0 when no
      group has two people.
    """

    repeated_pairs: int
    same_organisation_pairs: int
    avoidable_same_organisation_pairs: int
    single_sector_groups: int
    avoidable_single_sector_groups: int
    groups_lacking_library: int
    groups_lacking_voluntary: int
    local_cohesion: float


def score(participants: Iterable[Participant], rounds: Sequence[Sequence[Sequence[Id]]]) -> Score:
    """Measure an assignment (as `assign_groups` returns it) against the rules.

    Raises `BreakoutError` (code "duplicate_id") for duplicate ids, and (code
    "invalid_rounds") when a round does not hold every participant exactly once.
    """
    people = list(participants)
    index = _index_ids(people)
    met: dict[tuple[int, int], int] = {}
    organisation_pairs = avoidable_organisation = 0
    single = avoidable_single = lacking_library = lacking_voluntary = 0
    local_pairs = all_pairs = 0
    for number, groups in enumerate(rounds, start=1):
        seen: set[int] = set()
        for group in groups:
            for member in group:
                i = index.get(member, -1)
                if i < 0 or i in seen:
                    raise BreakoutError(
                        "invalid_rounds",
                        f"Round {number} must hold every participant exactly once "
                        f"(problem with {member!r}).",
                    )
                seen.add(i)
        if len(seen) != len(people):
            raise BreakoutError(
                "invalid_rounds", f"Round {number} leaves out some of the participants."
            )
        bounds = lower_bounds(people, [len(group) for group in groups])
        round_organisation = round_single = round_no_library = round_no_voluntary = 0
        for group in groups:
            members = [people[index[member]] for member in group]
            count = len(members)
            organisations: dict[Hashable, int] = {}
            sectors: set[Any] = set()
            municipalities: dict[Any, int] = {}
            for person in members:
                organisation = person.get("organisation")
                if organisation is not None:
                    organisations[organisation] = organisations.get(organisation, 0) + 1
                sectors.add(person["sector"])
                municipality = person.get("municipality")
                if municipality is not None:
                    municipalities[municipality] = municipalities.get(municipality, 0) + 1
            round_organisation += sum(math.comb(c, 2) for c in organisations.values())
            round_single += count >= 2 and len(sectors) == 1
            round_no_library += LIBRARY not in sectors
            round_no_voluntary += VOLUNTARY not in sectors
            local_pairs += sum(math.comb(c, 2) for c in municipalities.values())
            all_pairs += math.comb(count, 2)
            positions = sorted(index[member] for member in group)
            for x, i in enumerate(positions):
                for j in positions[x + 1 :]:
                    met[i, j] = met.get((i, j), 0) + 1
        organisation_pairs += round_organisation
        avoidable_organisation += round_organisation - bounds.same_organisation_pairs
        single += round_single
        avoidable_single += round_single - bounds.single_sector_groups
        lacking_library += max(0, round_no_library - bounds.groups_lacking_library)
        lacking_voluntary += max(0, round_no_voluntary - bounds.groups_lacking_voluntary)
    return Score(
        repeated_pairs=sum(times - 1 for times in met.values()),
        same_organisation_pairs=organisation_pairs,
        avoidable_same_organisation_pairs=avoidable_organisation,
        single_sector_groups=single,
        avoidable_single_sector_groups=avoidable_single,
        groups_lacking_library=lacking_library,
        groups_lacking_voluntary=lacking_voluntary,
        local_cohesion=local_pairs / all_pairs if all_pairs else 0.0,
    )
