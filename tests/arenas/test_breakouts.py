"""Breakout groups (samskap.arenas.breakouts): the rules as properties over random meetings,
hand-checked examples, the score's figures, errors and determinism across processes."""

import json
import math
import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samskap.arenas.breakouts import (
    BreakoutError,
    Score,
    assign_groups,
    balanced_sizes,
    even_split_pairs,
    lower_bounds,
    score,
)
from samskap.arenas.breakouts import search as search_module

ROOT = Path(__file__).resolve().parents[2]
SECTORS = ["library", "voluntary", "culture", "public_health", "education", "public", "business"]
MUNICIPALITIES = ["4003", "4001", "3905", "0301", "4601", "5001"]


def person(pid: Any, sector: str, municipality: str | None = None, organisation: Any = None):
    return {
        "id": pid,
        "sector": sector,
        "municipality": municipality,
        "organisation": organisation,
    }


def synthetic(
    n: int,
    *,
    weights: list[int],
    municipalities: list[str],
    largest_organisation: int,
    without_organisation: float,
    seed: int,
) -> list[dict[str, Any]]:
    """n people (ids 0 to n - 1) in organisations of one sector each (1 to `largest_organisation` people, all
    from one municipality, or None), plus people without an organisation."""
    rng = random.Random(seed)
    people: list[dict[str, Any]] = []
    number = 0
    while len(people) < n:
        sector = rng.choices(SECTORS, weights=weights)[0]
        if rng.random() < without_organisation:
            municipality = rng.choice([*municipalities, None])
            people.append(person(len(people), sector, municipality))
            continue
        number += 1
        municipality = rng.choice(municipalities)
        for _ in range(min(rng.randint(1, largest_organisation), n - len(people))):
            people.append(person(len(people), sector, municipality, f"org-{number}"))
    return people


def realistic(n: int, *, seed: int = 0, id_prefix: str = "") -> list[dict[str, Any]]:
    """About 35 % library, 35 % voluntary, the rest culture and public health; organisations of
    1 to 4 people; 20 municipalities."""
    rng = random.Random(seed)
    municipalities = [f"{rng.randrange(301, 5700):04d}" for _ in range(20)]
    sectors = ["library", "voluntary", "culture", "public_health"]
    people: list[dict[str, Any]] = []
    number = 0
    while len(people) < n:
        number += 1
        sector = rng.choices(sectors, weights=[35, 35, 18, 12])[0]
        municipality = rng.choice(municipalities)
        for _ in range(min(rng.randint(1, 4), n - len(people))):
            people.append(
                person(f"{id_prefix}{len(people)}", sector, municipality, f"org-{number}")
            )
    return people


def assert_structure(people: list[dict[str, Any]], rounds, *, group_size: int, count: int):
    ids = [p["id"] for p in people]
    assert len(rounds) == count
    k = math.ceil(len(people) / group_size)
    for groups in rounds:
        assert len(groups) == k
        sizes = [len(group) for group in groups]
        assert max(sizes) - min(sizes) <= 1
        assert Counter(pid for group in groups for pid in group) == Counter(ids)


@st.composite
def meetings(draw):
    n = draw(st.integers(1, 120))
    weights = draw(
        st.lists(st.integers(0, 10), min_size=len(SECTORS), max_size=len(SECTORS)).filter(any)
    )
    people = synthetic(
        n,
        weights=weights,
        municipalities=MUNICIPALITIES[: draw(st.integers(1, len(MUNICIPALITIES)))],
        largest_organisation=draw(st.integers(1, 12)),
        without_organisation=draw(st.sampled_from([0.0, 0.1, 0.5])),
        seed=draw(st.integers(0, 2**32)),
    )
    group_size = draw(st.integers(1, n))
    return people, group_size, draw(st.integers(1, 4)), draw(st.integers(0, 2**32))


