"""The guard both seed commands share: no demo or synthetic data in production by accident."""

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError

FLAG = "--allow-production"


def add_guard_argument(parser: ArgumentParser) -> None:
    parser.add_argument(
        FLAG,
        action="store_true",
        help="Run even though DEBUG is off (for a public demo site or a benchmark server).",
    )


def refuse_in_production(options: dict[str, Any], *, risk: str) -> None:
    """Refuse unless this is development, a test run or the operator passed the flag."""
    if settings.DEBUG or getattr(settings, "TESTING", False) or options["allow_production"]:
        return
    raise CommandError(
        f"DEBUG is off, so this may be a production database, and this command {risk}. "
        f"Pass {FLAG} if that is what you want."
    )
