"""iCalendar (RFC 5545, with the calendar properties of RFC 7986) for activities.

One VEVENT per activity: a series is a single event with its RRULE and EXDATEs, as the
organiser entered it, so a calendar app shows it as one repeating event and follows changes
to it (same UID, higher SEQUENCE). Times are written in local time with `TZID=Europe/Oslo`
and the calendar carries that zone's VTIMEZONE, so 18:00 stays 18:00 across the
daylight-saving changes in every calendar app.

`calendar_for()` only reads what `selectors.activity_list()` and `activity_detail_queryset()`
fetch (the activity, its organiser, venue, municipality and prefetched themes), so a feed of
thousands of events costs a fixed number of queries.
"""

import datetime
import re
from collections.abc import Callable, Iterable
from functools import cache

from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard, vDuration

from samskap.directory.models import Organisation

from .models import Activity
from .recurrence import OSLO

TZID = "Europe/Oslo"
PRODID = "-//Samskap//Samskap activities//EN"
# The right-hand side of every UID. A constant, not the host name, so an event keeps its UID
# whichever address the site is reached by (and if the installation moves). The left-hand
# side is the activity's random UUID, which is what makes a UID unique (RFC 7986, 5.3).
UID_DOMAIN = "samskap"
# How often calendar apps should fetch a feed again (RFC 7986 REFRESH-INTERVAL and the
# de-facto X-PUBLISHED-TTL).
REFRESH_INTERVAL = datetime.timedelta(hours=1)


def event_uid(activity: Activity) -> str:
    return f"{activity.uid}@{UID_DOMAIN}"


def utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def local(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(OSLO)


@cache
def oslo_timezone() -> Timezone:
    """The VTIMEZONE of Europe/Oslo: the EU rule in force since 1996 (summer time from 02:00
    on the last Sunday of March to 03:00 on the last Sunday of October), written as two yearly
    RRULEs the way calendar apps write it. Each DTSTART is the local time *before* the change,
    as RFC 5545 (3.6.5) requires."""
    timezone = Timezone()
    timezone.add("tzid", TZID)
    timezone.add("x-lic-location", TZID)
    daylight = TimezoneDaylight()
    daylight.add("tzname", "CEST")
    daylight.add("tzoffsetfrom", datetime.timedelta(hours=1))
    daylight.add("tzoffsetto", datetime.timedelta(hours=2))
    daylight.add("dtstart", datetime.datetime(1970, 3, 29, 2, 0))  # noqa: DTZ001 - floating by definition
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    standard = TimezoneStandard()
    standard.add("tzname", "CET")
    standard.add("tzoffsetfrom", datetime.timedelta(hours=2))
    standard.add("tzoffsetto", datetime.timedelta(hours=1))
    standard.add("dtstart", datetime.datetime(1970, 10, 25, 3, 0))  # noqa: DTZ001 - floating by definition
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    timezone.add_component(daylight)
    timezone.add_component(standard)
    return timezone


def rrule_value(activity: Activity) -> str:
    """The activity's RRULE as RFC 5545 wants it next to a DTSTART with a TZID: an UNTIL given
    as a date or as a local time becomes the corresponding moment in UTC."""
    parts = []
    for part in activity.rrule.strip().removeprefix("RRULE:").split(";"):
        key, _sep, value = part.partition("=")
        key = key.strip().upper()
        if not key:
            continue
        if key == "UNTIL":
            value = _until_utc(value.strip().upper())
        parts.append(f"{key}={value.strip().upper()}")
    return ";".join(parts)


def _until_utc(value: str) -> str:
    if value.endswith("Z"):
        return value
    if "T" in value:
        moment = datetime.datetime.strptime(value, "%Y%m%dT%H%M%S").replace(tzinfo=OSLO)
    else:
        day = datetime.datetime.strptime(value, "%Y%m%d").replace(tzinfo=OSLO).date()
        moment = datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=OSLO)
    return utc(moment).strftime("%Y%m%dT%H%M%SZ")


def excluded_starts(activity: Activity) -> list[datetime.datetime]:
    """The EXDATE values: each excluded local date at the local start time of the series."""
    start = local(activity.start).timetz().replace(tzinfo=None)
    return [
        datetime.datetime.combine(datetime.date.fromisoformat(day), start, tzinfo=OSLO)
        for day in sorted(activity.exdates)
    ]


def location_text(activity: Activity) -> str:
    """ "Skien bibliotek, Henrik Ibsens gate 4, 3724 Skien" (what is known of it)."""
    postal = " ".join(p for p in (activity.postal_code, activity.postal_place) if p)
    parts = [activity.place_name, activity.street_address, postal]
    if not postal:
        parts.append(activity.municipality.name)
    return ", ".join(p for p in parts if p)


def detail_url_maker(base_url: str, view_name: str = "activities:detail") -> Callable[[int], str]:
    """A function from an activity's pk to the absolute address of its page (or of another
    view taking only the pk) in the current language. `reverse()` runs once, not once per
    activity (it would be the costliest step of a large feed)."""
    sentinel = 2_147_483_647
    head, tail = reverse(view_name, args=[sentinel]).split(str(sentinel))
    prefix = base_url + head
    return lambda pk: f"{prefix}{pk}{tail}"


def organiser_address(organiser: Organisation, *, base_url: str) -> str:
    """The ORGANIZER value: the contact e-mail when the organisation shows it on its public
    profile, else the public profile's address; empty for an organisation without a public
    profile (its name is in the description)."""
    if not organiser.is_public_profile:
        return ""
    if organiser.contact_email:
        return f"mailto:{organiser.contact_email}"
    return base_url + reverse("directory:detail", args=[organiser.slug])