# --- properties -----------------------------------------------------------------------------


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meetings())
def test_rules_hold_for_random_meetings(meeting):
    people, group_size, count, seed = meeting
    results: dict[str, Score] = {}
    for mode in ("mixed", "local"):
        rounds = assign_groups(people, group_size=group_size, rounds=count, mode=mode, seed=seed)
        assert_structure(people, rounds, group_size=group_size, count=count)
        result = score(people, rounds)
        assert result.avoidable_same_organisation_pairs == 0
        assert result.avoidable_single_sector_groups == 0
        assert result.groups_lacking_library == 0
        assert result.groups_lacking_voluntary == 0
        results[mode] = result
    again = assign_groups(people, group_size=group_size, rounds=count, mode="local", seed=seed)
    assert again == rounds  # the local mode runs the mixed mode's search too
    assert results["local"].local_cohesion >= results["mixed"].local_cohesion


@settings(max_examples=40, deadline=None)
@given(
    st.integers(2, 60),
    st.integers(1, 6),
    st.integers(0, 2**32),
    st.sampled_from(["mixed", "local"]),
)
def test_organisations_spread_even_when_they_span_sectors(n, group_size, seed, mode):
    """An organisation whose people report different sectors is still spread evenly."""
    rng = random.Random(seed)
    people = [
        person(i, rng.choice(SECTORS[:4]), rng.choice(MUNICIPALITIES), f"org-{rng.randrange(4)}")
        for i in range(n)
    ]
    group_size = min(group_size, n)
    rounds = assign_groups(people, group_size=group_size, rounds=3, mode=mode, seed=seed)
    assert_structure(people, rounds, group_size=group_size, count=3)
    assert score(people, rounds).avoidable_same_organisation_pairs == 0


@pytest.mark.parametrize(
    ("n", "group_size", "seed"), [(40, 4, 1), (60, 7, 2), (90, 3, 3), (25, 12, 4)]
)
def test_a_swaps_weighed_change_is_what_counting_afresh_finds(n, group_size, seed):
    """The search weighs a swap from counters; doing the swap and counting the round afresh
    must give the same change in every figure, and a swap it refuses must make a figure of
    rules 1-2 worse."""
    rng = random.Random(seed)
    people = synthetic(
        n,
        weights=[3, 3, 2, 1, 1, 0, 0],
        municipalities=MUNICIPALITIES[:3],
        largest_organisation=group_size + 2,
        without_organisation=0.2,
        seed=seed,
    )
    for p in people[::5]:  # some organisations span sectors, so some swaps are refused
        p["sector"] = rng.choice(SECTORS[:4])
    population = search_module._Population(people)
    met = [set() for _ in range(n)]
    for _ in range(3 * n):
        i, j = rng.sample(range(n), 2)
        met[i].add(j)
        met[j].add(i)
    k = math.ceil(n / group_size)
    search = search_module._Search(population, population.deal(rng, k), met, True, rng)
    refused = weighed = 0
    for _ in range(300):
        a, b = rng.sample(range(n), 2)
        if search.group_of[a] == search.group_of[b]:
            continue
        before = search.quality()
        key = search._evaluate(a, b)
        search._swap(a, b)
        after = search.quality()
        if key is None:
            refused += 1
            assert any(after[i] < before[i] for i in range(4))
        else:
            weighed += 1
            assert key == tuple(x - y for x, y in zip(before, after, strict=True))
    assert refused and weighed


# --- worked examples ------------------------------------------------------------------------


def test_realistic_meeting_has_no_repeats_and_no_colleagues_together():
    people = realistic(200)
    rounds = assign_groups(people, group_size=5, rounds=3, mode="mixed", seed=0)
    assert_structure(people, rounds, group_size=5, count=3)
    result = score(people, rounds)
    assert result.repeated_pairs == 0
    assert result.avoidable_same_organisation_pairs == 0
    assert result.same_organisation_pairs == 0
    assert result.single_sector_groups == 0
    assert result.groups_lacking_library == 0
    assert result.groups_lacking_voluntary == 0


