#!/usr/bin/env python
"""Server time of the directory pages and API with national-scale data on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samskap_bench .venv/bin/python benchmarks/directory.py

Migrates the database, runs `seed_scale` (75,000 organisations; skip with `--no-seed`), then
requests each case through Django's test client in this process: a few warm-up requests, then
`--requests` timed ones (`time.perf_counter` around `client.get`, so the time covers URL
routing, middleware, the view, its queries and template rendering, but no network or WSGI
server). Prints median and p95 per case with the machine it ran on as a Markdown table, and
writes the same to `benchmarks/out/directory.md`. `--explain` also prints the slowest queries
of each case with PostgreSQL's EXPLAIN ANALYZE.

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

OUT = ROOT / "benchmarks" / "out" / "directory.md"
TARGET_P95_MS = 150.0

# (name, URL, extra request headers)
CASES: list[tuple[str, str, dict[str, str]]] = [
    ("Directory list", "/aktorer/", {}),
    ("Filtered: Telemark, reading", "/aktorer/?county=40&theme=reading", {}),
    ("Filtered: municipality and kind", "/aktorer/?municipality=4601&kind=voluntary", {}),
    ("Search 'kor'", "/aktorer/?q=kor", {}),
    ("Search 'bibliotek'", "/aktorer/?q=bibliotek", {}),
    ("Search 'bibliotek', htmx fragment", "/aktorer/?q=bibliotek", {"HX-Request": "true"}),
    ("Search and filter", "/aktorer/?q=idrettslag&county=40", {}),
    ("Page 50", "/aktorer/?page=50", {}),
    ("Nynorsk list", "/nn/aktorer/", {}),
    ("API list", "/api/v1/organisations", {}),
    ("API search", "/api/v1/organisations?q=bibliotek", {}),
]


@dataclass
class Result:
    name: str
    url: str
    status: int
    median_ms: float = 0.0
    p95_ms: float = 0.0
    max_ms: float = 0.0
    queries: int = 0
    note: str = ""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_common_arguments(parser, output=OUT)
    return parser.parse_args()


def machine() -> dict[str, str]:
    from machine import machine as common

    return common()


def data_size() -> dict[str, str]:
    from samskap.directory.models import Organisation

    return {
        "Organisations": f"{Organisation.objects.count():,}".replace(",", " "),
        "Public profiles": f"{Organisation.objects.public().count():,}".replace(",", " "),
        "Municipalities with organisations": str(
            Organisation.objects.values("home_municipality").distinct().count()
        ),
    }


def headers_for(extra: dict[str, str]) -> dict[str, str]:
    return {f"HTTP_{key.upper().replace('-', '_')}": value for key, value in extra.items()}


def measure(
    client: Any, name: str, url: str, extra: dict[str, str], args: argparse.Namespace
) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = headers_for(extra)
    response = client.get(url, **headers)
    result = Result(name, url, response.status_code)
    if response.status_code == 404:
        result.note = "skipped: 404 (not there yet)"
        return result
    if response.status_code != 200:
        result.note = f"skipped: HTTP {response.status_code}"
        return result
    for _ in range(args.warmup):
        client.get(url, **headers)
    samples = []
    for _ in range(args.requests):
        start = time.perf_counter()
        client.get(url, **headers)
        samples.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as captured:
        client.get(url, **headers)
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
        "# Directory benchmark",
        "",
        f"Server time per request through Django's test client, {args.requests} requests per "
        f"case after {args.warmup} warm-up requests. Target: p95 under {TARGET_P95_MS:.0f} ms.",
        "",
        "| machine | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in info.items()),
        *(f"| {key} | {value} |" for key, value in data.items()),
        "",
        "| case | URL | median ms | p95 ms | max ms | queries | p95 target |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        if r.note:
            lines.append(f"| {r.name} | `{r.url}` | | | | | {r.note} |")
            continue
        verdict = "met" if r.p95_ms < TARGET_P95_MS else "**missed**"
        lines.append(
            f"| {r.name} | `{r.url}` | {r.median_ms:.1f} | {r.p95_ms:.1f} | {r.max_ms:.1f} "
            f"| {r.queries} | {verdict} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    args = parse_args()
    configure_environment("directory.py")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0, interactive=False)
    seeded = ""
    if not args.no_seed:
        print(f"Seeding {args.organisations} organisations …", file=sys.stderr)
        start = time.perf_counter()
        call_command("seed_scale", organisations=args.organisations, seed=args.seed)
        seeded = f"{time.perf_counter() - start:.1f} s for {args.organisations} organisations"
    info = machine()
    data = data_size()
    if seeded:
        data["seed_scale took"] = seeded
    client = Client()
    results = []
    for name, url, extra in CASES:
        if args.only and args.only.lower() not in name.lower():
            continue
        print(f"{name}: {url}", file=sys.stderr)
        results.append(measure(client, name, url, extra, args))
    report = markdown(info, data, results, args)
    print(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report, encoding="utf-8")
    print(f"Written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
