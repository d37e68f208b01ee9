"""schema.org `Event` markup (JSON-LD) for an activity's page, so search engines and other
calendars can read what, when and where.

`event_jsonld` is a pure function of the activity (with its relations fetched by
`selectors.activity_detail_queryset`), one occurrence and the page's absolute URL; other
absolute URLs (organiser, image) are resolved against that URL. `jsonld_script` renders the
result as a `<script type="application/ld+json">` element that text cannot break out of.
"""

import datetime
import json
from decimal import Decimal
from typing import Any
from urllib.parse import urljoin

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from samskap.directory.models import Organisation

from . import recurrence
from .models import Activity, Occurrence
from .recurrence import OSLO

SCHEMA = "https://schema.org"
SCHEDULED = f"{SCHEMA}/EventScheduled"
CANCELLED = f"{SCHEMA}/EventCancelled"
OFFLINE = f"{SCHEMA}/OfflineEventAttendanceMode"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# The characters that could end the script element or start markup, as JSON escapes
# (the same as Django's `json_script`).
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def iso_local(moment: datetime.datetime) -> str:
    """ISO 8601 in Oslo time with its offset: 2025-06-03T18:00:00+02:00."""
    return moment.astimezone(OSLO).isoformat(timespec="seconds")


def _price(activity: Activity) -> str:
    if activity.is_free or activity.price is None:
        return "0"
    price = Decimal(activity.price)
    return format(price.quantize(Decimal(1)) if price == price.to_integral() else price, "f")


def _organisation(organisation: Organisation, *, base: str) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Organization", "name": organisation.name}
    if organisation.is_public_profile:
        data["url"] = urljoin(base, reverse("directory:detail", args=[organisation.slug]))
    return data


def place_address(activity: Activity) -> tuple[str, str, str]:
    """Street address, postal code and postal place of the activity, or of its venue in the
    directory where the activity has none."""
    venue = activity.venue
    return (
        activity.street_address or (venue.street_address if venue else ""),
        activity.postal_code or (venue.postal_code if venue else ""),
        activity.postal_place or (venue.postal_place if venue else ""),
    )


def _place(activity: Activity) -> dict[str, Any]:
    street, postal_code, locality = place_address(activity)
    address: dict[str, Any] = {"@type": "PostalAddress"}
    if street:
        address["streetAddress"] = street
    if postal_code:
        address["postalCode"] = postal_code
    address["addressLocality"] = locality or activity.municipality.name
    address["addressRegion"] = activity.municipality.county.name
    address["addressCountry"] = "NO"
    return {
        "@type": "Place",
        "name": activity.place_name or activity.municipality.name,
        "address": address,
    }


def _offer(activity: Activity, *, url: str) -> dict[str, Any]:
    offer_url = url
    if activity.signup == Activity.SignUp.LINK and activity.signup_url:
        offer_url = activity.signup_url
    elif activity.signup == Activity.SignUp.PLATFORM:
        offer_url = urljoin(url, reverse("activities:signup", args=[activity.pk]))
    return {
        "@type": "Offer",
        "price": _price(activity),
        "priceCurrency": "NOK",
        "url": offer_url,
        "availability": f"{SCHEMA}/Discontinued" if activity.is_cancelled else f"{SCHEMA}/InStock",
    }


def _schedule(activity: Activity) -> dict[str, Any] | None:
    """An `eventSchedule` for the simple repetition patterns (None for others)."""
    pattern = recurrence.pattern_of(activity.rrule)
    frequency = {
        recurrence.Pattern.WEEKLY: "P1W",
        recurrence.Pattern.BIWEEKLY: "P2W",
        recurrence.Pattern.MONTHLY_WEEKDAY: "P1M",
    }.get(pattern)  # type: ignore[call-overload]
    if frequency is None:
        return None
    start, end = activity.start.astimezone(OSLO), activity.end.astimezone(OSLO)
    schedule: dict[str, Any] = {
        "@type": "Schedule",
        "repeatFrequency": frequency,
        "byDay": f"{SCHEMA}/{WEEKDAYS[start.weekday()]}",
        "startDate": start.date().isoformat(),
        "startTime": start.time().isoformat(timespec="seconds"),
        "endTime": end.time().isoformat(timespec="seconds"),
        "scheduleTimezone": "Europe/Oslo",
    }
    until = recurrence.until_of(activity.rrule)
    if until is not None:
        schedule["endDate"] = until.isoformat()
    if activity.exdates:
        schedule["exceptDate"] = list(activity.exdates)
    return schedule


def event_jsonld(activity: Activity, occurrence: Occurrence | None, *, url: str) -> dict[str, Any]:
    """schema.org `Event` for `occurrence` of `activity` (its first time when None); `url` is
    the absolute address of the activity's page."""
    start = occurrence.start if occurrence is not None else activity.start
    end = occurrence.end if occurrence is not None else activity.end
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": activity.title,
        "url": url,
        "startDate": iso_local(start),
        "endDate": iso_local(end),
        "eventStatus": CANCELLED if activity.is_cancelled else SCHEDULED,
        "eventAttendanceMode": OFFLINE,
        "location": _place(activity),
        "isAccessibleForFree": activity.is_free,
        "offers": _offer(activity, url=url),
    }
    if activity.description:
        data["description"] = activity.description
    organisers = [_organisation(activity.organiser, base=url)]
    organisers += [
        _organisation(link.organisation, base=url)
        for link in getattr(activity, "confirmed_co_organisers", [])
    ]
    data["organizer"] = organisers[0] if len(organisers) == 1 else organisers
    if activity.image:
        data["image"] = urljoin(url, activity.image.url)
    languages = [language.slug for language in activity.languages.all()]
    if languages:
        data["inLanguage"] = languages[0] if len(languages) == 1 else languages
    if activity.is_recurring:
        schedule = _schedule(activity)
        if schedule is not None:
            data["eventSchedule"] = schedule
    return data


def jsonld_script(data: dict[str, Any]) -> SafeString:
    """`data` in a `<script type="application/ld+json">` element, with `<`, `>` and `&`
    escaped so no value can close the element or open markup."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text),  # noqa: S308 - escaped above
    )