def test_realistic_meeting_local_mode_keeps_municipalities_together():
    people = realistic(200)
    mixed = score(people, assign_groups(people, group_size=5, rounds=3, mode="mixed"))
    local = score(people, assign_groups(people, group_size=5, rounds=3, mode="local"))
    assert local.local_cohesion > 0.4 > 0.15 > mixed.local_cohesion
    assert local.avoidable_same_organisation_pairs == 0
    assert local.groups_lacking_library == local.groups_lacking_voluntary == 0


def pairings(groups) -> set[frozenset[str]]:
    return {frozenset(group) for group in groups}


FOUR = [
    person("a", "library", "4003"),
    person("b", "library", "4001"),
    person("c", "voluntary", "4003"),
    person("d", "voluntary", "4001"),
]


def test_tiny_example_local_mode_pairs_neighbours_in_every_round():
    """Each pair needs one library and one voluntary person (rule 2): {a,c}{b,d} or
    {a,d}{b,c}. The local mode takes the one with both pairs from one municipality, in every
    round, though the pairs then meet again (rule 3 comes before rule 4)."""
    rounds = assign_groups(FOUR, group_size=2, rounds=2, mode="local", seed=7)
    assert [pairings(groups) for groups in rounds] == [{frozenset("ac"), frozenset("bd")}] * 2
    result = score(FOUR, rounds)
    assert result.repeated_pairs == 2
    assert result.local_cohesion == 1.0


def test_tiny_example_mixed_mode_uses_both_pairings():
    rounds = assign_groups(FOUR, group_size=2, rounds=2, mode="mixed", seed=7)
    assert {frozenset(pairings(groups)) for groups in rounds} == {
        frozenset({frozenset("ac"), frozenset("bd")}),
        frozenset({frozenset("ad"), frozenset("bc")}),
    }
    assert score(FOUR, rounds).repeated_pairs == 0


def test_tiny_example_colleagues_apart_before_neighbours_together():
    """a and c work together: rule 1 beats the local mode's wish to seat them together."""
    people = [dict(p, organisation="bibliotek" if p["id"] in "ac" else None) for p in FOUR]
    rounds = assign_groups(people, group_size=2, rounds=1, mode="local")
    assert pairings(rounds[0]) == {frozenset("ad"), frozenset("bc")}


def test_scarce_libraries_reach_as_many_groups_as_there_are_librarians():
    people = [person(i, "voluntary", None, f"lag-{i % 5}") for i in range(18)]
    people += [person(100, "library"), person(101, "library")]
    rounds = assign_groups(people, group_size=5, rounds=2, seed=3)
    for groups in rounds:
        with_library = [g for g in groups if {100, 101} & set(g)]
        assert len(with_library) == 2
    result = score(people, rounds)
    assert result.groups_lacking_library == 0
    assert result.avoidable_same_organisation_pairs == 0
    # 4 groups, 2 library people: the other 2 groups are all voluntary in each round.
    assert result.single_sector_groups == 4
    assert result.avoidable_single_sector_groups == 0


def test_one_group_and_groups_of_one():
    people = realistic(7)
    (single,) = assign_groups(people, group_size=7, rounds=1)
    assert len(single) == 1 and sorted(single[0]) == sorted(p["id"] for p in people)
    alone = assign_groups(people, group_size=1, rounds=2)
    assert all(len(group) == 1 for groups in alone for group in groups)
    assert score(people, alone).repeated_pairs == 0


# --- score and bounds -------------------------------------------------------------------------


def test_score_counts_each_figure():
    people = [
        person(1, "library", "4003", "x"),
        person(2, "library", "4003", "x"),
        person(3, "voluntary", "4001"),
        person(4, "culture", None),
    ]
    rounds = [[[1, 2], [3, 4]], [[1, 2], [3, 4]], [[1, 2], [3, 4]]]
    result = score(people, rounds)
    assert result == Score(
        repeated_pairs=4,  # two pairs, each meeting twice more
        same_organisation_pairs=3,  # 1 and 2 in every round
        avoidable_same_organisation_pairs=3,
        single_sector_groups=3,  # {1, 2} is all library
        avoidable_single_sector_groups=3,
        groups_lacking_library=3,  # 2 library people could reach both groups
        groups_lacking_voluntary=0,  # 1 voluntary person, 2 groups: one must lack
        local_cohesion=0.5,  # {1, 2} from 4003; {3, 4} not
    )


