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
from dataclasses import dataclass
from functools import cache

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard, vDuration

from samskap.directory.models import Organisation

from .models import Activity
from .recurrence import OSLO, local

TZID = "Europe/Oslo"
PRODID = "-//Samskap//Samskap activities//EN"
# The right-hand side of every UID. A constant, not the host name, so an event keeps its UID
# whichever address the site is reached by (and if the installation moves). The left-hand
# side is the activity's random UUID, which is what makes a UID unique (RFC 7986, 5.3).
UID_DOMAIN = "samskap"
# How often calendar apps should fetch a feed again (RFC 7986 REFRESH-INTERVAL and the
# de-facto X-PUBLISHED-TTL).
REFRESH_INTERVAL = datetime.timedelta(hours=1)


def event_uid(activity: "Activity | FeedEvent") -> str:
    return f"{activity.uid}@{UID_DOMAIN}"


def utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


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


def rrule_value(rrule: str) -> str:
    """An activity's RRULE as RFC 5545 wants it next to a DTSTART with a TZID: an UNTIL given
    as a date or as a local time becomes the corresponding moment in UTC."""
    parts = []
    for part in rrule.strip().removeprefix("RRULE:").split(";"):
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


def excluded_starts(start: datetime.datetime, exdates: list[str]) -> list[datetime.datetime]:
    """The EXDATE values: each excluded local date at the local start time of the series."""
    time = local(start).timetz().replace(tzinfo=None)
    return [
        datetime.datetime.combine(datetime.date.fromisoformat(day), time, tzinfo=OSLO)
        for day in sorted(exdates)
    ]


def location_text(
    *, place: str, street_address: str, postal_code: str, postal_place: str, municipality: str
) -> str:
    """ "Skien bibliotek, Henrik Ibsens gate 4, 3724 Skien" (what is known of it)."""
    postal = " ".join(p for p in (postal_code, postal_place) if p)
    parts = [place, street_address, postal]
    if not postal:
        parts.append(municipality)
    return ", ".join(p for p in parts if p)


# --- what an event is made of -------------------------------------------------------------


@dataclass(slots=True)
class FeedOrganiser:
    pk: int
    name: str
    slug: str
    is_public_profile: bool
    contact_email: str


@dataclass(slots=True)
class FeedEvent:
    """What a VEVENT is written from: the columns of an activity, its organiser and the names
    of its themes. A feed reads these as plain rows (`feed_events`): building thousands of
    model instances with their relations would cost several times more than the whole rest
    of the feed."""

    pk: int
    uid: str
    updated_at: datetime.datetime
    created_at: datetime.datetime
    sequence: int
    start: datetime.datetime
    end: datetime.datetime
    rrule: str
    exdates: list[str]
    title: str
    description: str
    status: str
    cancel_reason: str
    location: str
    organiser: FeedOrganiser
    themes: list[str]

    @classmethod
    def of(cls, activity: Activity) -> "FeedEvent":
        organiser = activity.organiser
        return cls(
            pk=activity.pk,
            uid=str(activity.uid),
            updated_at=activity.updated_at,
            created_at=activity.created_at,
            sequence=activity.sequence,
            start=activity.start,
            end=activity.end,
            rrule=activity.rrule,
            exdates=list(activity.exdates),
            title=activity.title,
            description=activity.description,
            status=activity.status,
            cancel_reason=activity.cancel_reason,
            location=location_text(
                place=activity.place_name,
                street_address=activity.street_address,
                postal_code=activity.postal_code,
                postal_place=activity.postal_place,
                municipality=activity.municipality.name,
            ),
            organiser=FeedOrganiser(
                pk=organiser.pk,
                name=organiser.name,
                slug=organiser.slug,
                is_public_profile=organiser.is_public_profile,
                contact_email=organiser.contact_email,
            ),
            themes=[theme.name for theme in activity.themes.all()],
        )


FEED_COLUMNS = (
    "pk",
    "uid",
    "updated_at",
    "created_at",
    "sequence",
    "start",
    "end",
    "rrule",
    "exdates",
    "title",
    "description",
    "status",
    "cancel_reason",
    "venue_name",
    "venue__name",
    "street_address",
    "postal_code",
    "postal_place",
    "municipality__name",
    "organiser_id",
    "organiser__name",
    "organiser__slug",
    "organiser__public",
    "organiser__status",
    "organiser__contact_email",
)


