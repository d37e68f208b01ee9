"""`manage.py seed_demo`: the demo of Vestfold and Telemark; running it again changes nothing."""

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from samskap.demo.content import DEMO_PASSWORD, DEMO_USERS
from samskap.demo.guard import add_guard_argument, refuse_in_production
from samskap.demo.seeding import seed_demo


class Command(BaseCommand):
    help = (
        "Create or bring up to date the demo of Vestfold and Telemark: libraries, municipal "
        "services, voluntary organisations, a few hundred activities over the coming months and "
        "one demo user per role. Idempotent."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help=f"Give demo users who changed their password the demo password ({DEMO_PASSWORD}) "
            "again.",
        )
        add_guard_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_in_production(
            options, risk=f"creates a superuser whose password ({DEMO_PASSWORD}) is published"
        )
        try:
            summary = seed_demo(reset_passwords=options["reset_passwords"])
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        for line in summary.lines():
            self.stdout.write(line)
        logins = ", ".join(user.email for user in DEMO_USERS)
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}): {logins}")
        self.stdout.write(self.style.SUCCESS("The demo is up to date."))
