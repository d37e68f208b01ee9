"""Reads of breakout groups (placeholder: being written)."""

from typing import Any

from ..models import Registration


def groups_for_registration(registration: Registration) -> list[Any]:
    """The published groups of `registration`, one per round (placeholder)."""
    return []
