"""ICNPO activity categories and their mapping to Samskap's themes and target groups.

The Register of Non-Profit Organisations (Frivillighetsregisteret) classifies each
organisation by the International Classification of Non-Profit Organisations (ICNPO), in
Norway's variant: a group (1–14) and a three-digit subgroup, written "1 100", "01100" or
"1100". `normalise_code` turns every shape into one code without spaces or leading zeros
("1100", "9100", "10100"): the primary key of `IcnpoCategory`.

The mapping to themes and target groups is a table in the repo,
`registers/data/icnpo_mapping.csv` (its rationale is in `registers/data/README.md`).
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
MAPPING_PATH = DATA_DIR / "icnpo_mapping.csv"
CATEGORIES_PATH = DATA_DIR / "icnpo_categories_2014.csv"

_CODE = re.compile(r"^\d{4,5}$")

# The 2014 list names "2 400" like "3 400" (a copy error in that source); ICNPO 2 400 is
# research, the last subgroup of group 2, education and research.
CATEGORY_NAME_FIXES = {"2400": "Forskning"}


def normalise_code(code: object) -> str:
    """One shape for an ICNPO code: digits only, no leading zeros ("01100" → "1100",
    "1 100" → "1100", "9100" → "9100", "10 100" → "10100"). Raises ValueError for anything
    that is not a group followed by a three-digit subgroup."""
    if isinstance(code, bool) or code is None:
        raise ValueError(f"Not an ICNPO code: {code!r}")
    text = re.sub(r"[\s\u00a0.]", "", str(code)).lstrip("0")
    if not _CODE.fullmatch(text) or not 1 <= int(text[:-3]) <= 99:
        raise ValueError(f"Not an ICNPO code: {code!r}")
    return text


@dataclass(frozen=True)
class Mapping:
    code: str
    themes: tuple[str, ...]
    target_groups: tuple[str, ...]


def _slugs(value: str) -> tuple[str, ...]:
    return tuple(slug for slug in value.split() if slug)


def load_mapping(path: Path = MAPPING_PATH) -> dict[str, Mapping]:
    """The mapping table: normalised ICNPO code → themes and target groups (slugs)."""
    table: dict[str, Mapping] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code = normalise_code(row["icnpo_code"])
            if code in table:
                raise ValueError(f"{path.name}: ICNPO code {code} occurs twice")
            table[code] = Mapping(
                code=code,
                themes=_slugs(row.get("themes") or ""),
                target_groups=_slugs(row.get("target_groups") or ""),
            )
    return table


@functools.cache
def mapping() -> dict[str, Mapping]:
    return load_mapping()


def mapped(codes: Iterable[str]) -> tuple[set[str], set[str]]:
    """Theme slugs and target-group slugs for some ICNPO codes (any shape). Unknown or
    malformed codes map to nothing."""
    themes: set[str] = set()
    groups: set[str] = set()
    table = mapping()
    for code in codes:
        try:
            entry = table.get(normalise_code(code))
        except ValueError:
            continue
        if entry:
            themes.update(entry.themes)
            groups.update(entry.target_groups)
    return themes, groups


def load_categories(path: Path = CATEGORIES_PATH) -> list[tuple[str, str]]:
    """(normalised code, Norwegian name) of the register's categories, the 2014 list with the
    documented fix of "2 400"."""
    rows: list[tuple[str, str]] = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code = normalise_code(row["code"])
            rows.append((code, CATEGORY_NAME_FIXES.get(code, row["description"].strip())))
    return rows
