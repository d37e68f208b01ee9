"""Feeds of the calendar: iCalendar and JSON Feed for any calendar filter, and one activity as
an .ics file.

A feed reads the same query string as the calendar page it mirrors (`CalendarFilterForm`),
so `/aktiviteter/kalender.ics?municipality=4003&theme=reading` holds what
`/aktiviteter/?municipality=4003&theme=reading` lists; per organisation and per library feeds
are `?organiser=<slug>` and `?venue=<slug>`. Nonsense filters get HTTP 400 with a short
explanation, never a silently different selection.

Feeds are polled by calendar apps, so they answer conditional requests (ETag and
Last-Modified) with 304 without building the feed, and may be cached for a while.
"""

import datetime
import hashlib
from collections.abc import Callable
from typing import Any

from django.db.models import Count, Max, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import ical, jsonfeed, permissions, selectors
from .filters import CalendarFilterForm, filter_query
from .models import Activity

# Seconds a feed may be reused without asking again. Calendar apps poll (typically every few
# hours); a short lifetime keeps changes visible soon while sparing the server.
FEED_MAX_AGE = 15 * 60
# Raised when the output of the feeds changes shape, so cached copies are not reused.
FEED_FORMAT = "1"
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"
JSON_FEED_CONTENT_TYPE = "application/feed+json; charset=utf-8"


def site_origin(request: HttpRequest) -> str:
    """ "https://example.org": the scheme and host the request came to."""
    return request.build_absolute_uri("/").rstrip("/")


# --- what a selection is called ---------------------------------------------------------


def selection_title(form: CalendarFilterForm) -> str:
    """What a valid filter form selects, in words: "Activities by Skien Røde Kors in Skien ·
    Reading". Used as the name of feeds and the heading of the embedded calendar."""
    data = form.cleaned_data
    organiser = data.get("organiser")
    venue = data.get("venue")
    area = data.get("municipality") or data.get("county")
    if organiser and venue:
        title = _("Activities by %(organiser)s at %(venue)s") % {
            "organiser": organiser.name,
            "venue": venue.name,
        }
    elif organiser and area:
        title = _("Activities by %(organiser)s in %(place)s") % {
            "organiser": organiser.name,
            "place": area.name,
        }
    elif organiser:
        title = _("Activities by %(organiser)s") % {"organiser": organiser.name}
    elif venue:
        title = _("Activities at %(venue)s") % {"venue": venue.name}
    elif area:
        title = _("Activities in %(place)s") % {"place": area.name}
    else:
        title = _("Activities")
    details = [
        str(data[key].name) for key in ("theme", "target_group", "language") if data.get(key)
    ]
    if data.get("free"):
        details.append(_("Free"))
    if data.get("q"):
        details.append(_("“%(words)s”") % {"words": data["q"].strip()})
    return " · ".join([title, *details])


def feed_name(form: CalendarFilterForm) -> str:
    return f"Samskap – {selection_title(form)}"


def invalid_filters_response(form: CalendarFilterForm) -> HttpResponse:
    """HTTP 400 with a short plain-text explanation in the request's language."""
    lines = [_("The calendar filters in this address are not valid:")]
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            lines.append(f"- {label}: {error}" if label else f"- {error}")
    lines.append(_("Remove or correct them and try again."))
    return HttpResponse(
        "\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8"
    )


# --- conditional requests ---------------------------------------------------------------


def conditional(
    request: HttpRequest,
    *,
    etag: str,
    last_modified: datetime.datetime | None,
    build: Callable[[], HttpResponse],
    cache_control: dict[str, Any],
) -> HttpResponse:
    """`build()` the response unless the client's copy is current (then 304), with ETag,
    Last-Modified and Cache-Control set either way (what Django's `condition` decorator does,
    with the values worked out once in the view)."""
    quoted = quote_etag(etag)
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=quoted, last_modified=timestamp)
    if response is None:
        response = build()
    response.headers.setdefault("ETag", quoted)
    if timestamp is not None:
        response.headers.setdefault("Last-Modified", http_date(timestamp))
    patch_cache_control(response, **cache_control)
    return response


