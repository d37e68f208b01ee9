"""Recurrence of activities: RFC 5545 RRULEs, expanded in local time in Europe/Oslo.

An activity stores its first occurrence (`start`, `end`), an RRULE value such as
`FREQ=WEEKLY;INTERVAL=2;UNTIL=20270615T215959Z` (empty for a one-off) and the local dates
excluded from the series. Occurrences keep the local wall-clock time of the first one across the
daylight-saving changes (18:00 stays 18:00 in both winter and summer time), as calendar apps do
for an event with `DTSTART;TZID=Europe/Oslo` and an RRULE.

The forms offer three simple patterns (`Pattern`); the API and the admin may send any RRULE,
which `validate()` checks the same way.
"""

import datetime
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dateutil.rrule import FR, MO, SA, SU, TH, TU, WE, rrule, rrulestr
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
MAX_OCCURRENCES = 500
WEEKDAYS = (MO, TU, WE, TH, FR, SA, SU)
RRULE_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MONTHLY_BYDAY = re.compile(r"(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)")


class Pattern(models.TextChoices):
    NONE = "", _("Does not repeat")
    WEEKLY = "weekly", _("Every week")
    BIWEEKLY = "biweekly", _("Every other week")
    MONTHLY_WEEKDAY = "monthly_weekday", _("Every month on the same weekday")


@dataclass(frozen=True)
class Occurrence:
    start: datetime.datetime
    end: datetime.datetime


def local(moment: datetime.datetime) -> datetime.datetime:
    """`moment` in Europe/Oslo."""
    return moment.astimezone(OSLO)


def week_of_month(day: datetime.date) -> int:
    """1 for the first such weekday of the month … 4; -1 when it is the month's last one."""
    if (day + datetime.timedelta(days=7)).month != day.month:
        return -1
    return (day.day - 1) // 7 + 1