def test_score_of_no_pairs():
    people = [person(1, "library"), person(2, "voluntary")]
    assert score(people, [[[1], [2]]]).local_cohesion == 0.0


def test_lower_bounds():
    assert even_split_pairs(7, 3) == 5  # 3 + 2 + 2: 3 + 1 + 1 pairs
    assert even_split_pairs(2, 5) == 0
    assert balanced_sizes(11, 5) == [4, 4, 3]
    assert balanced_sizes(5, 2) == [2, 2, 1]
    people = [
        person(i, "library" if i < 3 else "culture", None, "o" if i < 7 else None) for i in range(9)
    ]
    bounds = lower_bounds(people, [2, 2, 2, 2, 1])
    assert bounds.same_organisation_pairs == 2  # 7 over 5 groups: 2, 2, 1, 1, 1
    assert bounds.groups_lacking_library == 2
    assert bounds.groups_lacking_voluntary == 5
    assert bounds.single_sector_groups == 1  # 4 pairs, 3 people outside the largest sector


@pytest.mark.parametrize(
    ("rounds", "problem"),
    [
        ([[[1], [2, 3]], [[1, 2]]], "Round 2 leaves out"),
        ([[[1, 1], [2, 3]]], "exactly once"),
        ([[[1, 4], [2, 3]]], "exactly once"),
    ],
)
def test_score_rejects_rounds_that_do_not_hold_everyone(rounds, problem):
    people = [person(i, "library") for i in (1, 2, 3)]
    with pytest.raises(BreakoutError, match=problem) as raised:
        score(people, rounds)
    assert raised.value.code == "invalid_rounds"


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("people", "options", "code"),
    [
        (realistic(5), {"group_size": 0, "rounds": 1}, "group_size"),
        (realistic(5), {"group_size": 2.5, "rounds": 1}, "group_size"),
        (realistic(5), {"group_size": 2, "rounds": 0}, "rounds"),
        (realistic(5), {"group_size": 2, "rounds": 1, "mode": "regional"}, "mode"),
        ([], {"group_size": 2, "rounds": 1}, "empty"),
        (
            [person(1, "library"), person(1, "voluntary")],
            {"group_size": 1, "rounds": 1},
            "duplicate_id",
        ),
        (realistic(5), {"group_size": 6, "rounds": 1}, "too_few_participants"),
    ],
)
def test_invalid_input_raises_value_error_with_code(people, options, code):
    with pytest.raises(ValueError, match=r"\w") as raised:
        assign_groups(people, **options)
    assert isinstance(raised.value, BreakoutError)
    assert raised.value.code == code


# --- determinism ----------------------------------------------------------------------------

CHILD = """
import json, sys
from samskap.arenas.breakouts import assign_groups
people = json.load(sys.stdin)
print(json.dumps([assign_groups(people, group_size=4, rounds=3, mode=m, seed=11)
                  for m in ("mixed", "local")]))
"""


def test_same_result_in_other_processes_with_other_string_hashes():
    people = realistic(90, seed=5, id_prefix="deltaker-")
    for p in people:  # string organisations and a few people without one
        if p["id"].endswith("7"):
            p["organisation"] = None
    here = [
        assign_groups(people, group_size=4, rounds=3, mode=m, seed=11) for m in ("mixed", "local")
    ]
    outputs = []
    for hash_seed in ("1", "2"):
        child = subprocess.run(  # noqa: S603
            [sys.executable, "-c", CHILD],
            input=json.dumps(people),
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        outputs.append(json.loads(child.stdout))
    assert outputs[0] == outputs[1] == here


def test_other_seed_other_groups():
    people = realistic(60)
    first = assign_groups(people, group_size=5, rounds=2, seed=1)
    assert first == assign_groups(people, group_size=5, rounds=2, seed=1)
    assert first != assign_groups(people, group_size=5, rounds=2, seed=2)