STATUS: dict[str, str] = {
    Activity.Status.PUBLISHED: "CONFIRMED",
    Activity.Status.CANCELLED: "CANCELLED",
    Activity.Status.DRAFT: "TENTATIVE",
}


# --- writing content lines --------------------------------------------------------------
# The events are written here rather than through `icalendar.Event`: building and folding
# 2,000 `icalendar` objects takes more than a second, this writer a small fraction of that.
# The tests parse the output back with `icalendar` and compare every property.

# Control characters other than tab and line breaks may not occur in a TEXT value.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 (3.3.11) says; line breaks become \\n."""
    return (
        CONTROL_CHARACTERS.sub("", value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def param(value: str) -> str:
    """A parameter value, always quoted; a double quote cannot occur in one (RFC 5545 3.1)."""
    return '"' + CONTROL_CHARACTERS.sub("", value).replace('"', "'").replace("\n", " ") + '"'


def fold(line: str) -> bytes:
    """One content line in UTF-8, folded at 75 octets without splitting a character."""
    data = line.encode()
    if len(data) <= 75:
        return data
    parts = []
    start, limit = 0, 75
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, 74  # continuation lines start with a space
    parts.append(data[start:])
    return b"\r\n ".join(parts)


def utc_stamp(moment: datetime.datetime) -> str:
    return utc(moment).strftime("%Y%m%dT%H%M%SZ")


def local_stamp(moment: datetime.datetime) -> str:
    return local(moment).strftime("%Y%m%dT%H%M%S")


class EventWriter:
    """Writes the VEVENTs of one calendar; what is the same for every event (the site's
    address, the translated labels) is worked out once."""

    def __init__(self, *, base_url: str) -> None:
        self.base_url = base_url
        self.detail_url = detail_url_maker(base_url)
        self.cancelled = _("CANCELLED")
        self.cancelled_because = _("CANCELLED: %(reason)s")
        self.organiser = _("Organiser: %(name)s")
        self._organizers: dict[int, str] = {}

    def organizer(self, organiser: Organisation) -> str:
        if organiser.pk not in self._organizers:
            self._organizers[organiser.pk] = organiser_address(organiser, base_url=self.base_url)
        return self._organizers[organiser.pk]

    def description(self, activity: Activity, url: str) -> str:
        parts = []
        if activity.is_cancelled:
            reason = activity.cancel_reason.strip()
            parts.append(self.cancelled_because % {"reason": reason} if reason else self.cancelled)
        if activity.description.strip():
            parts.append(activity.description.strip())
        parts.append(self.organiser % {"name": activity.organiser.name})
        parts.append(url)
        return "\n\n".join(parts)

    def lines(self, activity: Activity) -> list[str]:
        """The content lines of one activity's VEVENT, unfolded."""
        url = self.detail_url(activity.pk)
        lines = [
            "BEGIN:VEVENT",
            f"UID:{event_uid(activity)}",
            f"DTSTAMP:{utc_stamp(activity.updated_at)}",
            f"CREATED:{utc_stamp(activity.created_at)}",
            f"LAST-MODIFIED:{utc_stamp(activity.updated_at)}",
            f"SEQUENCE:{activity.sequence}",
            f"DTSTART;TZID={TZID}:{local_stamp(activity.start)}",
            f"DTEND;TZID={TZID}:{local_stamp(activity.end)}",
        ]
        if activity.rrule:
            lines.append(f"RRULE:{rrule_value(activity)}")
            if activity.exdates:
                values = ",".join(local_stamp(moment) for moment in excluded_starts(activity))
                lines.append(f"EXDATE;TZID={TZID}:{values}")
        lines.append(f"SUMMARY:{text(activity.title)}")
        lines.append(f"DESCRIPTION:{text(self.description(activity, url))}")
        location = location_text(activity)
        if location:
            lines.append(f"LOCATION:{text(location)}")
        lines.append(f"URL;VALUE=URI:{url}")
        organizer = self.organizer(activity.organiser)
        if organizer:
            lines.append(f"ORGANIZER;CN={param(activity.organiser.name)}:{organizer}")
        themes = [text(theme.name) for theme in activity.themes.all()]
        if themes:
            lines.append(f"CATEGORIES:{','.join(themes)}")
        lines.append(f"STATUS:{STATUS.get(activity.status, 'CONFIRMED')}")
        lines.append("CLASS:PUBLIC")
        lines.append("END:VEVENT")
        return lines

    def write(self, activity: Activity) -> bytes:
        return b"".join(fold(line) + b"\r\n" for line in self.lines(activity))


def calendar_for(
    activities: Iterable[Activity],
    *,
    base_url: str,
    name: str,
    description: str = "",
    source: str = "",
) -> bytes:
    """An iCalendar object with one VEVENT per activity, encoded as UTF-8.

    `name` is the calendar's name as calendar apps show it; `source` the feed's own address,
    if it is one (RFC 7986 SOURCE, so apps know where to refresh it from).
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    if description:
        calendar.add("description", description)
        calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", TZID)
    if source:
        calendar.add("source", source, parameters={"VALUE": "URI"})
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    calendar.add_component(oslo_timezone())
    head = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)  # noqa: S101 - icalendar always ends with it
    chunks = [head.removesuffix(end)]
    writer = EventWriter(base_url=base_url)
    chunks.extend(writer.write(activity) for activity in activities)
    chunks.append(end)
    return b"".join(chunks)
