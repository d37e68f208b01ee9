"""Stream raw units from Enhetsregisteret's bulk file, never loading it whole.

Accepted files (gzip is detected by its magic bytes, whatever the name says; JSON or CSV by the
first character of the content):

- JSON, plain or gzipped: one array of units as served by `/enhetsregisteret/api/enheter/lastned`
  (`enheter_alle.json.gz`), read with `ijson.items(f, "item")`. A saved search page of the API
  (an object with `_embedded.enheter`) is read too.
- CSV, plain or gzipped: the register's CSV with dotted column names (`organisasjonsform.kode`,
  `forretningsadresse.kommunenummer`, …). Each row becomes the same nested dict as the JSON:
  dotted names become nested objects, empty cells are left out, `true`/`false` become booleans,
  and the list fields (address lines, `aktivitet`, `vedtektsfestetFormaal`) are split on line
  breaks. Fields may hold line breaks inside quotes; the delimiter (`,` or `;`) is taken from
  the header line.

`iter_raw_units` yields `(position, raw_dict)` with 1-based positions, or `(position,
RecordError(code="broken"))` for an element that is not an object / a row that does not fit the
header, and goes on. A fatal error of the stream (truncated or corrupt gzip, JSON syntax error,
undecodable text) raises `ReadError` after everything read before it has been yielded.
"""

import codecs
import csv
import gzip
import io
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ijson

from .records import RecordError

GZIP_MAGIC = b"\x1f\x8b"

# CSV columns (after the dot, or whole) that are lists of lines in the register's JSON.
LIST_FIELDS = frozenset({"adresse", "aktivitet", "vedtektsfestetFormaal"})
# CSV columns whose `true`/`false` are booleans in the register's JSON.
BOOLEAN_FIELDS = frozenset(
    {
        "konkurs",
        "underAvvikling",
        "underTvangsavviklingEllerTvangsopplosning",
        "harRegistrertAntallAnsatte",
    }
)
BOOLEAN_PREFIXES = ("registrertI",)
# The register's spelling of the names the mapping reads, for CSV headers spelled otherwise
# ("Organisasjonsnummer", "registrertifrivillighetsregisteret").
_CANONICAL = {
    name.lower(): name
    for name in (
        "organisasjonsnummer", "navn", "organisasjonsform", "naeringskode1", "naeringskode2",
        "naeringskode3", "kode", "beskrivelse", "hjemmeside", "forretningsadresse",
        "postadresse", "adresse", "postnummer", "poststed", "kommune", "kommunenummer", "land",
        "landkode", "aktivitet", "vedtektsfestetFormaal", "registrertIFrivillighetsregisteret",
        "konkurs", "underAvvikling", "underTvangsavviklingEllerTvangsopplosning", "slettedato",
    )
}  # fmt: skip

# Fatal errors of the underlying stream.
_STREAM_ERRORS = (EOFError, OSError, zlib.error, UnicodeDecodeError, csv.Error, ijson.JSONError)

RawItem = tuple[int, dict[str, Any] | RecordError]


class ReadError(Exception):
    """The file cannot be read on from `position` (1-based record number) on."""

    def __init__(self, position: int, reason: str) -> None:
        super().__init__(position, reason)
        self.position = position
        self.reason = reason

    def __str__(self) -> str:
        return f"record {self.position}: {self.reason}"


@contextmanager
def open_decompressed(path: Path | str) -> Iterator[io.BufferedIOBase]:
    """The file's bytes, decompressed when it is gzip (by its magic bytes, not its name)."""
    raw = open(path, "rb")  # noqa: SIM115 - closed by _decompressed
    with _decompressed(raw) as stream:
        yield stream


@contextmanager
def _decompressed(raw: io.BufferedReader) -> Iterator[io.BufferedIOBase]:
    try:
        if raw.peek(2)[:2] == GZIP_MAGIC:
            stream: io.BufferedIOBase = gzip.GzipFile(fileobj=raw, mode="rb")
            try:
                yield stream
            finally:
                stream.close()
        else:
            yield raw
    finally:
        raw.close()


def iter_raw_units(path: Path | str) -> Iterator[RawItem]:
    """Yield `(position, raw unit dict | RecordError)` for every record of a bulk file."""
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed by _decompressed
    except OSError as error:
        raise ReadError(1, _describe(error)) from error
    with _decompressed(raw) as stream:
        try:
            head = _peek_content(stream)
        except _STREAM_ERRORS as error:
            raise ReadError(1, _describe(error)) from error
        if not head:
            raise ReadError(1, "The file is empty.")
        if head[:1] == b"[":
            yield from _iter_json(stream, "item")
        elif head[:1] == b"{":
            yield from _iter_json(stream, "_embedded.enheter.item")
        else:
            yield from _iter_csv(stream)


