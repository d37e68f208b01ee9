"""`manage.py import_frivillighetsregisteret`: ICNPO categories from the Register of Non-Profit
Organisations (Frivillighetsregisteret), joined on organisation number with the organisations
imported from Enhetsregisteret by `import_brreg`.

    manage.py import_frivillighetsregisteret --api                  # the whole register
    manage.py import_frivillighetsregisteret --api --imported-only  # only units we have
    manage.py import_frivillighetsregisteret --api --org-number 971497017
    manage.py import_frivillighetsregisteret --file saved.json

`--file` reads a saved JSON file: one API response, a list of responses, or a list of
organisations. Every run writes an `ImportRun` report; a second run with the same data changes
nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samskap.directory import orgnr
from samskap.directory.models import ImportRun, RegisterUnit
from samskap.directory.registers import frivillighet
from samskap.directory.registers.client import FrivillighetsregisteretClient, RegisterAPIError


class Command(BaseCommand):
    help = (
        "Import ICNPO categories from the Register of Non-Profit Organisations "
        "(Frivillighetsregisteret) onto organisations imported from the Central Coordinating "
        "Register, and add the themes and target groups they map to."
    )

    # Set by tests: an httpx transport for the API client (never the internet in tests).
    transport: Any = None
    sleep: Any = None

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--api", action="store_true", help="Read the register's API.")
        source.add_argument("--file", type=Path, help="Read a saved JSON file of API responses.")
        parser.add_argument(
            "--org-number",
            action="append",
            default=[],
            dest="org_numbers",
            metavar="NUMBER",
            help="With --api: look up only this organisation number (repeatable).",
        )
        parser.add_argument(
            "--imported-only",
            action="store_true",
            help=(
                "With --api: look up only units already imported that are registered in the "
                "voluntary register, instead of reading the whole register."
            ),
        )
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--progress", choices=["auto", "bar", "lines", "none"], default="auto")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        if not options["api"] and (options["org_numbers"] or options["imported_only"]):
            raise CommandError("--org-number and --imported-only need --api.")
        for number in options["org_numbers"]:
            if not orgnr.is_valid(number):
                raise CommandError(f"{number} is not a valid organisation number.")
        path: Path | None = options["file"]
        if path is not None and not path.is_file():
            raise CommandError(f"No such file: {path}")

        run = ImportRun.objects.create(
            source=ImportRun.Source.VOLUNTARY_API
            if options["api"]
            else ImportRun.Source.VOLUNTARY_FILE,
            options={
                "file": str(path) if path else "",
                "org_numbers": options["org_numbers"],
                "imported_only": options["imported_only"],
            },
            status=ImportRun.Status.RUNNING,
            started_at=timezone.now(),
        )
        sync = frivillighet.VoluntaryImport(run, batch_size=options["batch_size"])
        client: FrivillighetsregisteretClient | None = None
        try:
            if path is not None:
                raws: Iterator[object] = frivillighet.iter_file(path)
            else:
                kwargs: dict[str, Any] = {"transport": self.transport}
                if self.sleep is not None:
                    kwargs["sleep"] = self.sleep
                client = FrivillighetsregisteretClient(**kwargs)
                numbers: list[str] | None = [orgnr.normalise(n) for n in options["org_numbers"]]
                if options["imported_only"]:
                    numbers = (numbers or []) + list(
                        RegisterUnit.objects.filter(registered_voluntary=True)
                        .order_by("org_number")
                        .values_list("org_number", flat=True)
                    )
                raws = client.iter_organisations(org_numbers=numbers or None)
            progress, done = self._progress(options["progress"])
            try:
                for position, raw in enumerate(raws, start=1):
                    sync.feed(position, frivillighet.parse(raw, position=position))
                    progress(position)
            finally:
                done()
            sync.finish()
        except (RegisterAPIError, frivillighet.FileFormatError) as error:
            sync.finish()
            self._finish(run, ImportRun.Status.FAILED, str(error))
            raise CommandError(
                f"Import stopped: {error}. Batches before the error were saved; "
                f"see import run {run.pk}."
            ) from error
        except BaseException as error:
            self._finish(run, ImportRun.Status.FAILED, f"{type(error).__name__}: {error}")
            raise
        finally:
            if client is not None:
                client.close()
        self._finish(run, ImportRun.Status.SUCCEEDED, "")
        self.stdout.write(
            f"Import run {run.pk}: read {run.read}, updated {run.updated}, "
            f"unchanged {run.unchanged}, skipped {run.skipped}."
        )
        for issue in run.issues.order_by("position")[:20]:
            self.stdout.write(f"  skipped #{issue.position} {issue.org_number}: {issue.reason}")
        if run.skipped > 20:
            self.stdout.write(f"  … and {run.skipped - 20} more in the report.")

    def _finish(self, run: ImportRun, status: str, message: str) -> None:
        run.status = status
        run.message = message
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "message", "finished_at"])

    def _progress(self, mode: str) -> Any:
        if mode == "auto":
            mode = "bar" if sys.stdout.isatty() else "lines"
        if mode == "bar":
            from tqdm import tqdm

            bar = tqdm(unit=" organisations", unit_scale=True, dynamic_ncols=True)

            def update(_position: int) -> None:
                bar.update(1)

            return update, bar.close
        if mode == "lines":

            def line(position: int) -> None:
                if position % 10_000 == 0:
                    self.stdout.write(f"{position} organisations read")

            return line, lambda: None
        return (lambda _position: None), (lambda: None)
