"""`assign_groups`: the deal that starts each round and the local search that improves it."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from typing import Any

from .rules import (
    LIBRARY,
    MODES,
    VOLUNTARY,
    Bounds,
    BreakoutError,
    Id,
    Participant,
    _bounds,
    _index_ids,
)

# Bounds of the local search (counts, not time, so results are the same everywhere).
_MIXED_PASSES = 4
_LOCAL_PASSES = 10
_RANDOM_CANDIDATES = 16
_EVERYONE_UP_TO = 150
_TABU_EVALUATIONS = 40_000
_TABU_PATIENCE = 300
_TABU_TENURE = 3
_COMPATRIOT_CANDIDATES = 8
_COMPATRIOT_SCAN = 48


def assign_groups(
    participants: Iterable[Participant],
    *,
    group_size: int,
    rounds: int,
    mode: str = "mixed",
    seed: int = 0,
) -> list[list[list[Id]]]:
    """Split the participants into groups of about `group_size` for `rounds` rounds.

    Returns one list per round, holding its groups, each a list of participant ids (in the
    order the participants were given). `mode` is "mixed" (municipalities ignored) or
    "local" (people from the same municipality together as far as the higher rules allow).
    The same participants in the same order with the same seed always give the same groups.

    Raises `BreakoutError` (a `ValueError`) with `code` "group_size", "rounds", "mode",
    "empty", "duplicate_id" or "too_few_participants".
    """
    if isinstance(group_size, bool) or not isinstance(group_size, int) or group_size < 1:
        raise BreakoutError("group_size", "The group size must be a whole number of at least 1.")
    if isinstance(rounds, bool) or not isinstance(rounds, int) or rounds < 1:
        raise BreakoutError("rounds", "The number of rounds must be a whole number of at least 1.")
    if mode not in MODES:
        raise BreakoutError("mode", f"The mode must be 'mixed' or 'local', not {mode!r}.")
    people = list(participants)
    if not people:
        raise BreakoutError("empty", "There are no participants to put in groups.")
    _index_ids(people)
    if group_size > len(people):
        raise BreakoutError(
            "too_few_participants",
            f"The group size ({group_size}) is larger than the number of participants "
            f"({len(people)}).",
        )
    population = _Population(people)
    k = -(-population.n // group_size)
    found = _rounds(population, k, rounds, seed, local=False)
    if mode == "local":
        found = _rounds(population, k, rounds, seed, local=True, alternatives=found)
    return [[[population.ids[i] for i in members] for members in groups] for groups in found]


def _rounds(
    population: _Population,
    k: int,
    count: int,
    seed: int,
    *,
    local: bool,
    alternatives: list[list[list[int]]] | None = None,
) -> list[list[list[int]]]:
    """`count` rounds of k groups (as participant numbers), one after the other, each
    avoiding the pairs of the rounds before it.

    Each round's search starts from a fresh deal and, when `alternatives` are given (the mixed
    mode's rounds, for the local mode), also from the alternative for that round; the better
    result is kept. Every swap of the search makes the round better on the rules taken in
    priority order, so the local mode's rounds are at least as good as the mixed mode's."""
    rng = random.Random(seed)  # noqa: S311 -- reproducible shuffles, not secrets
    met: list[set[int]] = [set() for _ in range(population.n)]
    result: list[list[list[int]]] = []
    for number in range(count):
        starts = [population.deal(rng, k)]
        if alternatives is not None:
            starts.append(alternatives[number])
        searches: list[_Search] = []
        for start in starts:
            search = _Search(population, start, met, local, rng)
            if 1 < k < population.n:
                search.run(_LOCAL_PASSES if local else _MIXED_PASSES)
                if not local:  # in the local mode, neighbours meet again by design
                    search.untangle(_TABU_EVALUATIONS)
            searches.append(search)
        best = max(searches, key=_Search.quality)  # the first of equals
        groups = [sorted(members) for members in best.members]
        for members in groups:
            _record_meetings(met, members)
        result.append(groups)
    return result


def _record_meetings(met: list[set[int]], members: Sequence[int]) -> None:
    """Note that everyone in this group has met everyone else in it."""
    for x, i in enumerate(members):
        for j in members[x + 1 :]:
            met[i].add(j)
            met[j].add(i)


class _Population:
    """The participants as small integers: sector, organisation and municipality numbers in
    order of first appearance (-1 for none), and the blocks of the dealing order."""

    def __init__(self, people: Sequence[Participant]) -> None:
        self.n = len(people)
        self.ids: list[Id] = [person["id"] for person in people]
        sector_number: dict[Any, int] = {}
        self.sector = [
            sector_number.setdefault(person["sector"], len(sector_number)) for person in people
        ]
        self.sectors = len(sector_number)
        self.library = sector_number.get(LIBRARY, -1)
        self.voluntary = sector_number.get(VOLUNTARY, -1)
        self.organisation = _numbered(person.get("organisation") for person in people)
        self.municipality = _numbered(person.get("municipality") for person in people)
        self.by_sector = _by_number(self.sector)
        colleagues = _by_number(self.organisation)
        self.organisation_size = [len(members) for members in colleagues]
        self.by_municipality = _by_number(self.municipality)
        self.by_municipality_sector: dict[tuple[int, int], list[int]] = {}
        for i, m in enumerate(self.municipality):
            self.by_municipality_sector.setdefault((m, self.sector[i]), []).append(i)
        # Units dealt as a whole (an organisation's people, or one person without one), each
        # in the block of the sector most of its people belong to (ties: the sector seen
        # first), blocks largest first.
        blocks: list[list[list[int]]] = [[] for _ in range(self.sectors)]
        for i, o in enumerate(self.organisation):
            if o < 0:
                blocks[self.sector[i]].append([i])
            elif colleagues[o][0] == i:
                blocks[self._home_sector(colleagues[o])].append(colleagues[o])
        sizes = [sum(len(unit) for unit in block) for block in blocks]
        self.blocks = [blocks[s] for s in sorted(range(self.sectors), key=lambda s: -sizes[s])]

    def _home_sector(self, unit: Sequence[int]) -> int:
        """The sector most of these people belong to (ties: the sector seen first)."""
        counts = [0] * self.sectors
        for i in unit:
            counts[self.sector[i]] += 1
        return max(range(self.sectors), key=lambda s: (counts[s], -s))

    def bounds(self, group_sizes: Sequence[int]) -> Bounds:
        """The lower bounds of rules 1 and 2 for a round with groups of these sizes."""
        sector_size = [len(members) for members in self.by_sector]
        return _bounds(
            self.organisation_size,
            sector_size,
            sector_size[self.library] if self.library >= 0 else 0,
            sector_size[self.voluntary] if self.voluntary >= 0 else 0,
            group_sizes,
        )

    def deal(self, rng: random.Random, k: int) -> list[list[int]]:
        """A round's k groups as dealt: the blocks in order, with the order of units inside a
        block and of people inside a unit shuffled, person i of that line to group i mod k."""
        order: list[int] = []
        for block in self.blocks:
            units = list(block)
            rng.shuffle(units)
            for unit in units:
                people = list(unit)
                rng.shuffle(people)
                order.extend(people)
        return [order[g::k] for g in range(k)]


_Key = tuple[int, int, int, int, int, int]
_ZERO: _Key = (0, 0, 0, 0, 0, 0)


class _Search:
    """One round: its groups with counters per group, and the local search on them."""

    def __init__(
        self,
        population: _Population,
        groups: list[list[int]],
        met: list[set[int]],
        local: bool,
        rng: random.Random,
    ) -> None:
        self.p = population
        self.k = k = len(groups)
        self.met = met
        self.local = local
        self.rng = rng
        self._load(groups)
        self.organisation_cap = [-(-size // k) for size in population.organisation_size]
        self.bounds = population.bounds([len(members) for members in self.members])
        self.broken: set[int] = set()

    def _load(self, groups: list[list[int]]) -> None:
        """Take these groups, and count what is in each."""
        k, p = self.k, self.p
        self.members = [list(members) for members in groups]
        self.group_of = [0] * p.n
        self.organisations: list[dict[int, int]] = [{} for _ in range(k)]
        self.municipalities: list[dict[int, int]] = [{} for _ in range(k)]
        self.sectors: list[list[int]] = [[0] * p.sectors for _ in range(k)]
        self.distinct = [0] * k  # sectors in the group
        for g, members in enumerate(self.members):
            for i in members:
                self.group_of[i] = g
                self._add(i, g)
        # met_in[i][g]: how many of the people i has met before sit in group g.
        self.met_in: list[dict[int, int]] = []
        for i in range(p.n):
            counts: dict[int, int] = {}
            for j in self.met[i]:
                g = self.group_of[j]
                counts[g] = counts.get(g, 0) + 1
            self.met_in.append(counts)

    def _add(self, i: int, g: int) -> None:
        p = self.p
        o, m = p.organisation[i], p.municipality[i]
        if o >= 0:
            self.organisations[g][o] = self.organisations[g].get(o, 0) + 1
        if m >= 0:
            self.municipalities[g][m] = self.municipalities[g].get(m, 0) + 1
        sectors = self.sectors[g]
        sectors[p.sector[i]] += 1
        if sectors[p.sector[i]] == 1:
            self.distinct[g] += 1

    def _remove(self, i: int, g: int) -> None:
        p = self.p
        o, m = p.organisation[i], p.municipality[i]
        if o >= 0:
            self.organisations[g][o] -= 1
        if m >= 0:
            self.municipalities[g][m] -= 1
        sectors = self.sectors[g]
        sectors[p.sector[i]] -= 1
        if sectors[p.sector[i]] == 0:
            self.distinct[g] -= 1

    def quality(self) -> _Key:
        """The rules' figures for the round, higher is better, in priority order: minus the
        same-organisation pairs, minus groups lacking a library person, minus groups lacking
        a voluntary-sector person, minus single-sector groups, same-municipality pairs (local
        mode only), minus pairs who met before."""
        p = self.p
        organisation_pairs = sum(
            math.comb(c, 2) for counts in self.organisations for c in counts.values()
        )
        local_pairs = 0
        if self.local:
            local_pairs = sum(
                math.comb(c, 2) for counts in self.municipalities for c in counts.values()
            )
        repeats = sum(self.met_in[i].get(self.group_of[i], 0) for i in range(p.n)) // 2
        return (
            -organisation_pairs,
            -len(self._lacking(p.library)),
            -len(self._lacking(p.voluntary)),
            -len(self._single_sector()),
            local_pairs,
            -repeats,
        )

    def _lacking(self, s: int) -> list[int]:
        """The groups without anyone of sector s (none if no one is of it)."""
        if s < 0:
            return []
        return [g for g, counts in enumerate(self.sectors) if counts[s] == 0]

    def _single_sector(self) -> list[int]:
        """The groups of two or more people all from one sector."""
        return [
            g
            for g, members in enumerate(self.members)
            if len(members) >= 2 and self.distinct[g] == 1
        ]

    # -- the search

    def run(self, passes: int) -> None:
        """Up to `passes` rounds of improving swaps; stops early when a pass finds none."""
        for _ in range(passes):
            self.broken = self._broken_groups()
            people = self._to_examine()
            if not people:
                return
            self.rng.shuffle(people)
            moved = False
            for a in people:
                moved = self._improve(a) or moved
            if not moved:
                return

    def untangle(self, evaluations: int) -> None:
        """Tabu search on the pairs who met before (in the mixed mode), after `run` has found
        no more improving swaps: take someone who meets a person again, make the best swap
        for them that keeps every figure of rules 1-2, even if it adds repeats, and do not
        move anyone straight back for a few steps. Keeps the best arrangement seen; stops when
        no pair meets again, when the best has not improved for a while, or after weighing
        `evaluations` swaps."""
        p, rng = self.p, self.rng
        members, group_of, met_in = self.members, self.group_of, self.met_in
        if not any(met_in[i].get(group_of[i]) for i in range(p.n)):
            return
        total: tuple[int, ...] = _ZERO  # the change since the start, figure by figure
        best_total = total
        best_groups = [list(group) for group in members]
        tabu: dict[tuple[int, int], int] = {}  # (person, group) → the step they may return
        step = last_better = spent = 0
        while spent < evaluations and step - last_better < _TABU_PATIENCE:
            step += 1
            conflicted = [i for i in range(p.n) if met_in[i].get(group_of[i])]
            if not conflicted:
                break
            a = conflicted[rng.randrange(len(conflicted))]
            if p.n <= _EVERYONE_UP_TO:
                pool: Iterable[int] = range(p.n)
            else:
                pool = [int(rng.random() * p.n) for _ in range(4 * _RANDOM_CANDIDATES)]
            chosen, partner, weighed = self._tabu_choice(a, pool, tabu, step, total, best_total)
            spent += weighed
            if chosen is None:
                continue
            home, there = group_of[a], group_of[partner]
            self._swap(a, partner)
            tenure = rng.randint(_TABU_TENURE, 2 * _TABU_TENURE)
            tabu[a, home] = tabu[partner, there] = step + tenure
            total = _plus(total, chosen)
            if total < best_total:
                best_total, last_better = total, step
                best_groups = [list(group) for group in members]
        self._load(best_groups)

    def _tabu_choice(
        self,
        a: int,
        pool: Iterable[int],
        tabu: dict[tuple[int, int], int],
        step: int,
        total: tuple[int, ...],
        best_total: tuple[int, ...],
    ) -> tuple[_Key | None, int, int]:
        """The best swap of a with someone of `pool` in another group that keeps every figure
        of rules 1-2: its change, the partner, and how many swaps were weighed. A swap that
        moves someone back to a group they left lately is taken only if it beats the best
        arrangement so far."""
        group_of = self.group_of
        home = group_of[a]
        chosen: _Key | None = None
        partner = -1
        weighed = 0
        for b in pool:
            there = group_of[b]
            if there == home:
                continue
            weighed += 1
            key = self._evaluate(a, b)
            if key is None or (chosen is not None and key >= chosen):
                continue
            forbidden = tabu.get((a, there), 0) > step or tabu.get((b, home), 0) > step
            if forbidden and _plus(total, key) >= best_total:
                continue
            chosen, partner = key, b
        return chosen, partner, weighed

    def _to_examine(self) -> list[int]:
        """Everyone with a reason to move: a repeat or an avoidable breach of rules 1-2 in
        their group, and in the local mode everyone with a municipality."""
        p = self.p
        return [
            a
            for a in range(p.n)
            if (self.local and p.municipality[a] >= 0)
            or self.group_of[a] in self.broken
            or self._troubled(a)
        ]

    def _broken_groups(self) -> set[int]:
        """Groups that lack a sector, or are single-sector, while the round is above the
        bound."""
        p, bounds = self.p, self.bounds
        broken: set[int] = set()
        for groups, bound in (
            (self._lacking(p.library), bounds.groups_lacking_library),
            (self._lacking(p.voluntary), bounds.groups_lacking_voluntary),
            (self._single_sector(), bounds.single_sector_groups),
        ):
            if len(groups) > bound:
                broken.update(groups)
        return broken

    def _troubled(self, a: int) -> bool:
        """Whether a meets someone again in the group, or has more colleagues there than an
        even spread of the organisation would give."""
        g = self.group_of[a]
        o = self.p.organisation[a]
        if o >= 0 and self.organisations[g][o] > self.organisation_cap[o]:
            return True
        return self.met_in[a].get(g, 0) > 0

    def _improve(self, a: int) -> bool:
        """Make the best improving swap of a with one of the candidates, if there is one."""
        p, rng = self.p, self.rng
        group_of = self.group_of
        home = group_of[a]
        candidates: list[int] = []
        m = p.municipality[a]
        if self.local and m >= 0:
            candidates.extend(self._compatriot_candidates(a, m))
        if self._troubled(a) or home in self.broken:
            same, everyone = p.by_sector[p.sector[a]], p.n
            draw = rng.random
            for _ in range(_RANDOM_CANDIDATES // 2):
                candidates.append(same[int(draw() * len(same))])
                candidates.append(int(draw() * everyone))
            if self.local and m >= 0:
                # Trading places with someone of the same municipality keeps the
                # same-municipality pairs; of the same sector too, it keeps rule 2.
                for pool in (p.by_municipality_sector[m, p.sector[a]], p.by_municipality[m]):
                    candidates.extend(_window(pool, _RANDOM_CANDIDATES, rng))
        best_key, best = _ZERO, -1
        for b in candidates:
            if group_of[b] == home:
                continue
            key = self._evaluate(a, b)
            if key is not None and key < best_key:
                best_key, best = key, b
        if best < 0:
            return False
        self._swap(a, best)
        return True

    def _compatriot_candidates(self, a: int, m: int) -> list[int]:
        """People a could trade places with to sit with more people of a's municipality:
        those of another municipality in groups holding at least as many of a's as a's own
        group does, best first by the change in same-municipality pairs (only gains)."""
        p = self.p
        group_of, counts, municipality = self.group_of, self.municipalities, p.municipality
        home = group_of[a]
        here = counts[home][m]
        if here == len(self.members[home]) or here == len(p.by_municipality[m]):
            return []  # a sits with neighbours only, or with all of them
        mine = counts[home]
        neighbours = _window(p.by_municipality[m], _COMPATRIOT_SCAN, self.rng)
        seen = {home}
        ranked: list[tuple[int, int]] = []
        for y in neighbours:
            g = group_of[y]
            if g in seen:
                continue
            seen.add(g)
            theirs = counts[g]
            gain = theirs[m] - here + 1
            if gain < 1:
                continue
            for x in self.members[g]:
                mx = municipality[x]
                if mx == m:
                    continue
                d = gain + (mine.get(mx, 0) - theirs[mx] + 1 if mx >= 0 else 0)
                if d > 0:
                    ranked.append((-d, x))
        ranked.sort()
        return [x for _, x in ranked[:_COMPATRIOT_CANDIDATES]]

    def _evaluate(self, a: int, b: int) -> _Key | None:
        """The change in the objective if a and b trade places: None if any figure of rules
        1-2 gets worse, else (organisation pairs, groups lacking library, lacking voluntary,
        single-sector groups, -same-municipality pairs, repeated pairs), to compare with 0."""
        p = self.p
        A, B = self.group_of[a], self.group_of[b]
        oa, ob = p.organisation[a], p.organisation[b]
        d_organisation = 0
        if oa != ob:
            if oa >= 0:
                d_organisation += self.organisations[B].get(oa, 0) - self.organisations[A][oa] + 1
            if ob >= 0:
                d_organisation += self.organisations[A].get(ob, 0) - self.organisations[B][ob] + 1
            if d_organisation > 0:
                return None
        sa, sb = p.sector[a], p.sector[b]
        d_library = d_voluntary = d_single = 0
        if sa != sb:
            ca, cb = self.sectors[A], self.sectors[B]
            d_library = _lacking_change(p.library, sa, sb, ca, cb)
            d_voluntary = _lacking_change(p.voluntary, sa, sb, ca, cb)
            if d_library > 0 or d_voluntary > 0:
                return None
            d_single = self._single_change(A, sa, sb) + self._single_change(B, sb, sa)
            if d_single > 0:
                return None
        d_local = 0
        if self.local:
            ma, mb = p.municipality[a], p.municipality[b]
            if ma != mb:
                if ma >= 0:
                    d_local += self.municipalities[B].get(ma, 0) - self.municipalities[A][ma] + 1
                if mb >= 0:
                    d_local += self.municipalities[A].get(mb, 0) - self.municipalities[B][mb] + 1
        met_a, met_b = self.met_in[a], self.met_in[b]
        both = 2 if b in self.met[a] else 0  # a and b are not together before or after
        d_repeat = met_a.get(B, 0) - met_a.get(A, 0) + met_b.get(A, 0) - met_b.get(B, 0) - both
        return (d_organisation, d_library, d_voluntary, d_single, -d_local, d_repeat)

    def _single_change(self, g: int, leaving: int, coming: int) -> int:
        """The change in single-sector groups at g when someone of sector `leaving` leaves it
        and someone of sector `coming` joins it (1, 0 or -1)."""
        if len(self.members[g]) < 2:
            return 0
        distinct = self.distinct[g]
        counts = self.sectors[g]
        after = distinct - (counts[leaving] == 1) + (counts[coming] == 0)
        return (after == 1) - (distinct == 1)

    def _swap(self, a: int, b: int) -> None:
        A, B = self.group_of[a], self.group_of[b]
        self._remove(a, A)
        self._remove(b, B)
        self._add(a, B)
        self._add(b, A)
        self.members[A][self.members[A].index(a)] = b
        self.members[B][self.members[B].index(b)] = a
        self.group_of[a], self.group_of[b] = B, A
        met_in = self.met_in
        for x in self.met[a]:
            counts = met_in[x]
            counts[A] -= 1
            counts[B] = counts.get(B, 0) + 1
        for x in self.met[b]:
            counts = met_in[x]
            counts[B] -= 1
            counts[A] = counts.get(A, 0) + 1


def _lacking_change(s: int, sa: int, sb: int, at_a: list[int], at_b: list[int]) -> int:
    """The change in groups without anyone of sector s when a, of sector sa, moves from the
    group counted in `at_a` to that in `at_b` and b, of another sector sb, the other way."""
    if s == sa:
        return (at_a[s] == 1) - (at_b[s] == 0)
    if s == sb:
        return (at_b[s] == 1) - (at_a[s] == 0)
    return 0


def _plus(total: tuple[int, ...], change: _Key) -> tuple[int, ...]:
    """A running total of changes, figure by figure."""
    return tuple(x + y for x, y in zip(total, change, strict=True))


def _numbered(values: Iterable[Any]) -> list[int]:
    """Each value as a number in order of first appearance, -1 for None."""
    numbers: dict[Any, int] = {}
    return [-1 if value is None else numbers.setdefault(value, len(numbers)) for value in values]


def _by_number(numbers: Sequence[int]) -> list[list[int]]:
    """For each number (from 0), the positions that hold it, in order; -1 is left out."""
    positions: list[list[int]] = [[] for _ in range(max(numbers, default=-1) + 1)]
    for i, number in enumerate(numbers):
        if number >= 0:
            positions[number].append(i)
    return positions


def _window(people: list[int], size: int, rng: random.Random) -> list[int]:
    """All of `people` if there are at most `size`, else `size` of them in a row from a random
    place (wrapping round): a cheap sample."""
    if len(people) <= size:
        return people
    start = rng.randrange(len(people))
    chosen = people[start : start + size]
    return chosen + people[: size - len(chosen)]