def feed_events(activities: QuerySet[Activity]) -> list[FeedEvent]:
    """The events of a selection of activities (as `selectors.activity_list` makes it), in
    its order, from two queries: the rows and the names of their themes."""
    rows = list(activities.prefetch_related(None).values_list(*FEED_COLUMNS))
    language = (get_language() or "nb")[:2]
    name_column = f"theme__name_{language}" if language in ("nb", "nn", "en") else "theme__name_nb"
    themes: dict[int, list[str]] = {}
    links = (
        # A subquery of the selection, not a list of thousands of ids as parameters.
        Activity.themes.through.objects.filter(activity_id__in=activities.values("pk"))
        .order_by("theme__position", "theme__slug")
        .values_list("activity_id", name_column, "theme__name_nb")
    )
    for activity_id, name, fallback in links:
        themes.setdefault(activity_id, []).append(name or fallback)
    organisers: dict[int, FeedOrganiser] = {}
    events = []
    for (
        pk,
        uid,
        updated_at,
        created_at,
        sequence,
        start,
        end,
        rrule,
        exdates,
        title,
        description,
        status,
        cancel_reason,
        venue_name,
        venue,
        street_address,
        postal_code,
        postal_place,
        municipality,
        organiser_id,
        organiser_name,
        organiser_slug,
        organiser_public,
        organiser_status,
        organiser_email,
    ) in rows:
        if organiser_id not in organisers:
            organisers[organiser_id] = FeedOrganiser(
                pk=organiser_id,
                name=organiser_name,
                slug=organiser_slug,
                is_public_profile=organiser_public
                and organiser_status == Organisation.Status.ACTIVE,
                contact_email=organiser_email,
            )
        events.append(
            FeedEvent(
                pk=pk,
                uid=str(uid),
                updated_at=updated_at,
                created_at=created_at,
                sequence=sequence,
                start=start,
                end=end,
                rrule=rrule,
                exdates=list(exdates or []),
                title=title,
                description=description,
                status=status,
                cancel_reason=cancel_reason,
                # As `Activity.place_name`: the name typed, else the venue's.
                location=location_text(
                    place=venue_name or venue or "",
                    street_address=street_address,
                    postal_code=postal_code,
                    postal_place=postal_place,
                    municipality=municipality,
                ),
                organiser=organisers[organiser_id],
                themes=themes.get(pk, []),
            )
        )
    return events


def detail_url_maker(base_url: str, view_name: str = "activities:detail") -> Callable[[int], str]:
    """A function from an activity's pk to the absolute address of its page (or of another
    view taking only the pk) in the current language. `reverse()` runs once, not once per
    activity (it would be the costliest step of a large feed)."""
    sentinel = 2_147_483_647
    head, tail = reverse(view_name, args=[sentinel]).split(str(sentinel))
    prefix = base_url + head
    return lambda pk: f"{prefix}{pk}{tail}"


def organiser_address(organiser: FeedOrganiser, *, base_url: str) -> str:
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
# Parameter values allow no control character but tab (RFC 5545 3.1).
PARAMETER_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


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
    return '"' + PARAMETER_CONTROL.sub(" ", value).replace('"', "'") + '"'


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

    def organizer(self, organiser: FeedOrganiser) -> str:
        if organiser.pk not in self._organizers:
            self._organizers[organiser.pk] = organiser_address(organiser, base_url=self.base_url)
        return self._organizers[organiser.pk]

    def description(self, activity: FeedEvent, url: str) -> str:
        parts = []
        if activity.status == Activity.Status.CANCELLED:
            reason = activity.cancel_reason.strip()
            parts.append(self.cancelled_because % {"reason": reason} if reason else self.cancelled)
        if activity.description.strip():
            parts.append(activity.description.strip())
        parts.append(self.organiser % {"name": activity.organiser.name})
        parts.append(url)
        return "\n\n".join(parts)

    def lines(self, activity: FeedEvent) -> list[str]:
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
            lines.append(f"RRULE:{rrule_value(activity.rrule)}")
            if activity.exdates:
                starts = excluded_starts(activity.start, activity.exdates)
                values = ",".join(local_stamp(moment) for moment in starts)
                lines.append(f"EXDATE;TZID={TZID}:{values}")
        lines.append(f"SUMMARY:{text(activity.title)}")
        lines.append(f"DESCRIPTION:{text(self.description(activity, url))}")
        if activity.location:
            lines.append(f"LOCATION:{text(activity.location)}")
        lines.append(f"URL;VALUE=URI:{url}")
        organizer = self.organizer(activity.organiser)
        if organizer:
            lines.append(f"ORGANIZER;CN={param(activity.organiser.name)}:{organizer}")
        themes = [text(name) for name in activity.themes]
        if themes:
            lines.append(f"CATEGORIES:{','.join(themes)}")
        lines.append(f"STATUS:{STATUS.get(activity.status, 'CONFIRMED')}")
        lines.append("CLASS:PUBLIC")
        lines.append("END:VEVENT")
        return lines

    def write(self, activity: FeedEvent) -> bytes:
        return b"".join(fold(line) + b"\r\n" for line in self.lines(activity))


def calendar_for(
    activities: Iterable[Activity | FeedEvent],
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
    chunks.extend(
        writer.write(a if isinstance(a, FeedEvent) else FeedEvent.of(a)) for a in activities
    )
    chunks.append(end)
    return b"".join(chunks)
