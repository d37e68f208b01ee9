"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of activities.

One item per activity, like the iCalendar feed. The standard fields carry what a feed reader
shows (title, text, address, image, tags); the `_samskap` extension object carries the event
itself for websites and apps that build their own calendar from it: start and end with their
UTC offset, the RRULE and excluded dates, the next occurrences (at most
`OCCURRENCE_LIMIT`, fetched for all items in one query), status, place, municipality,
organiser, price, accessibility, languages and sign-up.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from samskap.directory.models import Organisation

from . import ical
from .models import Activity, Occurrence
from .recurrence import OSLO
from .selectors import CalendarFilters, local_midnight

VERSION = "https://jsonfeed.org/version/1.1"
OCCURRENCE_LIMIT = 10
UPCOMING_ATTR = "feed_upcoming_occurrences"


def upcoming_prefetch(
    filters: CalendarFilters, *, now: datetime.datetime | None = None
) -> Prefetch[str]:
    """The next occurrences of each activity within the filters' dates (one more than the limit,
    so the feed can say whether there are more), in one query for all activities."""
    now = now or timezone.now()
    occurrences = Occurrence.objects.filter(end__gte=now)
    if filters.date_from is not None:
        occurrences = occurrences.filter(end__gte=local_midnight(filters.date_from))
    if filters.date_to is not None:
        next_day = filters.date_to + datetime.timedelta(days=1)
        occurrences = occurrences.filter(start__lt=local_midnight(next_day))
    return Prefetch(
        "occurrences",
        queryset=occurrences.order_by("start")[: OCCURRENCE_LIMIT + 1],
        to_attr=UPCOMING_ATTR,
    )


def moment(value: datetime.datetime) -> str:
    """RFC 3339 in Oslo time, with its offset: "2027-03-01T18:00:00+01:00"."""
    return value.astimezone(OSLO).isoformat()


class Urls:
    """Absolute addresses for one feed, each `reverse()`d once (per organisation)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.detail = ical.detail_url_maker(base_url)
        self.ics = ical.detail_url_maker(base_url, "activities:activity_ics")
        self._profiles: dict[str, str] = {}

    def profile(self, organisation: Organisation) -> str | None:
        """The public profile of an organisation, if it has one."""
        if not organisation.is_public_profile:
            return None
        if organisation.slug not in self._profiles:
            path = reverse("directory:detail", args=[organisation.slug])
            self._profiles[organisation.slug] = self.base_url + path
        return self._profiles[organisation.slug]


def _organisation(organisation: Organisation, urls: Urls) -> dict[str, Any]:
    return {"name": organisation.name, "slug": organisation.slug, "url": urls.profile(organisation)}


def _image_url(activity: Activity, base_url: str) -> str | None:
    if not activity.image:
        return None
    url = activity.image.url
    return url if url.startswith(("http://", "https://")) else base_url + url


def item_for(activity: Activity, *, urls: Urls) -> dict[str, Any]:
    """The feed item of one activity."""
    url = urls.detail(activity.pk)
    themes = list(activity.themes.all())
    target_groups = list(activity.target_groups.all())
    upcoming: list[Occurrence] | None = getattr(activity, UPCOMING_ATTR, None)
    municipality = activity.municipality
    image = _image_url(activity, urls.base_url)
    signup_url = activity.signup_url or None
    if activity.signup == Activity.SignUp.PLATFORM:
        signup_url = url
    elif activity.signup == Activity.SignUp.NONE:
        signup_url = None
    item: dict[str, Any] = {
        "id": ical.event_uid(activity),
        "url": url,
        "title": activity.title,
        "content_text": activity.description or activity.title,
        "date_published": moment(activity.created_at),
        "date_modified": moment(activity.updated_at),
        "authors": [{"name": activity.organiser.name}],
        "tags": [theme.name for theme in themes] + [group.name for group in target_groups],
        "_samskap": {
            "status": activity.status,
            "cancel_reason": activity.cancel_reason if activity.is_cancelled else "",
            "timezone": ical.TZID,
            "start": moment(activity.start),
            "end": moment(activity.end),
            "rrule": ical.rrule_value(activity.rrule) if activity.rrule else None,
            "exdates": sorted(activity.exdates) if activity.rrule else [],
            "occurrences": [
                {"start": moment(o.start), "end": moment(o.end)}
                for o in (upcoming or [])[:OCCURRENCE_LIMIT]
            ],
            "more_occurrences": upcoming is not None and len(upcoming) > OCCURRENCE_LIMIT,
            "location": {
                "name": activity.place_name,
                "street_address": activity.street_address,
                "postal_code": activity.postal_code,
                "postal_place": activity.postal_place,
                "text": ical.location_text(
                    place=activity.place_name,
                    street_address=activity.street_address,
                    postal_code=activity.postal_code,
                    postal_place=activity.postal_place,
                    municipality=municipality.name,
                ),
                "venue": _organisation(activity.venue, urls) if activity.venue else None,
            },
            "municipality": {
                "number": municipality.number,
                "name": municipality.name,
                "county": {"number": municipality.county.number, "name": municipality.county.name},
            },
            "organiser": _organisation(activity.organiser, urls),
            "co_organisers": [
                _organisation(link.organisation, urls)
                for link in getattr(activity, "confirmed_co_organisers", [])
            ],
            "is_free": activity.is_free,
            "price": None if activity.is_free or activity.price is None else str(activity.price),
            "price_details": activity.price_details,
            "accessibility": {
                "step_free": activity.step_free,
                "hearing_loop": activity.hearing_loop,
                "sign_language": activity.sign_language,
            },
            "languages": [
                {"code": language.slug, "name": language.name}
                for language in activity.languages.all()
            ],
            "themes": [{"slug": t.slug, "name": t.name} for t in themes],
            "target_groups": [{"slug": g.slug, "name": g.name} for g in target_groups],
            "signup": {
                "kind": activity.signup,
                "url": signup_url,
                "capacity": activity.capacity,
            },
            "ics": urls.ics(activity.pk),
        },
    }
    if image:
        item["image"] = image
        item["_samskap"]["image_alt"] = activity.image_alt
    return item


def feed_for(
    activities: Iterable[Activity],
    *,
    base_url: str,
    title: str,
    home_page_url: str,
    feed_url: str,
    description: str = "",
) -> dict[str, Any]:
    """The feed as a dictionary for `json.dumps`."""
    urls = Urls(base_url)
    feed: dict[str, Any] = {
        "version": VERSION,
        "title": title,
        "home_page_url": home_page_url,
        "feed_url": feed_url,
        "language": get_language() or "nb",
        "items": [item_for(activity, urls=urls) for activity in activities],
    }
    if description:
        feed["description"] = description
    return feed