def build_rrule(pattern: str, *, start: datetime.datetime, until: datetime.date | None) -> str:
    """The RRULE value for one of the simple patterns, ending with the last occurrence on or
    before `until` (a local date). Empty for a one-off activity."""
    if not pattern:
        return ""
    start = local(start)
    parts: list[str]
    if pattern == Pattern.WEEKLY:
        parts = ["FREQ=WEEKLY"]
    elif pattern == Pattern.BIWEEKLY:
        parts = ["FREQ=WEEKLY", "INTERVAL=2"]
    elif pattern == Pattern.MONTHLY_WEEKDAY:
        weekday = RRULE_WEEKDAYS[start.weekday()]
        parts = ["FREQ=MONTHLY", f"BYDAY={week_of_month(start.date())}{weekday}"]
    else:
        raise ValueError(f"unknown recurrence pattern {pattern!r}")
    if until is not None:
        # The end of `until` in Oslo, in UTC, as RFC 5545 requires with a DTSTART in a zone.
        last_moment = datetime.datetime.combine(until, datetime.time(23, 59, 59), tzinfo=OSLO)
        parts.append("UNTIL=" + last_moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ"))
    return ";".join(parts)


def pattern_of(rrule_value: str) -> str:
    """Which simple pattern an RRULE is, or "custom" for anything else (empty for none)."""
    if not rrule_value:
        return Pattern.NONE
    parts = dict(p.split("=", 1) for p in rrule_value.upper().split(";") if "=" in p)
    parts.pop("UNTIL", None)
    parts.pop("COUNT", None)
    freq, interval = parts.pop("FREQ", ""), parts.pop("INTERVAL", "1")
    if freq == "WEEKLY" and not parts:
        return (
            Pattern.WEEKLY
            if interval == "1"
            else (Pattern.BIWEEKLY if interval == "2" else "custom")
        )
    # One weekday of one week of the month, as `build_rrule` writes it ("2TU", "-1FR").
    monthly = freq == "MONTHLY" and interval == "1" and set(parts) == {"BYDAY"}
    if monthly and MONTHLY_BYDAY.fullmatch(parts["BYDAY"]):
        return Pattern.MONTHLY_WEEKDAY
    return "custom"


def until_of(rrule_value: str) -> datetime.date | None:
    """The local date of an RRULE's UNTIL, if it has one."""
    for part in rrule_value.upper().split(";"):
        if part.startswith("UNTIL="):
            value = part.removeprefix("UNTIL=")
            if value.endswith("Z"):
                moment = datetime.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(
                    tzinfo=datetime.UTC
                )
                return local(moment).date()
            return datetime.date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    return None


def _parse(rrule_value: str, start: datetime.datetime) -> rrule:
    value = rrule_value.strip().removeprefix("RRULE:")
    if any(
        part.strip().upper().startswith(("DTSTART", "RDATE", "EXDATE"))
        for part in value.split("\n")
    ):
        raise ValueError("only an RRULE value is allowed")
    rule = rrulestr(value, dtstart=local(start))
    if not isinstance(rule, rrule):
        raise ValueError("not a single RRULE")
    return rule


def _error(
    field: str, message: "StrOrPromise", code: str, params: dict[str, object] | None = None
) -> ValidationError:
    """A refusal attached to `field`, carrying its `code` (a dict of plain messages would lose
    it). The message stays lazy, so it is shown in the language active when it is shown."""
    return ValidationError({field: ValidationError(message, code=code, params=params)})


def validate(
    rrule_value: str,
    *,
    start: datetime.datetime,
    end: datetime.datetime,
    exdates: Iterable[datetime.date] = (),
) -> list[Occurrence]:
    """The occurrences of a recurrence, or a `ValidationError` saying what is wrong with it:
    an RRULE that cannot be read, never ends, yields no occurrence or more than
    `MAX_OCCURRENCES`."""
    if end <= start:
        raise _error("end", _("The activity must end after it starts."), "end_before_start")
    if not rrule_value:
        return [Occurrence(start, end)]
    upper = rrule_value.upper()
    if "UNTIL=" not in upper and "COUNT=" not in upper:
        raise _error(
            "rrule",
            _("A repeating activity needs an end: choose the date of the last time."),
            "rrule_endless",
        )
    try:
        rule = _parse(rrule_value, start)
    except (ValueError, TypeError) as error:
        raise _error(
            "rrule",
            _(
                "The repetition rule could not be read. Write it as an RFC 5545 RRULE value "
                "with UNTIL in UTC, such as FREQ=WEEKLY;UNTIL=20270615T215959Z."
            ),
            "rrule_invalid",
        ) from error
    first = expand(rule, start=start, end=end, limit=1)
    if first and first[0].start != start.astimezone(OSLO):
        # RFC 5545 counts DTSTART as the first time; a rule that skips it is undefined.
        raise _error(
            "rrule",
            _("The first date must be one of the dates the repetition gives."),
            "rrule_skips_start",
        )
    occurrences = expand(rule, start=start, end=end, exdates=exdates, limit=MAX_OCCURRENCES + 1)
    if not occurrences:
        raise _error(
            "rrule",
            _("The repetition gives no dates. Check the first date and the end."),
            "rrule_empty",
        )
    if len(occurrences) > MAX_OCCURRENCES:
        raise _error(
            "rrule",
            _("The repetition gives more than %(max)s dates. Choose an earlier end date."),
            "rrule_too_many",
            {"max": MAX_OCCURRENCES},
        )
    return occurrences


def expand(
    rule: rrule | str,
    *,
    start: datetime.datetime,
    end: datetime.datetime,
    exdates: Iterable[datetime.date] = (),
    limit: int = MAX_OCCURRENCES,
) -> list[Occurrence]:
    """The occurrences of `rule` from `start`, each as long as the first, at most `limit`.

    Each occurrence has the local wall-clock time of `start`; a time that does not exist on
    the day summer time begins is moved forward as a clock would be. Dates in `exdates`
    (local dates) are left out.
    """
    if isinstance(rule, str):
        if not rule:
            return [Occurrence(start, end)]
        rule = _parse(rule, start)
    duration = end - start
    skipped = set(exdates)
    occurrences: list[Occurrence] = []
    for moment in rule:
        if moment.date() in skipped:
            continue
        # Normalise through UTC so a non-existent local time (the spring gap) becomes a real one.
        begins = moment.astimezone(datetime.UTC).astimezone(OSLO)
        occurrences.append(Occurrence(begins, begins + duration))
        if len(occurrences) >= limit:
            break
    return occurrences
