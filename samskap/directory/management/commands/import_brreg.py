"""Import organisations from Enhetsregisteret: a bulk file or the API.

    manage.py import_brreg --file enheter_alle.json.gz --county 40
    manage.py import_brreg --api --municipality 4003 --municipality 4001 --voluntary-only

Every run writes an `ImportRun` report (shown at the end). A fatal error (a truncated file, an
HTTP error after retries) marks the run failed, keeps the batches already written, and exits
with status 1.
"""

import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samskap.directory.models import ImportRun
from samskap.directory.registers.scope import DEFAULT_ORG_FORMS, Scope
from samskap.directory.registers.sync import ImportFailed, api_units, run_import
from samskap.places.models import Municipality

T = TypeVar("T")
LOG_EVERY = 50_000


class Command(BaseCommand):
    help = "Import organisations from Enhetsregisteret (a bulk file or the API)."

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--file", type=Path, help="A bulk file: .json, .json.gz, .csv.gz")
        source.add_argument("--api", action="store_true", help="Read the register's API.")
        parser.add_argument("--county", default="", help="County number, for example 40.")
        parser.add_argument(
            "--municipality",
            action="append",
            default=[],
            help="Municipality number (repeatable); old numbers map through the 2024 table.",
        )
        parser.add_argument(
            "--org-form",
            action="append",
            default=[],
            help=f"Organisation form (repeatable). Default: {' '.join(sorted(DEFAULT_ORG_FORMS))}.",
        )
        forms = parser.add_mutually_exclusive_group()
        forms.add_argument(
            "--voluntary-only",
            action="store_true",
            help="Only units registered in Frivillighetsregisteret.",
        )
        forms.add_argument(
            "--all-forms",
            action="store_true",
            help="Every organisation form (no public-body rule).",
        )
        parser.add_argument(
            "--no-public-bodies",
            action="store_true",
            help="Leave out public bodies with library, culture or public-health industry codes.",
        )
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument("--progress-every", type=int, default=LOG_EVERY)
        icnpo = parser.add_mutually_exclusive_group()
        icnpo.add_argument(
            "--with-icnpo",
            action="store_true",
            help="Afterwards, fetch ICNPO categories (and the themes and target groups they map "
            "to) from Frivillighetsregisteret's API for the imported voluntary organisations.",
        )
        icnpo.add_argument(
            "--icnpo-file",
            type=Path,
            help="Afterwards, take ICNPO categories from a saved Frivillighetsregisteret file.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            scope = Scope.build(
                county=options["county"],
                municipalities=options["municipality"],
                org_forms=[f.upper() for f in options["org_form"]] or None,
                all_forms=options["all_forms"],
                voluntary_only=options["voluntary_only"],
                public_bodies=not options["no_public_bodies"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["api"] and scope.whole_country:
            raise CommandError("--api needs --county or --municipality (the search is per place).")
        path: Path | None = options["file"]
        if path is not None and not path.is_file():
            raise CommandError(f"No such file: {path}")

        run = ImportRun.objects.create(
            source=ImportRun.Source.FILE if path else ImportRun.Source.API,
            county_id=options["county"] or None,
            whole_country=scope.whole_country,
            options={
                "file": str(path) if path else "",
                "county": options["county"],
                "municipalities": sorted(scope.municipalities),
                "org_forms": sorted(scope.org_forms),
                "voluntary_only": scope.voluntary_only,
                "public_bodies": scope.public_bodies,
                "batch_size": options["batch_size"],
            },
        )
        if scope.municipalities:
            run.municipalities.set(Municipality.objects.filter(number__in=scope.municipalities))

        client = None
        if path is not None:
            from samskap.directory.registers.readers import ReadError, iter_raw_units

            units: Iterable[Any] = iter_raw_units(path)
            fatal: tuple[type[BaseException], ...] = (ReadError,)
        else:
            from samskap.directory.registers.client import RegisterAPIError
            from samskap.directory.tasks import register_client

            client = register_client()
            units = api_units(client, scope=scope)
            fatal = (RegisterAPIError, OSError)

        started = time.monotonic()
        try:
            run_import(
                run,
                self._progress(units, every=options["progress_every"]),
                scope=scope,
                batch_size=options["batch_size"],
                fatal=fatal,
            )
        except ImportFailed:
            pass
        finally:
            if client is not None:
                client.close()
        self._report(run, seconds=time.monotonic() - started)
        if run.status == ImportRun.Status.FAILED:
            raise CommandError(f"Import run {run.pk} failed: {run.message}", returncode=1)
        # One command for the whole job: the voluntary register's categories on top.
        if options["with_icnpo"]:
            call_command(
                "import_frivillighetsregisteret", api=True, imported_only=True, **self._out()
            )
        elif options["icnpo_file"] is not None:
            call_command(
                "import_frivillighetsregisteret", file=options["icnpo_file"], **self._out()
            )

    def _out(self) -> dict[str, Any]:
        return {"stdout": self.stdout._out, "stderr": self.stderr._out}

    def _progress(self, items: Iterable[T], *, every: int) -> Iterator[T]:
        """A tqdm bar on a terminal; otherwise a plain line every `every` records."""
        if self.stderr.isatty():
            from tqdm import tqdm

            yield from tqdm(
                items, unit=" records", unit_scale=True, mininterval=0.5, file=sys.stderr
            )
            return
        started = time.monotonic()
        count = 0
        for count, item in enumerate(items, start=1):  # noqa: B007 - count is used after
            if every and count % every == 0:
                rate = count / max(time.monotonic() - started, 1e-9)
                self.stderr.write(f"{count:,} records read ({rate:,.0f}/s)")
            yield item
        self.stderr.write(f"{count:,} records read")

    def _report(self, run: ImportRun, *, seconds: float) -> None:
        run.refresh_from_db()
        lines = [
            f"Import run {run.pk}: {run.get_status_display()} in {seconds:.1f} s",
            f"  in scope:     {run.read:>9,}",
            f"  created:      {run.created:>9,}",
            f"  updated:      {run.updated:>9,}",
            f"  unchanged:    {run.unchanged:>9,}",
            f"  deactivated:  {run.deactivated:>9,}",
            f"  reactivated:  {run.reactivated:>9,}",
            f"  skipped:      {run.skipped:>9,}",
        ]
        if run.message:
            lines.append(f"  error: {run.message}")
        skipped = run.issues.filter(action="skipped")[:20]
        for issue in skipped:
            lines.append(
                f"  skipped record {issue.position} {issue.org_number or '-'}: "
                f"{issue.code}: {issue.reason}"
            )
        if run.skipped > len(skipped):
            lines.append(f"  … and {run.skipped - len(skipped):,} more (see the run's report)")
        self.stdout.write("\n".join(lines))
        if run.finished_at is None:
            run.finished_at = timezone.now()
            run.save(update_fields=["finished_at"])
