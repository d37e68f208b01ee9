#!/usr/bin/env python
"""Server time of an arena's live wall with 300 participants polling, on PostgreSQL.

    psql -h 127.0.0.1 -U postgres -c 'create database samskap_bench_wall'   # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samskap_bench_wall .venv/bin/python benchmarks/arenas_wall.py

Migrates the database and builds one arena (replacing the one an earlier run built): 300
confirmed registrations, 4 questions, about 400 contributions (some from groups, some tagged,
a few hidden and merged) with about 2,000 votes. Each of the 300 participants gets their own
browser session (their personal link opened, as `participants.remember_registration` does).
Then, through Django's test client in this process as `activities.py` does (a few warm-up
requests, then `--requests` timed ones, `time.perf_counter` around each request), every case
sends its requests from the participants' sessions in turn:

- a poll with the wall's current version (htmx; answered "204 No Content"),
- a poll with an old version (htmx; the wall fragment with every contribution),
- the whole wall page,
- supporting a contribution (htmx; toggles, answered with the wall fragment),
- posting a contribution (htmx; the emptied form and the wall fragment), last, since it adds
  contributions.

Also "a change reaches everyone": after one new contribution, all 300 participants poll once
with the old version (each gets the fragment), the load one change causes; its total is the
server time the whole audience costs per change.

Prints median, p95 and maximum per case and the queries of one request as a Markdown table
with the machine it ran on, and writes the same to `benchmarks/out/arenas_wall.md`. Target: p95
under 100 ms per poll. A case that answers another status than expected is reported as FAILED
and the script exits with 1. Runs with DEBUG off and the settings tests use.
"""

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness import ROOT, configure_environment, explain

OUT = ROOT / "benchmarks" / "out" / "arenas_wall.md"
POLL_TARGET_MS = 100.0
TITLE = "Benchmark: live wall with 300 participants"
QUESTIONS = [
    "Hvordan kan biblioteket nå nye målgrupper?",
    "Hvordan kan frivilligheten i kommunen engasjeres?",
    "Hvordan kan flere inkluderes?",
    "Hva kan vi samskape og utvikle sammen?",
]
WORDS = [
    "bibliotek",
    "frivillighet",
    "folkehelse",
    "kultur",
    "samarbeid",
    "ungdom",
    "eldre",
    "språk",
    "lesestund",
    "møteplass",
    "kalender",
    "nettverk",
    "inkludering",
    "kommune",
    "lag",
    "foreninger",
    "arrangement",
    "tilbud",
    "familie",
    "idé",
]


@dataclass
class Case:
    name: str
    description: str
    expected: int
    target_ms: float | None
    request: Callable[[int], Any]  # the i-th request (participant i % 300)
    before: Callable[[int], None] | None = None  # untimed preparation of the i-th request


@dataclass
class Result:
    case: Case
    samples: list[float] = field(default_factory=list)
    queries: int = 0
    size: str = ""
    note: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.note)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="timed requests per case")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per case first")
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--contributions", type=int, default=400)
    parser.add_argument("--posts", type=int, default=100, help="timed posts (they add up)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE slow queries")
    parser.add_argument("--only", default="", help="run only cases whose name contains this")
    parser.add_argument("--output", type=Path, default=OUT)
    return parser.parse_args()


