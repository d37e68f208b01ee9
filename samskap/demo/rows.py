"""Helpers `seed_demo`'s modules share: outcome counts and writes that only happen on change."""

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


class Summary:
    """How many rows of each kind were created, updated or left as they were."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter[str]] = {}
        self.notes: list[str] = []

    def add(self, what: str, outcome: str) -> None:
        self.counts.setdefault(what, Counter())[outcome] += 1

    def lines(self) -> list[str]:
        lines = [
            f"{what}: {c[CREATED]} created, {c[UPDATED]} updated, {c[UNCHANGED]} unchanged"
            for what, c in self.counts.items()
        ]
        return lines + self.notes


def assign(obj: models.Model, values: Mapping[str, Any]) -> bool:
    """Set `values` on `obj`; whether anything differed."""
    changed = False
    for field, value in values.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed = True
    return changed


def sync_m2m(manager: Any, wanted: Iterable[models.Model]) -> bool:
    """Make a (prefetched) many-to-many relation hold exactly `wanted`; whether it changed."""
    wanted = list(wanted)
    if {obj.pk for obj in manager.all()} == {obj.pk for obj in wanted}:
        return False
    manager.set(wanted)
    return True


def by_slug[M: models.Model](model: type[M], slugs: Iterable[str]) -> dict[str, M]:
    slugs = set(slugs)
    found: dict[str, M] = model._default_manager.in_bulk(slugs, field_name="slug")
    missing = slugs - found.keys()
    if missing:
        raise ImproperlyConfigured(
            f"{model._meta.verbose_name_plural} missing: {', '.join(sorted(missing))}. "
            "Run `manage.py migrate` first."
        )
    return found
