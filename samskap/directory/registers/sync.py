"""Upsert units of Enhetsregisteret into the directory, in atomic batches, with a report.

`RegisterSync` takes mapped units (`UnitRecord`) and unusable records (`RecordError`) one at a
time and writes them in batches of `batch_size`. Each batch is one transaction: it is written
completely or not at all, together with the run's counters and issues, so a run that fails
keeps the batches already committed and nothing half-written.

Per batch the number of queries is constant: one for the stored fingerprints, one to fetch
the register units that changed (with their organisations), one for organisations that have the
number but no register unit yet, one for the slugs already taken, then bulk inserts and
updates. On PostgreSQL updates are one `UPDATE … FROM (VALUES …)` per table (`bulk.py`), and
`run_import` writes the batches on a writer thread, inserting with `COPY`, while it reads on.

Rules:

- Keyed on organisation number. A unit whose `fingerprint` equals the stored one is
  *unchanged*: nothing is written for it (no UPDATE).
- The register's values (`REGISTER_FIELDS`) are copied onto the organisation except the fields
  named in `Organisation.local_fields` (what its own administrators edited). An organisation
  registered by hand on Samskap (source "manual") keeps its whole profile: the sync only links
  the register unit and keeps the status.
- Deleted (`slettedato`, or removed: HTTP 410), bankrupt or being wound up → the organisation
  becomes inactive, with the reason on the register unit; never deleted. When the register no
  longer says so, it becomes active again (*reactivated*). A unit seen for the first time that
  is already inactive is not created (skipped, with the reason).
- New organisations are public when registered in Frivillighetsregisteret or a public body
  (see `RegisterUnit`); the sync never changes `public` afterwards.
- Units missing from a source are *not* deactivated: absence from a search or a file also
  happens when a unit leaves the scope (another organisation form, municipality, or leaves
  Frivillighetsregisteret) or when a run is partial. The register marks deletion explicitly
  (`slettedato`, HTTP 410), and that is what the sync relies on.
"""

import functools
import logging
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from samskap.places.models import Municipality

from ..models import PUBLIC_BODY_FORMS, ImportRun, ImportRunIssue, Organisation, RegisterUnit
from ..services import RESERVED_SLUGS, TRANSLITERATION, organisation_search_values
from .bulk import copy_rows, copy_values, update_rows
from .records import Address, RecordError, UnitRecord

logger = logging.getLogger(__name__)

# Profile fields the register provides (copied unless edited locally).
REGISTER_FIELDS = (
    "name",
    "kind",
    "home_municipality",
    "website",
    "street_address",
    "postal_code",
    "postal_place",
    "description",
)
COUNTERS = ("read", "created", "updated", "unchanged", "deactivated", "reactivated", "skipped")
UNIT_FIELDS = (
    "name",
    "org_form",
    "industry_codes",
    "business_address",
    "postal_address",
    "municipality_number",
    "website",
    "activity",
    "registered_voluntary",
    "bankrupt",
    "winding_up",
    "forced_winding_up",
    "deleted_on",
    "inactive_reason",
    "inactive_since",
    "fingerprint",
    "synced_at",
)
MAX_DESCRIPTION = 5000


def _kind_for(record: UnitRecord) -> str:
    from .mapping import kind_for  # noqa: PLC0415 - Helper module, imported when used

    return str(kind_for(record.org_form, record.industry_codes, record.name))


@functools.cache
def _readable_place(place: str) -> str:
    """A postal place as people write it ("BØ I TELEMARK" → "Bø i Telemark"); the register
    writes them in capitals. Cached: a county has a few hundred of them."""
    from .names import readable_name  # noqa: PLC0415

    return readable_name(place)


def _address_json(address: Address | None) -> dict[str, Any] | None:
    if address is None:
        return None
    return {
        "lines": list(address.lines),
        "postal_code": address.postal_code,
        "postal_place": address.postal_place,
        "municipality_number": address.municipality_number,
    }


def _base_slug(name: str) -> str:
    base = slugify(name.translate(TRANSLITERATION))[:190].strip("-") or "aktor"
    return f"{base}-aktor" if base in RESERVED_SLUGS else base


def _reason_text(code: str) -> str:
    return str(ImportRunIssue.Code(code).label) if code in ImportRunIssue.Code.values else code


@dataclass
class Counts:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    reactivated: int = 0
    skipped: int = 0

    def add_to(self, run: ImportRun) -> None:
        for name in COUNTERS:
            setattr(run, name, getattr(run, name) + getattr(self, name))