def build(args: argparse.Namespace) -> Any:
    """The arena, its participants, contributions and votes (in one transaction)."""
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from samskap.arenas.models import (
        Arena,
        BreakoutGroup,
        BreakoutRound,
        Contribution,
        GroupMember,
        Registration,
        Tag,
        Vote,
    )

    rng = random.Random(args.seed)
    now = timezone.now()
    with transaction.atomic():
        Arena.objects.filter(title=TITLE).delete()
        arena = Arena.objects.create(
            county_id="40",
            title=TITLE,
            status=Arena.Status.PUBLISHED,
            starts_at=now - datetime.timedelta(hours=1),
            ends_at=now + datetime.timedelta(hours=2),
            registration_opens=now - datetime.timedelta(days=30),
            registration_closes=now - datetime.timedelta(days=1),
            capacity=args.participants,
            wall_open=True,
            groups_published_at=now - datetime.timedelta(minutes=30),
        )
        questions = [
            arena.questions.create(text=text, position=n) for n, text in enumerate(QUESTIONS)
        ]
        registrations = Registration.objects.bulk_create(
            Registration(
                arena=arena,
                name=f"Deltaker {n}",
                email=f"deltaker{n}@example.no",
                organisation_name=f"Organisasjon {n % 90}",
                sector=rng.choice(["library", "voluntary", "culture", "public_health"]),
                municipality_id=rng.choice(["4001", "4003", "4005", "4010", "4012"]),
                status=Registration.Status.CONFIRMED,
            )
            for n in range(args.participants)
        )
        round_ = BreakoutRound.objects.create(
            arena=arena, number=1, group_size=5, mode=BreakoutRound.Mode.MIXED
        )
        groups = BreakoutGroup.objects.bulk_create(
            BreakoutGroup(round=round_, number=n + 1) for n in range((args.participants + 4) // 5)
        )
        GroupMember.objects.bulk_create(
            GroupMember(round=round_, group=groups[n // 5], registration=registration)
            for n, registration in enumerate(registrations)
        )
        tags = [Tag.objects.create(arena=arena, name=name) for name in ("ungdom", "følge opp")]
        contributions = []
        for n in range(args.contributions):
            author = rng.randrange(args.participants)
            words = rng.randint(8, 60)
            contributions.append(
                Contribution(
                    arena=arena,
                    question=questions[n % len(questions)],
                    group=groups[author // 5] if n % 3 == 0 else None,
                    registration=registrations[author],
                    author_key=f"r{registrations[author].pk}",
                    author_name=registrations[author].name if n % 2 else "",
                    kind=Contribution.Kind.IDEA if n % 4 == 0 else Contribution.Kind.ANSWER,
                    text=" ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + ".",
                    status=Contribution.Status.HIDDEN if n % 50 == 7 else "visible",
                    created_at=now - datetime.timedelta(seconds=args.contributions - n),
                )
            )
        contributions = Contribution.objects.bulk_create(contributions)
        for n, contribution in enumerate(contributions):
            if n % 10 == 0:
                contribution.tags.add(tags[n % 2])
        for n in range(0, min(20, len(contributions) - 4), 4):
            contributions[n].status = Contribution.Status.MERGED
            contributions[n].merged_into = contributions[n + 4]
        Contribution.objects.bulk_update(contributions, ["status", "merged_into"])
        votes = []
        for contribution in contributions:
            if contribution.status != Contribution.Status.VISIBLE:
                continue
            voters = rng.sample(registrations, rng.randint(0, 10))
            contribution.vote_count = len(voters)
            votes += [Vote(contribution=contribution, voter_key=f"r{r.pk}") for r in voters]
        Vote.objects.bulk_create(votes)
        Contribution.objects.bulk_update(contributions, ["vote_count"])
        Arena.objects.filter(pk=arena.pk).update(wall_version=1000)
    arena.refresh_from_db()
    return arena, registrations


def sessions(arena: Any, registrations: list[Any]) -> list[Any]:
    """One test client per participant, each with their personal link opened."""
    from django.test import Client

    from samskap.arenas.participants import SESSION_KEY

    clients = []
    for registration in registrations:
        client = Client(raise_request_exception=False)
        session = client.session
        session[SESSION_KEY] = {
            str(arena.pk): {
                "key": f"r{registration.pk}",
                "name": registration.name,
                "r": registration.pk,
            }
        }
        session.save()
        clients.append(client)
    return clients


def current_version(arena: Any) -> int:
    from samskap.arenas.models import Arena

    return Arena.objects.values_list("wall_version", flat=True).get(pk=arena.pk)


def run_case(case: Case, args: argparse.Namespace) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = Result(case)
    count = args.posts if case.name.startswith("Post") else args.requests
    for i in range(args.warmup):
        if case.before:
            case.before(i)
        case.request(i)
    for i in range(count):
        if case.before:
            case.before(args.warmup + i)
        start = time.perf_counter()
        response = case.request(args.warmup + i)
        result.samples.append((time.perf_counter() - start) * 1000)
        if response.status_code != case.expected:
            result.note = f"**FAILED: HTTP {response.status_code}, expected {case.expected}**"
            return result
    if case.before:
        case.before(args.warmup + count)
    with CaptureQueriesContext(connection) as captured:
        response = case.request(args.warmup + count)
    result.queries = len(captured.captured_queries)
    result.size = f"{response.status_code}, {len(response.content) // 1024} KiB"
    if args.explain:
        explain(captured.captured_queries)
    return result


def stats(samples: list[float]) -> tuple[float, float, float]:
    p95 = statistics.quantiles(samples, n=100, method="inclusive")[94]
    return statistics.median(samples), p95, max(samples)


def main() -> int:
    args = parse_args()
    configure_environment("arenas_wall.py")
    import django

    django.setup()
    from django.core.management import call_command
    from django.urls import reverse
    from machine import machine

    from samskap.arenas.models import Contribution

    call_command("migrate", verbosity=0, interactive=False)
    print("Building the arena …", file=sys.stderr)
    arena, registrations = build(args)
    clients = sessions(arena, registrations)
    n = len(clients)
    wall = reverse("arenas:wall", args=[arena.pk])
    htmx = {"HTTP_HX_REQUEST": "true"}
    visible = list(
        Contribution.objects.filter(arena=arena, status="visible").values_list("pk", flat=True)
    )
    last = max(visible)
    question = arena.questions.first().pk
    rng = random.Random(args.seed + 1)

    def poll_old(i: int) -> Any:
        return clients[i % n].get(f"{wall}?v=1&last={last}&sort=new", **htmx)

    def someone_votes(i: int) -> None:
        from samskap.arenas.services import wall as wall_services

        contribution = Contribution.objects.select_related("arena").get(pk=rng.choice(visible))
        wall_services.vote_toggle(contribution=contribution, voter_key=f"sbench{i}")

    def clear_cache(i: int) -> None:
        from django.core.cache import cache

        cache.clear()

    def page(i: int) -> Any:
        return clients[i % n].get(wall)

    def support(i: int) -> Any:
        url = reverse("arenas:vote", args=[arena.pk, rng.choice(visible)])
        return clients[i % n].post(url, **htmx)

    def post(i: int) -> Any:
        data = {
            "question": question,
            "kind": "idea",
            "text": f"Nytt bidrag {i}: " + " ".join(rng.choice(WORDS) for _ in range(20)),
            "author_name": "",
        }
        return clients[i % n].post(wall, data, **htmx)

    # The version is read once here, so the timed 204 requests carry exactly the view's work.
    version_now = current_version(arena)

    def poll_current_fixed(i: int) -> Any:
        return clients[i % n].get(f"{wall}?v={version_now}&last={last}&sort=new", **htmx)

    cases = [
        Case(
            "Poll, nothing new",
            "htmx poll with the current version → 204",
            204,
            POLL_TARGET_MS,
            poll_current_fixed,
        ),
        Case(
            "Poll, wall changed",
            "htmx poll with an old version → the wall fragment",
            200,
            POLL_TARGET_MS,
            poll_old,
        ),
        Case(
            "Poll, first after a vote",
            "htmx poll after someone else's vote (one card rendered again) → the fragment",
            200,
            POLL_TARGET_MS,
            poll_old,
            someone_votes,
        ),
        Case(
            "Poll, nothing cached",
            "htmx poll with an empty cache (every card rendered) → the fragment",
            200,
            POLL_TARGET_MS,
            poll_old,
            clear_cache,
        ),
        Case("Wall page", "the whole page (first load, no JavaScript)", 200, None, page),
        Case("Support", "htmx POST, toggles, → the wall fragment", 200, None, support),
        Case("Post", "htmx POST of a contribution → form and wall fragment", 200, None, post),
    ]
    results = []
    for case in cases:
        if args.only and args.only.lower() not in case.name.lower():
            continue
        print(f"{case.name} …", file=sys.stderr)
        results.append(run_case(case, args))

    # One change reaches everyone: all participants fetch the fragment once.
    burst: list[float] = []
    if not args.only or "change" in args.only.lower():
        old = current_version(arena)
        post(0)
        for i in range(n):
            start = time.perf_counter()
            response = clients[i].get(f"{wall}?v={old}&last={last}&sort=new", **htmx)
            burst.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                print(f"Burst: HTTP {response.status_code}", file=sys.stderr)
                return 1

    info = machine()
    contributions = Contribution.objects.filter(arena=arena)
    lines = [
        "# Live wall benchmark",
        "",
        f"Server time per request through Django's test client, each request from another "
        f"participant's session (of {n}); {args.requests} timed requests per case "
        f"({args.posts} for posting) after {args.warmup} warm-up requests. Target: p95 under "
        f"{POLL_TARGET_MS:.0f} ms per poll.",
        "",
        "| machine | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in info.items()),
        f"| Participants (sessions) | {n} |",
        f"| Contributions at the start (visible) | {args.contributions} ({len(visible)}) |",
        f"| Contributions at the end | {contributions.count()} |",
        "",
        "| case | request | response | median ms | p95 ms | max ms | queries | p95 target |",
        "|---|---|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        if r.note:
            lines.append(f"| {r.case.name} | {r.case.description} | | | | | | {r.note} |")
            continue
        median, p95, top = stats(r.samples)
        if r.case.target_ms is None:
            verdict = ""
        elif p95 < r.case.target_ms:
            verdict = f"met ({r.case.target_ms:.0f} ms)"
        else:
            verdict = f"**missed** ({r.case.target_ms:.0f} ms)"
        lines.append(
            f"| {r.case.name} | {r.case.description} | {r.size} | {median:.1f} | {p95:.1f} "
            f"| {top:.1f} | {r.queries} | {verdict} |"
        )
    if burst:
        median, p95, top = stats(burst)
        lines += [
            "",
            f"A change reaches everyone: after one new contribution, all {n} participants poll "
            f"with the old version once: median {median:.1f} ms, p95 {p95:.1f} ms, max "
            f"{top:.1f} ms; {sum(burst) / 1000:.1f} s of server time in all (on one process).",
        ]
    report = "\n".join(lines) + "\n"
    print(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report, encoding="utf-8")
    print(f"Written to {args.output}", file=sys.stderr)
    return 1 if any(r.failed for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
