#!/usr/bin/env python
"""Breakout groups for arena meetings (`samskap.arenas.breakouts`): how long `assign_groups`
takes for 1,000 participants in 4 rounds, and how well it keeps the rules for 200 participants
in 3 rounds next to a random assignment.

Pure Python, no database and no Django: `.venv/bin/python benchmarks/arenas_breakouts.py`.
Prints a Markdown table with the machine it ran on and writes it to
`benchmarks/out/arenas_breakouts.md`.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import time
from dataclasses import fields
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out" / "arenas_breakouts.md"
TARGET_SECONDS = 2.0

sys.path.insert(0, str(ROOT))

from machine import _first  # noqa: E402 -- this folder is on sys.path when run as a script

from samskap.arenas.breakouts import (  # noqa: E402 -- after the project is on sys.path
    Score,
    assign_groups,
    balanced_sizes,
    score,
)

SECTORS = ["library", "voluntary", "culture", "public_health"]
SECTOR_WEIGHTS = [35, 35, 18, 12]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case (default 5)")
    parser.add_argument("--participants", type=int, default=1000, help="timed cases (1000)")
    parser.add_argument("--rounds", type=int, default=4, help="rounds in the timed cases (4)")
    parser.add_argument("--group-size", type=int, default=5, help="group size (default 5)")
    parser.add_argument("--seed", type=int, default=0, help="data and assignment seed (0)")
    parser.add_argument("--output", type=Path, default=OUT, help=f"default {OUT}")
    return parser.parse_args()


def machine() -> dict[str, str]:
    """What `machine.py` reports, without Django and PostgreSQL (this benchmark uses neither)."""
    cpu = _first("/proc/cpuinfo", "model name") or platform.processor() or "unknown"
    mem_kib = _first("/proc/meminfo", "MemTotal")
    memory = f"{int(mem_kib.split()[0]) / 1024 / 1024:.1f} GiB" if mem_kib else "unknown"
    return {
        "CPU": cpu,
        "Cores": str(os.cpu_count()),
        "Memory": memory,
        "Load average at start (1, 5, 15 min)": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
        "OS": platform.platform(),
        "Python": platform.python_version(),
    }


def participants(n: int, *, municipalities: int, seed: int) -> list[dict[str, Any]]:
    """n synthetic participants: about 35 % library, 35 % voluntary sector, 18 % culture and
    12 % public health; organisations of 1 to 4 people from one sector and one municipality
    (drawn from `municipalities` four-digit numbers); one person in ten without an
    organisation."""
    rng = random.Random(seed)
    numbers = [f"{number:04d}" for number in rng.sample(range(301, 5700), municipalities)]
    people: list[dict[str, Any]] = []
    organisation = 0
    while len(people) < n:
        organisation += 1
        sector = rng.choices(SECTORS, weights=SECTOR_WEIGHTS)[0]
        municipality = rng.choice(numbers)
        alone = rng.random() < 0.1
        for _ in range(1 if alone else min(rng.randint(1, 4), n - len(people))):
            people.append(
                {
                    "id": f"p{len(people)}",
                    "sector": sector,
                    "municipality": municipality,
                    "organisation": None if alone else f"org-{organisation}",
                }
            )
    return people


def random_assignment(
    people: list[dict[str, Any]], *, group_size: int, rounds: int, seed: int
) -> list[list[list[Any]]]:
    """The baseline: each round, shuffle everyone and cut the line into balanced groups."""
    rng = random.Random(seed)
    ids = [p["id"] for p in people]
    result = []
    for _ in range(rounds):
        rng.shuffle(ids)
        groups, start = [], 0
        for size in balanced_sizes(len(ids), group_size):
            groups.append(ids[start : start + size])
            start += size
        result.append(groups)
    return result


def timed(people: list[dict[str, Any]], args: argparse.Namespace, mode: str) -> list[float]:
    samples = []
    for run in range(args.runs):
        start = time.perf_counter()
        assign_groups(people, group_size=args.group_size, rounds=args.rounds, mode=mode, seed=run)
        samples.append(time.perf_counter() - start)
    return samples


def main() -> int:
    args = parse_args()
    info = machine()
    lines = [
        "# Breakout groups benchmark",
        "",
        "`samskap.arenas.breakouts.assign_groups`, pure Python, in this process. Synthetic "
        "participants: about 35 % library, 35 % voluntary sector, 18 % culture, 12 % public "
        "health; organisations of 1 to 4 people.",
        "",
        "| machine | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in info.items()),
        "",
        f"## Time: {args.participants:,} participants".replace(",", " ")
        + f", {args.rounds} rounds, groups of {args.group_size}",
        "",
        f"{args.runs} runs per case (seeds 0 to {args.runs - 1}). Target: under "
        f"{TARGET_SECONDS:.0f} s.",
        "",
        "| mode | municipalities | median s | max s | target |",
        "|---|---:|---:|---:|---|",
    ]
    for mode, municipalities in (("mixed", 20), ("local", 20), ("local", 60)):
        people = participants(args.participants, municipalities=municipalities, seed=args.seed)
        samples = timed(people, args, mode)
        verdict = "met" if max(samples) < TARGET_SECONDS else "**missed**"
        lines.append(
            f"| {mode} | {municipalities} | {statistics.median(samples):.3f} "
            f"| {max(samples):.3f} | {verdict} |"
        )

    people = participants(200, municipalities=20, seed=args.seed)
    options = {"group_size": 5, "rounds": 3, "seed": args.seed}
    columns: list[tuple[str, Score, float]] = []
    for mode in ("mixed", "local"):
        start = time.perf_counter()
        rounds = assign_groups(people, mode=mode, **options)
        columns.append(
            (f"assign_groups, {mode}", score(people, rounds), time.perf_counter() - start)
        )
    start = time.perf_counter()
    rounds = random_assignment(people, group_size=5, rounds=3, seed=args.seed)
    columns.append(("random (baseline)", score(people, rounds), time.perf_counter() - start))
    mixed = columns[0][1]
    targets = {"repeated_pairs": 0, "avoidable_same_organisation_pairs": 0}
    lines += [
        "",
        "## Quality: 200 participants, 20 municipalities, 3 rounds, groups of 5",
        "",
        "Targets for the mixed mode: no repeated pairs and no avoidable same-organisation "
        "pairs. The local mode puts people from one municipality together first, so its "
        "pairs meet again by design.",
        "",
        "| figure | " + " | ".join(name for name, _, _ in columns) + " | target (mixed) |",
        "|---|" + "---:|" * len(columns) + "---|",
    ]
    for field in fields(Score):
        values = [getattr(result, field.name) for _, result, _ in columns]
        shown = [f"{v:.3f}" if isinstance(v, float) else str(v) for v in values]
        target = ""
        if field.name in targets:
            met = getattr(mixed, field.name) == targets[field.name]
            target = f"{targets[field.name]}: {'met' if met else '**missed**'}"
        lines.append(f"| `{field.name}` | " + " | ".join(shown) + f" | {target} |")
    lines.append("| time s | " + " | ".join(f"{seconds:.3f}" for _, _, seconds in columns) + " | |")
    text = "\n".join(lines) + "\n"
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
