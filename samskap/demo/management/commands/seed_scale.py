"""`manage.py seed_scale`: synthetic national-scale data (directory, activities) for benchmarks."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from samskap.demo.guard import add_guard_argument, refuse_in_production
from samskap.demo.scale import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_FEED_ACTIVITIES,
    DEFAULT_OCCURRENCES,
    DEFAULT_ORGANISATIONS,
    FEED_MUNICIPALITY,
    SCALE_PREFIX,
    seed_scale,
)


class Command(BaseCommand):
    help = (
        "Replace the synthetic benchmark organisations (slugs starting with "
        f"'{SCALE_PREFIX}') and their activities with new ones spread over all municipalities."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--organisations",
            type=int,
            default=DEFAULT_ORGANISATIONS,
            help=f"How many to create (default {DEFAULT_ORGANISATIONS}; 0 only deletes).",
        )
        parser.add_argument(
            "--occurrences",
            type=int,
            default=None,
            help=f"Occurrences of their activities, one-off and repeating (default "
            f"{DEFAULT_OCCURRENCES} per {DEFAULT_ORGANISATIONS} organisations).",
        )
        parser.add_argument(
            "--feed-activities",
            type=int,
            default=None,
            help=f"How many of the activities are public ones in municipality {FEED_MUNICIPALITY}, "
            f"so its iCalendar feed has about this many events (default {DEFAULT_FEED_ACTIVITIES} "
            f"per {DEFAULT_ORGANISATIONS} organisations).",
        )
        parser.add_argument(
            "--seed", type=int, default=0, help="Random seed; the same seed gives the same data."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            help=f"Rows per INSERT (default {DEFAULT_BATCH_SIZE}).",
        )
        add_guard_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_in_production(
            options, risk="adds tens of thousands of made-up organisations to the directory"
        )
        if options["organisations"] < 0:
            raise CommandError("--organisations must be 0 or more.")
        for name in ("occurrences", "feed_activities"):
            if options[name] is not None and options[name] < 0:
                raise CommandError(f"--{name.replace('_', '-')} must be 0 or more.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        verbose = options["verbosity"] > 1
        try:
            result = seed_scale(
                organisations=options["organisations"],
                seed=options["seed"],
                batch_size=options["batch_size"],
                progress=self.stdout.write if verbose else None,
                occurrences=options["occurrences"],
                feed_activities=options["feed_activities"],
            )
        except LookupError as error:
            raise CommandError(str(error)) from error
        seconds = result.seconds
        if verbose:
            self.stdout.write(
                ", ".join(f"{phase} {value:.1f} s" for phase, value in seconds.items())
            )
        self.stdout.write(
            f"Deleted {result.deleted} earlier synthetic organisations and "
            f"{result.deleted_activities} activities."
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {result.created} synthetic organisations in "
                f"{result.municipalities} municipalities and {result.activities} activities "
                f"with {result.occurrences} occurrences ({result.feed_activities} activities in "
                f"{FEED_MUNICIPALITY}) in {seconds['total']:.1f} s."
            )
        )