def _peek_content(stream: io.BufferedIOBase) -> bytes:
    """The first bytes of content (after a byte-order mark and white space), without consuming
    anything but the byte-order mark and the white space."""
    peek = getattr(stream, "peek", None)
    if peek is None:  # pragma: no cover - GzipFile and BufferedReader both peek
        return b"?"
    while True:
        head: bytes = peek(64)[:64]
        if head.startswith(codecs.BOM_UTF8):
            stream.read(len(codecs.BOM_UTF8))
            continue
        stripped = head.lstrip()
        if stripped:
            return stripped
        if not head:
            return b""
        stream.read(len(head))


def _describe(error: BaseException) -> str:
    if isinstance(error, EOFError):
        return "The compressed file ends too early (truncated download?)."
    if isinstance(error, ijson.JSONError):
        return f"The JSON is broken: {error}"
    if isinstance(error, UnicodeDecodeError):
        return f"The text is not UTF-8: {error}"
    if isinstance(error, csv.Error):
        return f"The CSV is broken: {error}"
    return f"The file cannot be read: {error}"


def _iter_json(stream: io.BufferedIOBase, prefix: str) -> Iterator[RawItem]:
    position = 0
    try:
        for item in ijson.items(stream, prefix, use_float=True):
            position += 1
            if type(item) is dict:
                yield position, item
            else:
                yield (
                    position,
                    RecordError(
                        position=position,
                        reason=f"The record is not a JSON object but {_json_type(item)}.",
                        code="broken",
                    ),
                )
    except _STREAM_ERRORS as error:
        raise ReadError(position + 1, _describe(error)) from error


def _json_type(item: object) -> str:
    if item is None:
        return "null"
    if isinstance(item, bool):
        return "a boolean"
    if isinstance(item, int | float):
        return "a number"
    if isinstance(item, str):
        return "a string"
    if isinstance(item, list):
        return "an array"
    return type(item).__name__  # pragma: no cover


def _column_plan(header: list[str]) -> list[tuple[str, str | None, str]]:
    """For each column: (top key, nested key or None, kind: text | list | bool)."""
    plan = []
    for name in header:
        top, _, sub = name.strip().partition(".")
        top = _CANONICAL.get(top.lower(), top)
        sub = _CANONICAL.get(sub.lower(), sub)
        leaf = sub or top
        if leaf in LIST_FIELDS:
            kind = "list"
        elif leaf in BOOLEAN_FIELDS or leaf.startswith(BOOLEAN_PREFIXES):
            kind = "bool"
        else:
            kind = "text"
        plan.append((top, sub or None, kind))
    return plan


def _row_to_unit(row: list[str], plan: list[tuple[str, str | None, str]]) -> dict[str, Any]:
    unit: dict[str, Any] = {}
    for value, (top, sub, kind) in zip(row, plan, strict=True):
        if value == "":
            continue
        converted: Any
        if kind == "text":
            converted = value
        elif kind == "list":
            converted = value.splitlines()
        else:
            lowered = value.strip().lower()
            converted = lowered == "true" if lowered in ("true", "false") else value
        if sub is None:
            unit[top] = converted
        else:
            nested = unit.get(top)
            if not isinstance(nested, dict):
                nested = unit[top] = {}
            nested[sub] = converted
    return unit


def _iter_csv(stream: io.BufferedIOBase) -> Iterator[RawItem]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")  # type: ignore[type-var]
    position = 0
    try:
        header_line = text.readline()
        delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
        header = next(csv.reader([header_line], delimiter=delimiter))
        plan = _column_plan(header)
        org_column = next(
            (i for i, (top, sub, _) in enumerate(plan) if top == "organisasjonsnummer" and not sub),
            None,
        )
        for row in csv.reader(text, delimiter=delimiter):
            position += 1
            if len(row) == len(plan):
                yield position, _row_to_unit(row, plan)
            elif not row:
                position -= 1  # a blank line is no record
            else:
                org_number = (
                    row[org_column] if org_column is not None and org_column < len(row) else ""
                )
                yield (
                    position,
                    RecordError(
                        position=position,
                        reason=(
                            f"The CSV row has {len(row)} fields where the header has {len(plan)}."
                        ),
                        org_number=org_number.strip(),
                        code="broken",
                    ),
                )
    except _STREAM_ERRORS as error:
        raise ReadError(position + 1, _describe(error)) from error
    finally:
        text.detach()