def selection_state(
    request: HttpRequest, activities: QuerySet[Activity], *, kind: str
) -> tuple[str, datetime.datetime]:
    """The ETag and Last-Modified of a feed of `activities`, from one aggregate query.

    The ETag changes when an activity in the selection changes (updated_at, sequence), when
    one enters or leaves it, with the address and language, and every hour (the JSON feed's
    upcoming occurrences and the feeds' window move with time). Last-Modified is the latest
    change, but at least the start of the current hour, so clients that only send
    If-Modified-Since also see an activity leave the selection within the hour."""
    now = timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    summary = activities.order_by().aggregate(
        count=Count("pk"), latest=Max("updated_at"), pks=Sum("pk"), sequences=Sum("sequence")
    )
    fingerprint = "|".join(
        str(part)
        for part in (
            FEED_FORMAT,
            kind,
            site_origin(request),
            request.path,
            filter_query(request.GET).urlencode(),
            get_language(),
            hour.isoformat(),
            summary["count"],
            summary["latest"].isoformat() if summary["latest"] else "",
            summary["pks"],
            summary["sequences"],
        )
    )
    etag = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
    latest = summary["latest"]
    return etag, max(latest, hour) if latest else hour


FEED_CACHE = {"public": True, "max_age": FEED_MAX_AGE}


# --- the feeds ----------------------------------------------------------------------------


def _feed_form(request: HttpRequest) -> CalendarFilterForm:
    form = CalendarFilterForm(filter_query(request.GET))
    form.is_valid()
    return form


def _calendar_url(request: HttpRequest, name: str) -> str:
    query = filter_query(request.GET).urlencode()
    return site_origin(request) + reverse(name) + (f"?{query}" if query else "")


@require_http_methods(["GET", "HEAD"])
def feed_ics(request: HttpRequest) -> HttpResponse:
    """The calendar's selection as an iCalendar feed: public activities only, one VEVENT per
    activity (a series with its RRULE), from 30 days back unless the filters say otherwise."""
    form = _feed_form(request)
    if form.errors:
        return invalid_filters_response(form)
    activities = selectors.activity_list(form.filters())
    etag, last_modified = selection_state(request, activities, kind="ics")

    def build() -> HttpResponse:
        body = ical.calendar_for(
            ical.feed_events(activities),
            base_url=site_origin(request),
            name=feed_name(form),
            description=_("Activities from the Samskap calendar: %(url)s")
            % {"url": _calendar_url(request, "activities:calendar")},
            source=_calendar_url(request, "activities:feed_ics"),
        )
        return HttpResponse(body, content_type=ICS_CONTENT_TYPE)

    return conditional(
        request, etag=etag, last_modified=last_modified, build=build, cache_control=FEED_CACHE
    )


@require_http_methods(["GET", "HEAD"])
def feed_json(request: HttpRequest) -> HttpResponse:
    """The calendar's selection as a JSON Feed 1.1, each item with the event's data in the
    `_samskap` extension (times, recurrence, upcoming occurrences, place, organiser, ...)."""
    form = _feed_form(request)
    if form.errors:
        return invalid_filters_response(form)
    filters = form.filters()
    activities = selectors.activity_list(filters)
    etag, last_modified = selection_state(request, activities, kind="json")

    def build() -> HttpResponse:
        body = jsonfeed.feed_text(
            activities,
            filters=filters,
            base_url=site_origin(request),
            title=feed_name(form),
            home_page_url=_calendar_url(request, "activities:calendar"),
            feed_url=_calendar_url(request, "activities:feed_json"),
        )
        return HttpResponse(
            body,
            content_type=JSON_FEED_CONTENT_TYPE,
        )

    return conditional(
        request, etag=etag, last_modified=last_modified, build=build, cache_control=FEED_CACHE
    )


@require_http_methods(["GET", "HEAD"])
def activity_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One activity as an .ics file to add to a calendar ("add to my calendar")."""
    activity = permissions.activity_for_view(request.user, pk)
    etag = hashlib.sha256(
        "|".join(
            (
                FEED_FORMAT,
                "activity",
                site_origin(request),
                get_language() or "",
                str(activity.uid),
                activity.updated_at.isoformat(),
                str(activity.sequence),
                activity.status,
            )
        ).encode()
    ).hexdigest()[:32]
    filename = (slugify(activity.title) or "aktivitet")[:60] + ".ics"

    def build() -> HttpResponse:
        body = ical.calendar_for([activity], base_url=site_origin(request), name=activity.title)
        response = HttpResponse(body, content_type=ICS_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    # Drafts and hidden activities are seen by their organisers only: never in shared caches.
    cache = FEED_CACHE if activity.is_public else {"private": True, "no_cache": True}
    return conditional(
        request, etag=etag, last_modified=activity.updated_at, build=build, cache_control=cache
    )
