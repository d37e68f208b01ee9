"""Remove the personal data of registrations for arenas that ended long enough ago.

Idempotent, for cron (e.g. nightly): `python manage.py anonymise_arena_registrations`.
"""

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samskap.arenas.services.retention import registrations_anonymise
from samskap.arenas.tokens import VALID_AFTER_ARENA


class Command(BaseCommand):
    help = (
        "Remove names, e-mail addresses, roles and needs from the registrations of arenas that "
        "ended more than --days days ago (default ARENA_RETENTION_DAYS). Sector, municipality, "
        "organisation and groups stay for the reports."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=settings.ARENA_RETENTION_DAYS,
            help="days after the arena's end (default: %(default)s)",
        )

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        shortest = VALID_AFTER_ARENA.days
        if days <= shortest:
            raise CommandError(
                f"--days must be more than {shortest}: personal links work for {shortest} days "
                "after an arena, and the people using them should see their own registration."
            )
        cutoff = timezone.now() - datetime.timedelta(days=days)
        changed = registrations_anonymise(ended_before=cutoff)
        self.stdout.write(
            f"Removed the personal data of {changed} registration(s) "
            f"for arenas that ended before {timezone.localtime(cutoff):%Y-%m-%d %H:%M}."
        )
