"""The Register of Non-Profit Organisations (Frivillighetsregisteret): parse its organisations and
bring their ICNPO categories onto the organisations imported from Enhetsregisteret.

The voluntary register has no names or addresses; it is joined on the organisation number with
what `import_brreg` created (`RegisterUnit` → `Organisation`). For each organisation found:

- `RegisterUnit.icnpo_codes` holds the codes as the register has them (normalised, in the
  register's order);
- `Organisation.icnpo_categories` is set to exactly those categories;
- the themes and target groups the ICNPO mapping table gives are *added* (never removed),
  unless the organisation's administrators have edited that field (`Organisation.local_fields`
  names "themes" / "target_groups").

An organisation number not (yet) imported from Enhetsregisteret is skipped and reported. Each
batch is atomic and a second run with the same data changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ijson
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from samskap.directory import orgnr
from samskap.directory.models import (
    IcnpoCategory,
    ImportRun,
    ImportRunIssue,
    Organisation,
    RegisterUnit,
    TargetGroup,
    Theme,
)

from . import icnpo
from .records import RecordError, VoluntaryRecord

NOT_IMPORTED = "not_imported"  # ImportRunIssue code: not (yet) imported from Enhetsregisteret
DUPLICATE = "duplicate"


class FileFormatError(Exception):
    """A saved file that is not JSON of the expected shape."""


def _parse_date(value: object) -> datetime.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _category_name(category: dict[str, Any]) -> str:
    """The category's readable name, if the response has one (`navn`, or a `kategori` that is
    not an enum constant such as "ICNPOKategori.internasjonaleOrganisasjoner")."""
    for key in ("navn", "kategori"):
        value = category.get(key)
        if isinstance(value, dict):
            value = value.get("navn") or value.get("beskrivelse")
        if isinstance(value, str) and value.strip() and "." not in value:
            return value.strip()
    return ""


def parse(raw: object, *, position: int = 0) -> VoluntaryRecord | RecordError:
    """One organisation of the voluntary register's API → `VoluntaryRecord`, or `RecordError`
    when it cannot be used (not an object, no or an invalid organisation number)."""
    if not isinstance(raw, dict):
        return RecordError(position, "The record is not a JSON object.", code="broken")
    number = raw.get("organisasjonsnummer")
    number = orgnr.normalise(str(number)) if number not in (None, "") else ""
    if not number:
        return RecordError(position, "The record has no organisation number.", code="no_org_number")
    if not orgnr.is_valid(number):
        return RecordError(
            position,
            f"{number} is not a valid organisation number.",
            org_number=number,
            code="invalid_org_number",
        )
    categories = raw.get("icnpoKategorier") or []
    if not isinstance(categories, list):
        return RecordError(
            position, "icnpoKategorier is not a list.", org_number=number, code="invalid"
        )
    ordered: list[tuple[float, int, str, str]] = []
    for index, category in enumerate(categories):
        if not isinstance(category, dict):
            continue
        try:
            code = icnpo.normalise_code(category.get("icnpoNummer"))
        except ValueError:
            continue
        try:
            order = float(category.get("rekkefoelge") or index + 1)
        except (TypeError, ValueError):
            order = float(index + 1)
        ordered.append((order, index, code, _category_name(category)))
    codes: list[str] = []
    names: dict[str, str] = {}
    for _order, _index, code, name in sorted(ordered):
        if code not in codes:
            codes.append(code)
        if name and code not in names:
            names[code] = name
    status = raw.get("frivilligOrganisasjonsstatus") or ""
    if isinstance(status, dict):
        status = status.get("kode") or status.get("navn") or ""
    return VoluntaryRecord(
        org_number=number,
        status=str(status),
        icnpo_codes=codes,
        registered_on=_parse_date(raw.get("innfoertDato")),
        icnpo_names=names,
    )


# --- saved files -----------------------------------------------------------------------------


def _organisations_of(item: object) -> Iterator[object]:
    """The organisations in one element of a saved file: an API response page (with or without
    `_embedded`) or one organisation."""
    if isinstance(item, dict) and ("_embedded" in item or "_links" in item or "page" in item):
        yield from (item.get("_embedded") or {}).get("frivilligeOrganisasjoner") or []
    else:
        yield item


def iter_file(path: Path) -> Iterator[object]:
    """Raw organisations of a saved JSON file, streamed: one API response, a list of responses,
    or a list of organisations (or one organisation)."""
    with path.open("rb") as f:
        head = f.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
        f.seek(0)
        if head.startswith(b"\xef\xbb\xbf"):
            f.read(3)
        try:
            if head.startswith(b"["):
                for item in ijson.items(f, "item", use_float=True):
                    yield from _organisations_of(item)
            elif head.startswith(b"{"):
                for item in ijson.items(f, "", use_float=True):
                    yield from _organisations_of(item)
            else:
                raise FileFormatError(f"{path} is not a JSON object or array.")
        except ijson.JSONError as error:
            raise FileFormatError(f"{path} is not valid JSON: {error}") from error


# --- the import ------------------------------------------------------------------------------


@dataclass
class _Counts:
    read: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    issues: list[ImportRunIssue] = field(default_factory=list)


class VoluntaryImport:
    """Apply voluntary-register records to the organisations imported from Enhetsregisteret,
    writing the counts and skipped records to `run`. Feed `(position, record)` pairs, then call
    `finish()`. Each batch (its changes, its issues and the run's counters) is one transaction:
    a batch that fails leaves nothing of itself behind."""

    COUNTERS = ("read", "updated", "unchanged", "skipped")

    def __init__(self, run: ImportRun, *, batch_size: int = 500) -> None:
        self.run = run
        self.batch_size = max(1, batch_size)
        self._batch: list[tuple[int, VoluntaryRecord]] = []
        self._pending = _Counts()
        self._seen: set[str] = set()
        self._theme_ids = dict(Theme.objects.values_list("slug", "pk"))
        self._group_ids = dict(TargetGroup.objects.values_list("slug", "pk"))
        self._categories = set(IcnpoCategory.objects.values_list("code", flat=True))

    def feed(self, position: int, item: VoluntaryRecord | RecordError) -> None:
        self._pending.read += 1
        if isinstance(item, RecordError):
            self._skip(item.position or position, item.org_number, item.code, item.reason)
        elif item.org_number in self._seen:
            self._skip(
                position,
                item.org_number,
                DUPLICATE,
                f"Organisation {item.org_number} occurs more than once in the source; "
                "the first occurrence was used.",
            )
        else:
            self._seen.add(item.org_number)
            self._batch.append((position, item))
        if len(self._batch) + len(self._pending.issues) >= self.batch_size:
            self.flush()

    def _skip(self, position: int, org_number: str, code: str, reason: str) -> None:
        self._pending.skipped += 1
        self._pending.issues.append(
            ImportRunIssue(
                run=self.run,
                position=position,
                org_number=org_number[:20],
                action=ImportRunIssue.Action.SKIPPED,
                code=code,
                reason=reason,
            )
        )

    def flush(self) -> None:
        """Write the pending batch, its issues and the run's counters in one transaction."""
        batch, self._batch = self._batch, []
        pending, self._pending = self._pending, _Counts()
        if not batch and not pending.read:
            return
        try:
            with transaction.atomic():
                counts = self._apply(batch) if batch else _Counts()
                ImportRunIssue.objects.bulk_create(pending.issues + counts.issues)
                self.run.read += pending.read
                self.run.updated += counts.updated
                self.run.unchanged += counts.unchanged
                self.run.skipped += pending.skipped + counts.skipped
                self.run.save(update_fields=list(self.COUNTERS))
        except BaseException:
            # The database rolled the batch back; keep what is in memory in step.
            self.run.refresh_from_db(fields=list(self.COUNTERS))
            self._categories = set(IcnpoCategory.objects.values_list("code", flat=True))
            raise

    def finish(self) -> ImportRun:
        self.flush()
        return self.run

    def _ensure_categories(self, records: Iterable[VoluntaryRecord]) -> None:
        missing: dict[str, str] = {}
        for record in records:
            for code in record.icnpo_codes:
                if code not in self._categories and code not in missing:
                    missing[code] = record.icnpo_names.get(code, "") or code
        if missing:
            IcnpoCategory.objects.bulk_create(
                [IcnpoCategory(code=code, name=name) for code, name in missing.items()],
                ignore_conflicts=True,
            )
            self._categories.update(missing)

    def _apply(self, batch: list[tuple[int, VoluntaryRecord]]) -> _Counts:
        counts = _Counts()
        numbers = [record.org_number for _position, record in batch]
        units = {
            unit.org_number: unit
            for unit in RegisterUnit.objects.filter(org_number__in=numbers).select_related(
                "organisation"
            )
        }
        found = [(position, r) for position, r in batch if r.org_number in units]
        for position, record in batch:
            if record.org_number not in units:
                counts.skipped += 1
                counts.issues.append(
                    ImportRunIssue(
                        run=self.run,
                        position=position,
                        org_number=record.org_number,
                        action=ImportRunIssue.Action.SKIPPED,
                        code=NOT_IMPORTED,
                        reason=(
                            f"Organisation {record.org_number} is in the Register of Non-Profit "
                            "Organisations but has not been imported from the Central "
                            "Coordinating Register (run import_brreg for its municipality "
                            "first)."
                        ),
                    )
                )
        self._ensure_categories(record for _position, record in found)

        org_ids = [units[r.org_number].organisation_id for _p, r in found]
        cat_through = Organisation.icnpo_categories.through
        theme_through = Organisation.themes.through
        group_through = Organisation.target_groups.through
        current_cats = _relation_sets(cat_through, "icnpocategory_id", org_ids)
        current_themes = _relation_sets(theme_through, "theme_id", org_ids)
        current_groups = _relation_sets(group_through, "targetgroup_id", org_ids)

        changed_units: list[RegisterUnit] = []
        add_cats: list[Any] = []
        remove_cats = Q(pk__in=[])
        add_themes: list[Any] = []
        add_groups: list[Any] = []
        touched: set[int] = set()
        for _position, record in found:
            unit = units[record.org_number]
            organisation = unit.organisation
            org_id = organisation.pk
            changed = False
            if list(unit.icnpo_codes or []) != record.icnpo_codes:
                unit.icnpo_codes = list(record.icnpo_codes)
                changed_units.append(unit)
                changed = True
            wanted = set(record.icnpo_codes)
            have = current_cats.get(org_id, set())
            for code in sorted(wanted - have):
                add_cats.append(cat_through(organisation_id=org_id, icnpocategory_id=code))
                changed = True
            if have - wanted:
                remove_cats |= Q(organisation_id=org_id, icnpocategory_id__in=have - wanted)
                changed = True
            themes, groups = icnpo.mapped(record.icnpo_codes)
            local = set(organisation.local_fields or [])
            if "themes" not in local:
                theme_ids = {self._theme_ids[s] for s in themes if s in self._theme_ids}
                for theme_id in sorted(theme_ids - current_themes.get(org_id, set())):
                    add_themes.append(theme_through(organisation_id=org_id, theme_id=theme_id))
                    changed = True
            if "target_groups" not in local:
                group_ids = {self._group_ids[s] for s in groups if s in self._group_ids}
                for group_id in sorted(group_ids - current_groups.get(org_id, set())):
                    add_groups.append(
                        group_through(organisation_id=org_id, targetgroup_id=group_id)
                    )
                    changed = True
            if changed:
                counts.updated += 1
                touched.add(org_id)
            else:
                counts.unchanged += 1

        if changed_units:
            RegisterUnit.objects.bulk_update(changed_units, ["icnpo_codes"])
        cat_through.objects.filter(remove_cats).delete()
        cat_through.objects.bulk_create(add_cats, ignore_conflicts=True)
        theme_through.objects.bulk_create(add_themes, ignore_conflicts=True)
        group_through.objects.bulk_create(add_groups, ignore_conflicts=True)
        if touched:
            Organisation.objects.filter(pk__in=touched).update(updated_at=timezone.now())
        return counts


def _relation_sets(through: Any, column: str, org_ids: list[int]) -> dict[int, set[Any]]:
    result: dict[int, set[Any]] = {}
    for org_id, value in through.objects.filter(organisation_id__in=org_ids).values_list(
        "organisation_id", column
    ):
        result.setdefault(org_id, set()).add(value)
    return result
