"""Template tags of the activity pages: JSON-LD, a series in words, occurrence times."""

import datetime

from django import template
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .. import recurrence
from ..jsonld import event_jsonld, jsonld_script
from ..models import Activity, Occurrence
from ..recurrence import OSLO

register = template.Library()


@register.simple_tag
def event_jsonld_script(activity: Activity, occurrence: Occurrence | None, url: str) -> SafeString:
    """`<script type="application/ld+json">` with the activity's schema.org Event."""
    return jsonld_script(event_jsonld(activity, occurrence, url=url))


def _ordinal_phrase(weekday: str, position: int) -> str:
    if position == 1:
        return _("Every month on the first %(weekday)s") % {"weekday": weekday}
    if position == 2:
        return _("Every month on the second %(weekday)s") % {"weekday": weekday}
    if position == 3:
        return _("Every month on the third %(weekday)s") % {"weekday": weekday}
    if position == 4:
        return _("Every month on the fourth %(weekday)s") % {"weekday": weekday}
    return _("Every month on the last %(weekday)s") % {"weekday": weekday}


def _monthly_position(rrule_value: str, start: datetime.date) -> int:
    for part in rrule_value.upper().split(";"):
        if part.startswith("BYDAY="):
            number = part.removeprefix("BYDAY=")[:-2]
            try:
                return int(number or "1")
            except ValueError:
                break
    return recurrence.week_of_month(start)


@register.simple_tag
def series_summary(activity: Activity) -> str:
    """A series in words: "Every week on Tuesday, 18:00–20:00, until 15 June 2026". Empty
    for a one-off activity."""
    if not activity.rrule:
        return ""
    start, end = activity.start.astimezone(OSLO), activity.end.astimezone(OSLO)
    weekday = date_format(start, "l")
    pattern = recurrence.pattern_of(activity.rrule)
    if pattern == recurrence.Pattern.WEEKLY:
        when = _("Every week on %(weekday)s") % {"weekday": weekday}
    elif pattern == recurrence.Pattern.BIWEEKLY:
        when = _("Every other week on %(weekday)s") % {"weekday": weekday}
    elif pattern == recurrence.Pattern.MONTHLY_WEEKDAY:
        when = _ordinal_phrase(weekday, _monthly_position(activity.rrule, start.date()))
    else:
        when = _("Repeats on several dates")
    text = _("%(when)s, %(start)s–%(end)s") % {
        "when": when,
        "start": date_format(start, "H:i"),
        "end": date_format(end, "H:i"),
    }
    until = recurrence.until_of(activity.rrule)
    if until is not None:
        text = _("%(series)s, until %(date)s") % {
            "series": text,
            "date": date_format(until, "DATE_FORMAT"),
        }
    return text


@register.filter
def local_date(moment: datetime.datetime) -> datetime.date:
    """The date of `moment` in Oslo."""
    return moment.astimezone(OSLO).date()


@register.filter
def iso_local(moment: datetime.datetime) -> str:
    """`moment` as ISO 8601 in Oslo time, for `<time datetime>`."""
    return moment.astimezone(OSLO).isoformat(timespec="minutes")
