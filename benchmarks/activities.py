#!/usr/bin/env python
"""Server time of the activity calendar, its iCalendar feed and the API with national-scale data
on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samskap_bench .venv/bin/python benchmarks/activities.py

Migrates the database, runs `seed_scale` (75,000 organisations and 200,000 occurrences of their
activities, 2,000 of them activities in Skien; skip with `--no-seed`), then requests each case
through Django's test client in this process, as `directory.py` does: a few warm-up requests,
then `--requests` timed ones (`time.perf_counter` around `client.get`, so the time covers URL
routing, middleware, the view, its queries and rendering, but no network or WSGI server). Prints
median, p95 and maximum per case with the machine it ran on as a Markdown table, and writes the
same to `benchmarks/out/activities.md`. `--explain` also prints the slowest queries of each case
with PostgreSQL's EXPLAIN ANALYZE.

Every case must answer 200: a case that does not (a view not built yet, an error) is reported
as FAILED in the table and the script exits with status 1.

Runs with DEBUG off and the settings tests use (plain static files storage, no HTTPS
redirect), so the figures are the application's and not development mode's.
"""

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Any

from harness import ROOT, add_common_arguments, configure_environment, explain

OUT = ROOT / "benchmarks" / "out" / "activities.md"
PAGE_TARGET_MS = 150.0
FEED_TARGET_MS = 300.0
FEED_MUNICIPALITY = "4003"  # samskap.demo.scale.FEED_MUNICIPALITY (Skien)


@dataclass(frozen=True)
class Case:
    name: str
    url: str
    target_ms: float
    headers: tuple[tuple[str, str], ...] = ()


CASES: list[Case] = [
    Case(
        "Calendar: municipality and theme",
        f"/aktiviteter/?municipality={FEED_MUNICIPALITY}&theme=reading",
        PAGE_TARGET_MS,
    ),
    Case("Calendar: county and free", "/aktiviteter/?county=40&free=on", PAGE_TARGET_MS),
    Case("Calendar: search 'strikking'", "/aktiviteter/?q=strikking", PAGE_TARGET_MS),
    Case(
        "Calendar: search and county, htmx fragment",
        "/aktiviteter/?q=strikking&county=40",
        PAGE_TARGET_MS,
        (("HX-Request", "true"),),
    ),
    Case(
        "iCalendar feed: Skien",
        f"/aktiviteter/kalender.ics?municipality={FEED_MUNICIPALITY}",
        FEED_TARGET_MS,
    ),
    Case(
        "JSON feed: Skien",
        f"/aktiviteter/kalender.json?municipality={FEED_MUNICIPALITY}",
        FEED_TARGET_MS,
    ),
    Case("Calendar: month view, Telemark", "/aktiviteter/?view=month&county=40", PAGE_TARGET_MS),
    Case("Calendar: Nynorsk list", "/nn/aktiviteter/", PAGE_TARGET_MS),
    Case(
        "API activities: county and free", "/api/v1/activities?county=40&free=true", PAGE_TARGET_MS
    ),
    Case("API activities: search", "/api/v1/activities?q=strikking", PAGE_TARGET_MS),
    Case(
        "API occurrences: municipality and theme",
        f"/api/v1/occurrences?municipality={FEED_MUNICIPALITY}&theme=reading",
        PAGE_TARGET_MS,
    ),
]


@dataclass
class Result:
    case: Case
    status: int
    median_ms: float = 0.0
    p95_ms: float = 0.0
    max_ms: float = 0.0
    queries: int = 0
    size: str = ""
    note: str = ""

    @property
    def failed(self) -> bool:
        return self.status != 200


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_common_arguments(parser, output=OUT)
    parser.add_argument(
        "--occurrences", type=int, default=200_000, help="for seed_scale (default 200,000)"
    )
    parser.add_argument(
        "--feed-activities",
        type=int,
        default=2_000,
        help=f"for seed_scale: activities in {FEED_MUNICIPALITY}, the feed's events (2,000)",
    )
    return parser.parse_args()


def machine() -> dict[str, str]:
    from machine import machine as common

    return common()


