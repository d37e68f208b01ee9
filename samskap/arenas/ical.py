"""An arena as an iCalendar invitation (RFC 5545): one VEVENT, written with `icalendar`.

The same arena always has the same UID (`arena-<pk>@<host of SITE_URL>`), so a calendar app
that imported the confirmation's invitation updates that event when the arena's calendar file
is opened again (and shows it as cancelled when the arena is). Times are written in UTC.

The video link is private to confirmed participants: it is written only when
`include_video` is true (the attachment of a confirmation, the personal page's download),
never in the public calendar file.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Arena

PRODID = "-//Samskap//Samskap arenas//EN"


def uid_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "samskap"


def arena_uid(arena: Arena) -> str:
    return f"arena-{arena.pk}@{uid_domain()}"


def utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def place_text(arena: Arena) -> str:
    """ "Skien bibliotek, Henrik Ibsens gate 4, 3724 Skien" (what is known of it)."""
    postal = " ".join(part for part in (arena.postal_code, arena.postal_place) if part)
    return ", ".join(part for part in (arena.place_name, arena.street_address, postal) if part)


def _programme_lines(arena: Arena) -> list[str]:
    lines = []
    for item in arena.programme.all():
        when = date_filter(timezone.localtime(item.starts_at), "H:i")
        if item.ends_at:
            when = f"{when}–{date_filter(timezone.localtime(item.ends_at), 'H:i')}"
        lines.append(f"{when} {item.title}")
    return lines


def _description(arena: Arena, *, url: str, include_video: bool) -> str:
    parts = []
    if arena.is_cancelled:
        reason = arena.cancel_reason.strip()
        parts.append(_("CANCELLED: %(reason)s") % {"reason": reason} if reason else _("CANCELLED"))
    if arena.description.strip():
        parts.append(arena.description.strip())
    programme = _programme_lines(arena)
    if programme:
        parts.append("\n".join([_("Programme:"), *programme]))
    if include_video and arena.video_url:
        parts.append(_("Video link: %(url)s") % {"url": arena.video_url})
    parts.append(url)
    return "\n\n".join(parts)


def _location(arena: Arena, *, include_video: bool) -> str:
    parts = [place_text(arena)] if arena.is_physical else []
    if include_video and arena.is_digital and arena.video_url:
        parts.append(arena.video_url)
    return " / ".join(part for part in parts if part)


def arena_ics(arena: Arena, *, url: str, include_video: bool) -> bytes:
    """The arena as an iCalendar object (UTF-8) with one VEVENT. `url` is the absolute
    address of the arena's page (or of the person's own page); `include_video` writes the
    video link into the location and description (for confirmed participants only)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", arena_uid(arena))
    event.add("dtstamp", utc(timezone.now()))
    if arena.updated_at:
        event.add("last-modified", utc(arena.updated_at))
    event.add("dtstart", utc(arena.starts_at))
    event.add("dtend", utc(arena.ends_at))
    event.add("summary", arena.title)
    event.add("description", _description(arena, url=url, include_video=include_video))
    location = _location(arena, include_video=include_video)
    if location:
        event.add("location", location)
    event.add("url", url, parameters={"VALUE": "URI"})
    event.add("status", "CANCELLED" if arena.is_cancelled else "CONFIRMED")
    event.add("class", "PUBLIC")
    calendar.add_component(event)
    return calendar.to_ical()


def ics_response(arena: Arena, *, url: str, include_video: bool) -> HttpResponse:
    """The arena's calendar file as a download (see `arena_ics`)."""
    content = arena_ics(arena, url=url, include_video=include_video)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="arena-{arena.pk}.ics"'
    return response
