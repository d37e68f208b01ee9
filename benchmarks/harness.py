"""What the page benchmarks (directory.py, activities.py) share: the PostgreSQL check and
Django's environment, the common command-line options and EXPLAIN of slow queries."""

import argparse
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def configure_environment(script: str) -> None:
    """Refuse anything but PostgreSQL, then set Django up as the tests do (DEBUG off, plain
    static files storage, no HTTPS redirect) so the figures are the application's."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "This benchmark measures PostgreSQL, the production database. Set DATABASE_URL to "
            "a throwaway PostgreSQL database, for example\n"
            "  psql -h 127.0.0.1 -U postgres -c 'create database samskap_bench'\n"
            "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/samskap_bench "
            f".venv/bin/python benchmarks/{script}"
        )
    os.environ["DEBUG"] = "0"
    os.environ["SAMSKAP_TESTING"] = "1"
    hosts = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]
    os.environ["ALLOWED_HOSTS"] = ",".join([*hosts, "testserver"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samskap.settings")
    sys.path.insert(0, str(ROOT))


def add_common_arguments(parser: argparse.ArgumentParser, *, output: Path) -> None:
    parser.add_argument("--requests", type=int, default=200, help="timed requests per case")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per case first")
    parser.add_argument("--organisations", type=int, default=75_000, help="for seed_scale")
    parser.add_argument("--seed", type=int, default=0, help="for seed_scale")
    parser.add_argument(
        "--no-seed", action="store_true", help="use the data already in the database"
    )
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE slow queries")
    parser.add_argument("--only", default="", help="run only cases whose name contains this")
    parser.add_argument("--output", type=Path, default=output, help=f"default {output}")


def explain(queries: list[dict[str, Any]]) -> None:
    """EXPLAIN ANALYZE the two slowest of a request's queries."""
    from django.db import connection

    slowest = sorted(queries, key=lambda q: float(q["time"]), reverse=True)[:2]
    for query in slowest:
        print(f"\n-- {float(query['time']) * 1000:.1f} ms: {query['sql'][:300]}")
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
            for (line,) in cursor.fetchall():
                print(f"   {line}")
