"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of activities.

One item per activity, like the iCalendar feed. The standard fields carry what a feed reader
shows (title, text, address, image, tags); the `_samskap` extension object carries the event
itself for websites and apps that build their own calendar from it: start and end with their
UTC offset, the RRULE and excluded dates, the next occurrences (at most
`OCCURRENCE_LIMIT`), status, place, municipality, organiser, price, accessibility, languages
and sign-up.

Like `ical.feed_events`, the feed reads plain rows, not model instances, in five queries
whatever its size: the activities; the links to their target groups, themes and languages;
those terms; their confirmed co-organisers; their next occurrences. The related queries select
the activities with a subquery of the selection, not a list of their ids (a feed of thousands
would send thousands of parameters).
"""

import datetime
import json
from collections.abc import Callable, Iterator
from itertools import groupby
from operator import itemgetter
from typing import Any

from django.db.models import F, Model, QuerySet, Value, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from samskap.directory.models import LocalisedName, Organisation, TargetGroup, Theme

from . import ical
from .models import Activity, CoOrganiser, Language, Occurrence
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
        self._organisations: dict[tuple[str, str, bool, str], dict[str, Any]] = {}

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
        """An organisation as the feed shows it (one object per organisation and feed)."""
        key = (name, slug, public, status)
        if key not in self._organisations:
            self._organisations[key] = {
                "name": name,
                "slug": slug,
                "url": self.profile(slug, public=public, status=status),
            }
        return self._organisations[key]


# Each kind of term: its model, the table linking it to activities and that table's column.
TERM_KINDS: tuple[tuple[type[LocalisedName], type[Model], str], ...] = (
    (TargetGroup, Activity.target_groups.through, "targetgroup_id"),
    (Theme, Activity.themes.through, "theme_id"),
    (Language, Activity.languages.through, "language_id"),
)
# The terms of one activity of each kind: the ids in no particular order.
TermIds = tuple[int, ...]


def _terms(
    ids: QuerySet[Activity, Any],
) -> tuple[list[dict[int, TermIds]], list[dict[int, tuple[tuple[int, str], str, str]]]]:
    """The target groups, themes and languages (in `TERM_KINDS` order) of each activity of
    `ids`, as ids, and every term of those kinds: ((position, slug), slug, name), name in
    the current language as `LocalisedName.name`. Two queries: the links hold thousands of
    rows, so they carry ids only and the few terms are read once."""
    language = (get_language() or "nb")[:2]
    name = f"name_{language}" if language in ("nb", "nn", "en") else "name_nb"
    term_queries = []
    link_queries = []
    for kind, (model, through, target) in enumerate(TERM_KINDS):
        term_queries.append(
            model._default_manager.annotate(kind=Value(str(kind)))
            .order_by()
            .values_list("id", "position", "slug", name, "name_nb", "kind")
        )
        link_queries.append(
            through._default_manager.filter(activity_id__in=ids)
            .annotate(kind=Value(str(kind)))
            .order_by()
            .values_list("activity_id", target, "kind")
        )
    terms: list[dict[int, tuple[tuple[int, str], str, str]]] = [{} for _kind in TERM_KINDS]
    for term_id, position, slug, local_name, nb_name, kind in term_queries[0].union(
        *term_queries[1:], all=True
    ):
        terms[int(kind)][term_id] = ((position, slug), slug, local_name or nb_name)
    links: list[dict[int, TermIds]] = [{} for _kind in TERM_KINDS]
    # The kind is text: an integer would be converted row by row.
    by_kind = {str(kind): links[kind] for kind in range(len(TERM_KINDS))}
    for activity_id, term_id, kind in link_queries[0].union(*link_queries[1:], all=True):
        of_kind = by_kind[kind]
        of_kind[activity_id] = of_kind.get(activity_id, ()) + (term_id,)
    return links, terms


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
) -> dict[int, tuple[tuple[datetime.datetime, datetime.datetime], ...]]:
    """The next occurrences (start, end) of each activity of `ids` within the filters' dates:
    one more than the limit, so the feed can say whether there are more."""
    occurrences = Occurrence.objects.filter(activity_id__in=ids, end__gte=now)
    if filters.date_from is not None:
        occurrences = occurrences.filter(end__gt=local_midnight(filters.date_from))
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
    # Tuples, not lists: they hold no objects the garbage collector follows, so it soon stops
    # looking at them (thousands of lists would stay on its books for the whole feed).
    return {
        activity_id: tuple((start, end) for _activity_id, start, end in group)
        for activity_id, group in groupby(rows, key=itemgetter(0))
    }


# Activity rows fetched at a time (see `items_for`).
ROW_CHUNK = 100
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
    storage = Activity._meta.get_field("image").storage

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
) -> Iterator[dict[str, Any]]:
    """The feed items of a selection of activities (as `selectors.activity_list` makes it),
    in its order, from five queries.

    What repeats from item to item (a municipality, an organisation, a set of themes, a time)
    is built once and shared by the items that have it: `json.dumps` writes it out for each,
    and a feed of thousands of items makes far fewer objects."""
    now = now or timezone.now()
    urls = Urls(base_url)
    image_url = _image_url_maker(base_url)
    ids = activities.values("pk")
    links, terms = _terms(ids)
    group_links, theme_links, language_links = links
    co_organisers = _co_organisers(ids, urls)
    upcoming = _upcoming(ids, filters, now)
    # The rows a chunk at a time, each dropped once its item is made: thousands of rows (with
    # their UUIDs and lists of dates) kept to the end would be promoted through the garbage
    # collector's generations and bring on full collections.
    rows = activities.prefetch_related(None).values_list(*ITEM_COLUMNS).iterator(ROW_CHUNK)

    moments: dict[datetime.datetime, str] = {}

    def local(value: datetime.datetime) -> str:
        text = moments.get(value)
        if text is None:
            text = moments[value] = moment(value)
        return text

    times: dict[tuple[datetime.datetime, datetime.datetime], dict[str, str]] = {}

    def occurrence(start_end: tuple[datetime.datetime, datetime.datetime]) -> dict[str, str]:
        value = times.get(start_end)
        if value is None:
            value = times[start_end] = {"start": local(start_end[0]), "end": local(start_end[1])}
        return value

    term_parts: list[dict[TermIds, tuple[list[str], list[dict[str, str]]]]] = [
        {} for _kind in TERM_KINDS
    ]

    def parts(kind: int, key: TermIds) -> tuple[list[str], list[dict[str, str]]]:
        """The names of a set of terms and their objects, in the terms' order."""
        value = term_parts[kind].get(key)
        if value is None:
            info = terms[kind]
            ordered = [info[term] for term in sorted(key, key=lambda term: info[term][0])]
            code = "code" if TERM_KINDS[kind][0] is Language else "slug"
            value = term_parts[kind][key] = (
                [name for _order, _slug, name in ordered],
                [{code: slug, "name": name} for _order, slug, name in ordered],
            )
        return value

    rrules: dict[str, str] = {}
    tags: dict[tuple[TermIds, TermIds], list[str]] = {}
    municipalities: dict[str, dict[str, Any]] = {}
    authors: dict[str, list[dict[str, str]]] = {}
    accessibility: dict[tuple[bool, bool, bool], dict[str, bool]] = {}
    platform, no_signup, cancelled = (
        Activity.SignUp.PLATFORM,
        Activity.SignUp.NONE,
        Activity.Status.CANCELLED,
    )
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
        theme_ids = theme_links.get(pk, ())
        group_ids = group_links.get(pk, ())
        theme_names, theme_objects = parts(1, theme_ids)
        group_names, group_objects = parts(0, group_ids)
        tag_key = (theme_ids, group_ids)
        if tag_key not in tags:
            tags[tag_key] = theme_names + group_names
        next_occurrences = upcoming.get(pk, ())
        # As `Activity.place_name`: the name typed, else the venue's.
        place = venue if venue_id is not None and not venue_name else venue_name
        if signup == platform:
            signup_link = url
        elif signup == no_signup:
            signup_link = None
        else:
            signup_link = signup_url or None
        if municipality_number not in municipalities:
            municipalities[municipality_number] = {
                "number": municipality_number,
                "name": municipality,
                "county": {"number": county_number, "name": county},
            }
        if organiser not in authors:
            authors[organiser] = [{"name": organiser}]
        if rrule and rrule not in rrules:
            rrules[rrule] = ical.rrule_value(rrule)
        access = (step_free, hearing_loop, sign_language)
        if access not in accessibility:
            accessibility[access] = {
                "step_free": step_free,
                "hearing_loop": hearing_loop,
                "sign_language": sign_language,
            }
        item: dict[str, Any] = {
            "id": f"{uid}@{ical.UID_DOMAIN}",
            "url": url,
            "title": title,
            "content_text": description or title,
            "date_published": local(created_at),
            "date_modified": local(updated_at),
            "authors": authors[organiser],
            "tags": tags[tag_key],
            "_samskap": {
                "status": status,
                "cancel_reason": cancel_reason if status == cancelled else "",
                "timezone": ical.TZID,
                "start": local(start),
                "end": local(end),
                "rrule": rrules[rrule] if rrule else None,
                "exdates": sorted(exdates or []) if rrule else [],
                "occurrences": [occurrence(o) for o in next_occurrences[:OCCURRENCE_LIMIT]],
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
                "municipality": municipalities[municipality_number],
                "organiser": urls.organisation(
                    organiser, organiser_slug, organiser_public, organiser_status
                ),
                "co_organisers": co_organisers.get(pk, []),
                "is_free": is_free,
                "price": None if is_free or price is None else str(price),
                "price_details": price_details,
                "accessibility": accessibility[access],
                "languages": parts(2, language_links.get(pk, ()))[1],
                "themes": theme_objects,
                "target_groups": group_objects,
                "signup": {"kind": signup, "url": signup_link, "capacity": capacity},
                "ics": urls.ics(pk),
            },
        }
        image_address = image_url(image)
        if image_address:
            item["image"] = image_address
            item["_samskap"]["image_alt"] = image_alt
        yield item


def feed_text(
    activities: QuerySet[Activity],
    *,
    filters: CalendarFilters,
    base_url: str,
    title: str,
    home_page_url: str,
    feed_url: str,
    description: str = "",
    now: datetime.datetime | None = None,
) -> str:
    """The feed as JSON text: what `json.dumps(feed, ensure_ascii=False, separators=(",",
    ":"))` writes for the feed object, with each item written as soon as it is made, so the
    thousands of objects of a large feed do not all stay alive until the end."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    head = {
        "version": VERSION,
        "title": title,
        "home_page_url": home_page_url,
        "feed_url": feed_url,
        "language": get_language() or "nb",
    }
    parts = [encode(head)[:-1], ',"items":[']
    parts.append(
        ",".join(
            encode(item)
            for item in items_for(activities, filters=filters, base_url=base_url, now=now)
        )
    )
    parts.append("]")
    if description:
        parts.append(f',"description":{encode(description)}')
    parts.append("}")
    return "".join(parts)
