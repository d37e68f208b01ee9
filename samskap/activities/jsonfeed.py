"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of activities.

One item per activity, like the iCalendar feed. The standard fields carry what a feed reader
shows (title, text, address, image, tags); the `_samskap` extension object carries the event
itself for websites and apps that build their own calendar from it: start and end with their
UTC offset, the RRULE and excluded dates, the next occurrences (at most
`OCCURRENCE_LIMIT`), status, place, municipality, organiser, price, accessibility, languages
and sign-up.

Like `ical.feed_events`, the feed reads plain rows, not model instances: the activities in one
query, then their target groups, themes, languages, confirmed co-organisers and next
occurrences in one query each. Those select the activities with a subquery of the selection,
not a list of their ids (a feed of thousands would send thousands of parameters), so a feed
costs a fixed number of queries whatever its size.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import F, Model, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from samskap.directory.models import Organisation

from . import ical
from .models import Activity, CoOrganiser, Occurrence
from .recurrence import OSLO
from .selectors import CalendarFilters, local_midnight

VERSION = "https://jsonfeed.org/version/1.1"
OCCURRENCE_LIMIT = 10


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

    def profile(self, slug: str, *, public: bool, status: str) -> str | None:
        """The public profile of an organisation, if it has one (as
        `Organisation.is_public_profile`: consent given and active)."""
        if not (public and status == Organisation.Status.ACTIVE):
            return None
        if slug not in self._profiles:
            path = reverse("directory:detail", args=[slug])
            self._profiles[slug] = self.base_url + path
        return self._profiles[slug]

    def organisation(self, name: str, slug: str, public: bool, status: str) -> dict[str, Any]:
        return {"name": name, "slug": slug, "url": self.profile(slug, public=public, status=status)}


def _name_columns(prefix: str) -> tuple[str, str]:
    """The column of a `LocalisedName` in the current language and its Bokmål fallback (as
    `LocalisedName.name`)."""
    language = (get_language() or "nb")[:2]
    if language not in ("nb", "nn", "en"):
        language = "nb"
    return f"{prefix}__name_{language}", f"{prefix}__name_nb"


def _terms(
    through: type[Model], target: str, ids: QuerySet[Activity, Any]
) -> dict[int, list[tuple[str, str]]]:
    """(slug, name) of the terms (target groups, themes or languages) of each activity of
    `ids`, in the terms' order."""
    name, fallback = _name_columns(target)
    rows = (
        through._default_manager.filter(activity_id__in=ids)
        .order_by(f"{target}__position", f"{target}__slug")
        .values_list("activity_id", f"{target}__slug", name, fallback)
    )
    terms: dict[int, list[tuple[str, str]]] = {}
    for activity_id, slug, local_name, nb_name in rows:
        terms.setdefault(activity_id, []).append((slug, local_name or nb_name))
    return terms


def _co_organisers(ids: QuerySet[Activity, Any], urls: Urls) -> dict[int, list[dict[str, Any]]]:
    """The confirmed co-organisers of each activity of `ids`, by name."""
    rows = (
        CoOrganiser.objects.filter(activity_id__in=ids, status=CoOrganiser.Status.CONFIRMED)
        .order_by("organisation__name", "organisation_id")
        .values_list(
            "activity_id",
            "organisation__name",
            "organisation__slug",
            "organisation__public",
            "organisation__status",
        )
    )
    co_organisers: dict[int, list[dict[str, Any]]] = {}
    for activity_id, name, slug, public, status in rows:
        co_organisers.setdefault(activity_id, []).append(
            urls.organisation(name, slug, public, status)
        )
    return co_organisers


def _upcoming(
    ids: QuerySet[Activity, Any], filters: CalendarFilters, now: datetime.datetime
) -> dict[int, list[tuple[datetime.datetime, datetime.datetime]]]:
    """The next occurrences (start, end) of each activity of `ids` within the filters' dates:
    one more than the limit, so the feed can say whether there are more."""
    occurrences = Occurrence.objects.filter(activity_id__in=ids, end__gte=now)
    if filters.date_from is not None:
        occurrences = occurrences.filter(end__gte=local_midnight(filters.date_from))
    if filters.date_to is not None:
        next_day = filters.date_to + datetime.timedelta(days=1)
        occurrences = occurrences.filter(start__lt=local_midnight(next_day))
    rows = (
        occurrences.annotate(
            number=Window(RowNumber(), partition_by=F("activity_id"), order_by=F("start").asc())
        )
        .filter(number__lte=OCCURRENCE_LIMIT + 1)
        .order_by("activity_id", "start")
        .values_list("activity_id", "start", "end")
    )
    upcoming: dict[int, list[tuple[datetime.datetime, datetime.datetime]]] = {}
    for activity_id, start, end in rows:
        upcoming.setdefault(activity_id, []).append((start, end))
    return upcoming


ITEM_COLUMNS = (
    "pk",
    "uid",
    "title",
    "description",
    "created_at",
    "updated_at",
    "status",
    "cancel_reason",
    "start",
    "end",
    "rrule",
    "exdates",
    "venue_name",
    "venue_id",
    "venue__name",
    "venue__slug",
    "venue__public",
    "venue__status",
    "street_address",
    "postal_code",
    "postal_place",
    "municipality_id",
    "municipality__name",
    "municipality__county_id",
    "municipality__county__name",
    "organiser__name",
    "organiser__slug",
    "organiser__public",
    "organiser__status",
    "is_free",
    "price",
    "price_details",
    "step_free",
    "hearing_loop",
    "sign_language",
    "signup",
    "signup_url",
    "capacity",
    "image",
    "image_alt",
)