def number(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def data_size() -> dict[str, str]:
    from samskap.activities.models import Activity, Occurrence
    from samskap.activities.selectors import CalendarFilters, activity_list
    from samskap.directory.models import Organisation

    feed = activity_list(CalendarFilters(municipality=FEED_MUNICIPALITY)).count()
    return {
        "Organisations": number(Organisation.objects.count()),
        "Activities (public)": (
            f"{number(Activity.objects.count())} ({number(Activity.objects.public().count())})"
        ),
        "Occurrences": number(Occurrence.objects.count()),
        "Municipalities with activities": str(
            Activity.objects.values("municipality").distinct().count()
        ),
        f"Activities in the feed of {FEED_MUNICIPALITY}": number(feed),
    }


def headers_for(case: Case) -> dict[str, str]:
    return {f"HTTP_{key.upper().replace('-', '_')}": value for key, value in case.headers}


def describe(response: Any) -> str:
    """What a response holds: events of a feed, items of an API page, or its size."""
    content = response.content
    if response["Content-Type"].startswith("text/calendar"):
        return f"{number(content.count(b'BEGIN:VEVENT'))} events, {len(content) // 1024} KiB"
    if response["Content-Type"].startswith("application/json"):
        import json

        body = json.loads(content)
        if isinstance(body, dict) and "count" in body:
            return f"{len(body['items'])} of {number(body['count'])}"
    return f"{len(content) // 1024} KiB"


def measure(client: Any, case: Case, args: argparse.Namespace) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = headers_for(case)
    response = client.get(case.url, **headers)
    result = Result(case, response.status_code)
    if response.status_code != 200:
        result.note = f"**FAILED: HTTP {response.status_code}**"
        print(f"  FAILED: HTTP {response.status_code}", file=sys.stderr)
        return result
    result.size = describe(response)
    for _ in range(args.warmup):
        client.get(case.url, **headers)
    samples = []
    for _ in range(args.requests):
        start = time.perf_counter()
        response = client.get(case.url, **headers)
        samples.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            result.status = response.status_code
            result.note = f"**FAILED: HTTP {response.status_code} during the run**"
            return result
    with CaptureQueriesContext(connection) as captured:
        client.get(case.url, **headers)
    result.queries = len(captured.captured_queries)
    result.median_ms = statistics.median(samples)
    result.p95_ms = statistics.quantiles(samples, n=100, method="inclusive")[94]
    result.max_ms = max(samples)
    if args.explain:
        explain(captured.captured_queries)
    return result


def markdown(
    info: dict[str, str], data: dict[str, str], results: list[Result], args: argparse.Namespace
) -> str:
    lines = [
        "# Activities benchmark",
        "",
        f"Server time per request through Django's test client, {args.requests} requests per "
        f"case after {args.warmup} warm-up requests. Targets: p95 under {PAGE_TARGET_MS:.0f} ms "
        f"for pages and API lists, under {FEED_TARGET_MS:.0f} ms for the feed.",
        "",
        "| machine | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in info.items()),
        *(f"| {key} | {value} |" for key, value in data.items()),
        "",
        "| case | URL | response | median ms | p95 ms | max ms | queries | p95 target |",
        "|---|---|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        if r.note:
            lines.append(f"| {r.case.name} | `{r.case.url}` | | | | | | {r.note} |")
            continue
        target = f"{r.case.target_ms:.0f} ms"
        verdict = f"met ({target})" if r.p95_ms < r.case.target_ms else f"**missed** ({target})"
        lines.append(
            f"| {r.case.name} | `{r.case.url}` | {r.size} | {r.median_ms:.1f} | {r.p95_ms:.1f} "
            f"| {r.max_ms:.1f} | {r.queries} | {verdict} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    args = parse_args()
    configure_environment("activities.py")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0, interactive=False)
    seeded = ""
    if not args.no_seed:
        print(
            f"Seeding {args.organisations} organisations and {args.occurrences} occurrences …",
            file=sys.stderr,
        )
        start = time.perf_counter()
        call_command(
            "seed_scale",
            organisations=args.organisations,
            occurrences=args.occurrences,
            feed_activities=args.feed_activities,
            seed=args.seed,
        )
        seeded = (
            f"{time.perf_counter() - start:.1f} s for {number(args.organisations)} "
            f"organisations and {number(args.occurrences)} occurrences"
        )
    info = machine()
    data = data_size()
    if seeded:
        data["seed_scale took"] = seeded
    # A server error becomes a 500 response to report, not an exception that ends the run.
    client = Client(raise_request_exception=False)
    results = []
    for case in CASES:
        if args.only and args.only.lower() not in case.name.lower():
            continue
        print(f"{case.name}: {case.url}", file=sys.stderr)
        results.append(measure(client, case, args))
    report = markdown(info, data, results, args)
    print(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report, encoding="utf-8")
    print(f"Written to {args.output}", file=sys.stderr)
    failed = [r for r in results if r.failed]
    if failed:
        print(
            "FAILED: " + ", ".join(f"{r.case.name} (HTTP {r.status})" for r in failed),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