@dataclass
class _Batch:
    records: dict[str, UnitRecord] = field(default_factory=dict)
    issues: list[ImportRunIssue] = field(default_factory=list)
    positions: dict[str, int] = field(default_factory=dict)
    counts: Counts = field(default_factory=Counts)

    def __len__(self) -> int:
        return len(self.records) + len(self.issues)


class _Writer:
    """Writes batches on its own thread (and so its own database connection), fed through a
    small queue, so the database works while the reader parses the next batch.

    The first error stops the writing; the batches queued after it are dropped, and the error
    is raised in the reader's thread by the next `put()` or by `close()`.
    """

    def __init__(self, write: Callable[[_Batch], None]) -> None:
        self._write = write
        self._queue: queue.Queue[_Batch | None] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._raised = False
        self._thread = threading.Thread(target=self._run, name="register-sync-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            while (batch := self._queue.get()) is not None:
                if self._error is None:
                    try:
                        self._write(batch)
                    except BaseException as error:  # raised in the reader's thread
                        self._error = error
        finally:
            connections.close_all()  # this thread's connections only

    def _raise(self) -> None:
        if self._error is not None and not self._raised:
            self._raised = True
            raise self._error

    def put(self, batch: _Batch) -> None:
        self._raise()
        self._queue.put(batch)

    def close(self, *, raise_error: bool = True) -> None:
        """Wait until the queued batches are written; raise the writer's error, if any."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        if raise_error:
            self._raise()


class RegisterSync:
    """Feed it records; it writes them in atomic batches and keeps the run's report.

    With `threaded=True` on PostgreSQL (outside a transaction) the batches are written on a
    writer thread while the caller goes on feeding; each batch is still one transaction, and
    `finish()` / `fail()` wait for the batches already handed over. Elsewhere (SQLite has a
    single writer; inside a transaction another connection would not see its data) batches
    are written in the caller's thread.
    """

    def __init__(self, run: ImportRun, *, batch_size: int = 1000, threaded: bool = False) -> None:
        self.run = run
        self.batch_size = max(1, batch_size)
        self.batch = _Batch()
        self.municipalities = {m.number: m for m in Municipality.objects.all()}
        self.now = timezone.now()
        self.today = timezone.localdate()
        # On the writer thread (PostgreSQL) new rows go in with COPY instead of bulk_create.
        self._copy = (
            threaded and connection.vendor == "postgresql" and not connection.in_atomic_block
        )
        self._writer = _Writer(self._write_batch) if self._copy else None

    # --- feeding ----------------------------------------------------------------------------

    def feed(self, item: UnitRecord | RecordError, *, position: int = 0) -> None:
        """Take one record (or the error a record gave); write a batch when it is full."""
        batch = self.batch
        batch.counts.read += 1
        if isinstance(item, RecordError):
            self._skip(item.position or position, item.org_number, item.code, item.reason)
        elif item.org_number in batch.records:
            self._skip(
                position,
                item.org_number,
                ImportRunIssue.Code.DUPLICATE,
                "The unit occurs more than once in the source; the first one is used.",
            )
        else:
            batch.records[item.org_number] = item
            batch.positions[item.org_number] = position
        if len(batch) >= self.batch_size:
            self.flush()

    def _skip(self, position: int, org_number: str, code: str, reason: str) -> None:
        self.batch.counts.skipped += 1
        self.batch.issues.append(
            ImportRunIssue(
                run=self.run,
                position=position,
                org_number=org_number[:20],
                action=ImportRunIssue.Action.SKIPPED,
                code=code if code in ImportRunIssue.Code.values else ImportRunIssue.Code.INVALID,
                reason=reason or _reason_text(code),
            )
        )

    def flush(self) -> None:
        """Write the pending batch in one transaction (with the run's counters and issues)."""
        batch, self.batch = self.batch, _Batch()
        if not len(batch) and not batch.counts.read:
            return
        if self._writer is not None:
            self._writer.put(batch)
        else:
            self._write_batch(batch)

    def _write_batch(self, batch: _Batch) -> None:
        try:
            with transaction.atomic():
                self._write(batch)
                batch.counts.add_to(self.run)
                self.run.save(update_fields=COUNTERS)
        except BaseException:
            # The database rolled the batch back; the run's counters in memory must match.
            self.run.refresh_from_db(fields=COUNTERS)
            raise

    def finish(self) -> ImportRun:
        """Write what is pending and mark the run as succeeded."""
        self.flush()
        if self._writer is not None:
            self._writer.close()
        self.run.status = ImportRun.Status.SUCCEEDED
        self.run.finished_at = timezone.now()
        self.run.save(update_fields=["status", "finished_at"])
        return self.run

    def fail(self, message: str) -> ImportRun:
        """Mark the run as failed. The pending (unwritten) batch is dropped; the batches
        already written stay."""
        self.batch = _Batch()
        if self._writer is not None:
            self._writer.close(raise_error=False)
        self.run.status = ImportRun.Status.FAILED
        self.run.message = message
        self.run.finished_at = timezone.now()
        self.run.save(update_fields=["status", "message", "finished_at"])
        return self.run

    # --- writing one batch ------------------------------------------------------------------

    def _write(self, batch: _Batch) -> None:
        records = batch.records
        numbers = list(records)
        # Fingerprints first: only the units that changed are loaded (with their
        # organisations); on a re-run that is usually none.
        stored = dict(
            RegisterUnit.objects.filter(org_number__in=numbers).values_list(
                "org_number", "fingerprint"
            )
        )
        changed_numbers = [n for n, print_ in stored.items() if print_ != records[n].fingerprint]
        units = (
            {
                unit.org_number: unit
                for unit in RegisterUnit.objects.filter(
                    org_number__in=changed_numbers
                ).select_related("organisation")
            }
            if changed_numbers
            else {}
        )
        unlinked_numbers = [n for n in numbers if n not in stored]
        unlinked = (
            {o.org_number: o for o in Organisation.objects.filter(org_number__in=unlinked_numbers)}
            if unlinked_numbers
            else {}
        )
        new_records = [records[n] for n in unlinked_numbers if n not in unlinked]
        new_units: list[RegisterUnit] = []
        changed_units: list[RegisterUnit] = []
        changed_orgs: list[Organisation] = []
        moved: list[tuple[int, str | None, str | None]] = []  # (organisation, old, new home)
        issues = batch.issues
        counts = batch.counts

        for number in numbers:
            record = records[number]
            unit = units.get(number)
            if unit is None and number in stored:  # the same fingerprint
                counts.unchanged += 1
                continue
            organisation = unit.organisation if unit is not None else unlinked.get(number)
            if organisation is None:
                continue  # new: created below
            if unit is None:
                unit = RegisterUnit(organisation=organisation, org_number=number)
                new_units.append(unit)
            else:
                changed_units.append(unit)
            was_active = organisation.status == Organisation.Status.ACTIVE
            inactive_by_register = bool(unit.inactive_reason)
            old_home = organisation.home_municipality_id
            self._fill_unit(unit, record)
            if organisation.source == Organisation.Source.REGISTER and record.name:
                self._copy_to_organisation(organisation, record)
                if (
                    organisation.home_municipality_id != old_home
                    and "municipalities_served" not in (organisation.local_fields or ())
                ):
                    moved.append((organisation.pk, old_home, organisation.home_municipality_id))
            action = self._apply_status(
                organisation, unit, was_active=was_active, inactive_by_register=inactive_by_register
            )
            organisation.register_synced_at = self.now
            organisation.updated_at = self.now
            changed_orgs.append(organisation)
            if action == "deactivated":
                counts.deactivated += 1
                issues.append(self._status_issue(batch, unit, ImportRunIssue.Action.DEACTIVATED))
            elif action == "reactivated":
                counts.reactivated += 1
                issues.append(self._status_issue(batch, unit, ImportRunIssue.Action.REACTIVATED))
            else:
                counts.updated += 1

        created = self._create(batch, new_records)
        if created:
            if self._copy:
                copy_rows(Organisation, created, with_pk=True)
            else:
                Organisation.objects.bulk_create(created)
            new_units.extend(
                self._fill_unit(
                    RegisterUnit(organisation=o, org_number=o.org_number), records[o.org_number]
                )
                for o in created
                if o.org_number
            )
            through = Organisation.municipalities_served.through
            if self._copy:
                copy_values(
                    through,
                    ("organisation_id", "municipality_id"),
                    ((o.pk, o.home_municipality_id) for o in created if o.home_municipality_id),
                )
            else:
                through.objects.bulk_create(
                    [
                        through(organisation_id=o.pk, municipality_id=o.home_municipality_id)
                        for o in created
                        if o.home_municipality_id
                    ]
                )
            counts.created += len(created)
        if moved:
            self._move_served(moved)
        if changed_orgs:
            update_rows(
                Organisation,
                changed_orgs,
                [
                    *(f for f in REGISTER_FIELDS),
                    "status",
                    "register_synced_at",
                    "updated_at",
                    "search_text",
                    "search_stems",
                ],
            )
        if new_units:
            if self._copy:
                copy_rows(RegisterUnit, new_units)
            else:
                RegisterUnit.objects.bulk_create(new_units)
        if changed_units:
            update_rows(RegisterUnit, changed_units, UNIT_FIELDS)
        if issues:
            if self._copy:
                copy_rows(ImportRunIssue, issues)
            else:
                ImportRunIssue.objects.bulk_create(issues)

    def _move_served(self, moved: list[tuple[int, str | None, str | None]]) -> None:
        """An organisation that moved serves its new home municipality instead of the old
        one (unless its administrators chose the municipalities served): two queries."""
        through = Organisation.municipalities_served.through
        old = Q()
        for pk, old_home, _new_home in moved:
            if old_home:
                old |= Q(organisation_id=pk, municipality_id=old_home)
        if old:
            through.objects.filter(old).delete()
        through.objects.bulk_create(
            [
                through(organisation_id=pk, municipality_id=new_home)
                for pk, _old_home, new_home in moved
                if new_home
            ],
            ignore_conflicts=True,
        )

    def _fill_unit(self, unit: RegisterUnit, record: UnitRecord) -> RegisterUnit:
        if record.name:  # a removed unit (HTTP 410) says nothing but that it is gone
            unit.name = record.name[:300]
            unit.org_form = record.org_form[:10]
            unit.industry_codes = list(record.industry_codes)
            unit.business_address = _address_json(record.business_address)
            unit.postal_address = _address_json(record.postal_address)
            unit.municipality_number = record.municipality_number
            unit.website = record.website[:300]
            unit.activity = record.activity
            unit.registered_voluntary = record.registered_voluntary
        unit.bankrupt = record.bankrupt
        unit.winding_up = record.winding_up
        unit.forced_winding_up = record.forced_winding_up
        unit.deleted_on = record.deleted_on
        unit.fingerprint = record.fingerprint
        unit.synced_at = self.now
        reason = _inactive_reason(record)
        if reason != unit.inactive_reason:
            unit.inactive_since = (record.deleted_on or self.today) if reason else None
        unit.inactive_reason = reason
        return unit

    def _register_values(self, record: UnitRecord) -> dict[str, Any]:
        address = record.business_address or record.postal_address or Address()
        return {
            "name": (record.readable_name or record.name).strip()[:200],
            "kind": _kind_for(record),
            "home_municipality": self.municipalities.get(record.municipality_number),
            "website": record.website[:300],
            "street_address": ", ".join(line for line in address.lines if line)[:200],
            "postal_code": address.postal_code[:4],
            "postal_place": _readable_place(address.postal_place)[:100],
            "description": record.activity[:MAX_DESCRIPTION],
        }

    def _copy_to_organisation(self, organisation: Organisation, record: UnitRecord) -> None:
        local = set(organisation.local_fields or ())
        for name, value in self._register_values(record).items():
            if name not in local:
                setattr(organisation, name, value)
        self._set_search(organisation)

    def _set_search(self, organisation: Organisation) -> None:
        # The municipality object from memory: reading the relation would query per record.
        organisation.home_municipality = self.municipalities.get(
            organisation.home_municipality_id or ""
        )
        for name, value in organisation_search_values(organisation).items():
            setattr(organisation, name, value)

    def _apply_status(
        self,
        organisation: Organisation,
        unit: RegisterUnit,
        *,
        was_active: bool,
        inactive_by_register: bool,
    ) -> str:
        """Set the organisation's status from the register; returns what happened. Only an
        organisation the register made inactive is made active again by the register (one a
        platform administrator made inactive stays so)."""
        if unit.inactive_reason:
            organisation.status = Organisation.Status.INACTIVE
            return "deactivated" if was_active else ""
        if not was_active and inactive_by_register:
            organisation.status = Organisation.Status.ACTIVE
            return "reactivated"
        return ""

    def _status_issue(self, batch: _Batch, unit: RegisterUnit, action: str) -> ImportRunIssue:
        code = unit.inactive_reason or ImportRunIssue.Code.BACK
        return ImportRunIssue(
            run=self.run,
            position=batch.positions.get(unit.org_number, 0),
            org_number=unit.org_number,
            action=action,
            code=code,
            reason=_reason_text(code),
        )

    def _create(self, batch: _Batch, records: list[UnitRecord]) -> list[Organisation]:
        """New organisations for `records`, with slugs unique against the database (one
        query for the whole batch) and each other."""
        active: list[UnitRecord] = []
        for record in records:
            reason = _inactive_reason(record)
            if reason:
                batch.records.pop(record.org_number, None)
                self._skip_into(batch, record, reason)
            else:
                active.append(record)
        if not active:
            return []
        bases = {r.org_number: _base_slug(r.readable_name or r.name) for r in active}
        candidates = set(bases.values()) | {f"{b}-{n}" for n, b in bases.items()}
        taken = set(Organisation.objects.filter(slug__in=candidates).values_list("slug", flat=True))
        organisations = []
        for record in active:
            base = bases[record.org_number]
            slug = base if base not in taken else f"{base}-{record.org_number}"
            n = 1
            while slug in taken:
                n += 1
                slug = f"{base}-{record.org_number}-{n}"
            taken.add(slug)
            organisation = Organisation(
                org_number=record.org_number,
                slug=slug,
                source=Organisation.Source.REGISTER,
                status=Organisation.Status.ACTIVE,
                public=record.registered_voluntary or record.org_form in PUBLIC_BODY_FORMS,
                register_synced_at=self.now,
                local_fields=[],
                **self._register_values(record),
            )
            self._set_search(organisation)
            organisations.append(organisation)
        return organisations

    def _skip_into(self, batch: _Batch, record: UnitRecord, reason: str) -> None:
        batch.counts.skipped += 1
        batch.issues.append(
            ImportRunIssue(
                run=self.run,
                position=batch.positions.get(record.org_number, 0),
                org_number=record.org_number,
                action=ImportRunIssue.Action.SKIPPED,
                code=reason,
                reason="Not imported: the unit is already inactive in the register.",
            )
        )


def _inactive_reason(record: UnitRecord) -> str:
    reason = record.inactive_reason
    if reason == "deleted" and getattr(record, "removed", False):
        return RegisterUnit.InactiveReason.REMOVED
    return reason


# --- running a whole import -----------------------------------------------------------------


class ImportFailed(Exception):
    """A fatal error ended the run (it is marked failed, with the message)."""


def run_import(
    run: ImportRun,
    units: Iterable[tuple[int, dict[str, Any] | RecordError]],
    *,
    scope: Any,
    batch_size: int = 1000,
    fatal: tuple[type[BaseException], ...] = (),
) -> ImportRun:
    """Read `units` (position, raw unit or error), keep those in `scope`, map and sync them.

    Errors of the types in `fatal` (read errors of a file, HTTP errors of the API) mark the run
    failed with the message and raise `ImportFailed`; the batches written before stay.
    """
    from .mapping import MunicipalityLookup, map_unit  # noqa: PLC0415

    run.status = ImportRun.Status.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    sync = RegisterSync(run, batch_size=batch_size, threaded=True)
    lookup = MunicipalityLookup()
    # Looked up once: the loop runs for every unit of the file (1.5 million).
    accepts_raw, accepts_record, feed = scope.accepts_raw, scope.accepts_record, sync.feed
    try:
        for position, raw in units:
            if raw.__class__ is not dict and isinstance(raw, RecordError):
                feed(raw, position=position)
                continue
            try:
                accepted = accepts_raw(raw)
            except (AttributeError, TypeError):
                accepted = True  # a malformed record: mapping reports why
            if not accepted:
                continue
            item = map_unit(raw, position=position, municipalities=lookup)
            if isinstance(item, UnitRecord) and not accepts_record(item.municipality_number):
                continue
            feed(item, position=position)
        return sync.finish()
    except fatal as error:
        sync.fail(str(error))
        raise ImportFailed(str(error)) from error
    except BaseException as error:
        sync.fail(f"{type(error).__name__}: {error}")
        raise


def api_units(client: Any, *, scope: Any) -> Iterator[tuple[int, dict[str, Any] | RecordError]]:
    """The scope's units from the register API, with positions (1-based), followed by one
    `RecordError` per search that hit the API's 10,000-hit limit (those municipalities and
    organisation forms are incomplete: only the bulk file has them all)."""
    units = client.iter_units(
        municipality_numbers=sorted(scope.municipalities),
        org_forms=scope.api_org_forms(),
        registered_voluntary=True if scope.voluntary_only else None,
    )
    yield from enumerate(units, start=1)
    for warning in client.warnings:
        yield 0, RecordError(position=0, reason=warning.reason, code="search_limit")