def _image_url_maker(base_url: str) -> Callable[[str], str | None]:
    """A function from an image's stored name to its absolute address (as
    `activity.image.url`), or None when there is no image."""
    storage = Activity._meta.get_field("image").storage  # type: ignore[union-attr]

    def image_url(name: str) -> str | None:
        if not name:
            return None
        url: str = storage.url(name)
        return url if url.startswith(("http://", "https://")) else base_url + url

    return image_url


def items_for(
    activities: QuerySet[Activity],
    *,
    filters: CalendarFilters,
    base_url: str,
    now: datetime.datetime | None = None,
) -> list[dict[str, Any]]:
    """The feed items of a selection of activities (as `selectors.activity_list` makes it),
    in its order, from six queries."""
    now = now or timezone.now()
    urls = Urls(base_url)
    image_url = _image_url_maker(base_url)
    rows = list(activities.prefetch_related(None).values_list(*ITEM_COLUMNS))
    if not rows:
        return []
    ids = activities.values("pk")
    target_groups = _terms(Activity.target_groups.through, "targetgroup", ids)
    themes = _terms(Activity.themes.through, "theme", ids)
    languages = _terms(Activity.languages.through, "language", ids)
    co_organisers = _co_organisers(ids, urls)
    upcoming = _upcoming(ids, filters, now)
    items = []
    for (
        pk,
        uid,
        title,
        description,
        created_at,
        updated_at,
        status,
        cancel_reason,
        start,
        end,
        rrule,
        exdates,
        venue_name,
        venue_id,
        venue,
        venue_slug,
        venue_public,
        venue_status,
        street_address,
        postal_code,
        postal_place,
        municipality_number,
        municipality,
        county_number,
        county,
        organiser,
        organiser_slug,
        organiser_public,
        organiser_status,
        is_free,
        price,
        price_details,
        step_free,
        hearing_loop,
        sign_language,
        signup,
        signup_url,
        capacity,
        image,
        image_alt,
    ) in rows:
        url = urls.detail(pk)
        activity_themes = themes.get(pk, [])
        activity_groups = target_groups.get(pk, [])
        next_occurrences = upcoming.get(pk, [])
        # As `Activity.place_name`: the name typed, else the venue's.
        place = venue if venue_id is not None and not venue_name else venue_name
        if signup == Activity.SignUp.PLATFORM:
            signup_link = url
        elif signup == Activity.SignUp.NONE:
            signup_link = None
        else:
            signup_link = signup_url or None
        item: dict[str, Any] = {
            "id": f"{uid}@{ical.UID_DOMAIN}",
            "url": url,
            "title": title,
            "content_text": description or title,
            "date_published": moment(created_at),
            "date_modified": moment(updated_at),
            "authors": [{"name": organiser}],
            "tags": [name for _slug, name in activity_themes]
            + [name for _slug, name in activity_groups],
            "_samskap": {
                "status": status,
                "cancel_reason": cancel_reason if status == Activity.Status.CANCELLED else "",
                "timezone": ical.TZID,
                "start": moment(start),
                "end": moment(end),
                "rrule": ical.rrule_value(rrule) if rrule else None,
                "exdates": sorted(exdates or []) if rrule else [],
                "occurrences": [
                    {"start": moment(o_start), "end": moment(o_end)}
                    for o_start, o_end in next_occurrences[:OCCURRENCE_LIMIT]
                ],
                "more_occurrences": len(next_occurrences) > OCCURRENCE_LIMIT,
                "location": {
                    "name": place,
                    "street_address": street_address,
                    "postal_code": postal_code,
                    "postal_place": postal_place,
                    "text": ical.location_text(
                        place=place,
                        street_address=street_address,
                        postal_code=postal_code,
                        postal_place=postal_place,
                        municipality=municipality,
                    ),
                    "venue": (
                        urls.organisation(venue, venue_slug, venue_public, venue_status)
                        if venue_id is not None
                        else None
                    ),
                },
                "municipality": {
                    "number": municipality_number,
                    "name": municipality,
                    "county": {"number": county_number, "name": county},
                },
                "organiser": urls.organisation(
                    organiser, organiser_slug, organiser_public, organiser_status
                ),
                "co_organisers": co_organisers.get(pk, []),
                "is_free": is_free,
                "price": None if is_free or price is None else str(price),
                "price_details": price_details,
                "accessibility": {
                    "step_free": step_free,
                    "hearing_loop": hearing_loop,
                    "sign_language": sign_language,
                },
                "languages": [
                    {"code": slug, "name": name} for slug, name in languages.get(pk, [])
                ],
                "themes": [{"slug": slug, "name": name} for slug, name in activity_themes],
                "target_groups": [
                    {"slug": slug, "name": name} for slug, name in activity_groups
                ],
                "signup": {"kind": signup, "url": signup_link, "capacity": capacity},
                "ics": urls.ics(pk),
            },
        }
        image_address = image_url(image)
        if image_address:
            item["image"] = image_address
            item["_samskap"]["image_alt"] = image_alt
        items.append(item)
    return items


def feed_for(
    activities: QuerySet[Activity],
    *,
    filters: CalendarFilters,
    base_url: str,
    title: str,
    home_page_url: str,
    feed_url: str,
    description: str = "",
    now: datetime.datetime | None = None,
) -> dict[str, Any]:
    """The feed as a dictionary for `json.dumps`."""
    feed: dict[str, Any] = {
        "version": VERSION,
        "title": title,
        "home_page_url": home_page_url,
        "feed_url": feed_url,
        "language": get_language() or "nb",
        "items": items_for(activities, filters=filters, base_url=base_url, now=now),
    }
    if description:
        feed["description"] = description
    return feed
