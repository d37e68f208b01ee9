"""Forms of the organiser pages (the calendar's filter form is in `filters.py`)."""

from .actions import CancelForm, DecideForm, HideForm, SignUpForm
from .activity import ActivityForm, describe_monthly, parse_dates

__all__ = [
    "ActivityForm",
    "CancelForm",
    "DecideForm",
    "HideForm",
    "SignUpForm",
    "describe_monthly",
    "parse_dates",
]
