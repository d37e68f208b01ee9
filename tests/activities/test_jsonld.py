"""schema.org Event JSON-LD of an activity: every property, offsets across summer and winter
time, series, and escaping inside the script element."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone, translation

from samskap.activities.jsonld import event_jsonld, jsonld_script
from samskap.activities.models import Activity, CoOrganiser
from samskap.activities.recurrence import OSLO
from samskap.activities.selectors import activity_detail_queryset, upcoming_occurrences
from samskap.directory.models import Kind
from tests.factories import ActivityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "https://samskap.example.no/aktiviteter/1/"
WINTER = datetime.datetime(2030, 1, 15, 18, 0, tzinfo=OSLO)
SUMMER = datetime.datetime(2030, 7, 16, 18, 0, tzinfo=OSLO)


def fetched(activity):
    """The activity as the detail page loads it."""
    return activity_detail_queryset().get(pk=activity.pk)


def jsonld(activity, occurrence=None):
    """The JSON-LD as on a Bokmål page (links to other pages follow the active language)."""
    activity = fetched(activity)
    if occurrence is None:
        upcoming = upcoming_occurrences(activity, limit=1)
        occurrence = upcoming[0] if upcoming else None
    with translation.override("nb"):
        return event_jsonld(activity, occurrence, url=URL)


def test_event_properties():
    venue = OrganisationFactory(name="Skien bibliotek", kind=Kind.LIBRARY, slug="skien-bibliotek")
    activity = ActivityFactory(
        title="Strikkekafé",
        description="Ta med garn.\nVi har kaffe.",
        organiser__name="Skien Husflidslag",
        organiser__slug="skien-husflidslag",
        venue=venue,
        venue_name="",
        start=WINTER,
        end=WINTER + datetime.timedelta(hours=2),
        languages=["nb", "uk"],
    )
    data = jsonld(activity)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Strikkekafé"
    assert data["description"] == "Ta med garn.\nVi har kaffe."
    assert data["url"] == URL
    assert data["startDate"] == "2030-01-15T18:00:00+01:00"
    assert data["endDate"] == "2030-01-15T20:00:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {
        "@type": "Place",
        "name": "Skien bibliotek",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Henrik Ibsens gate 4",
            "postalCode": "3724",
            "addressLocality": "Skien",
            "addressRegion": "Telemark",
            "addressCountry": "NO",
        },
    }
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "Skien Husflidslag",
        "url": "https://samskap.example.no/aktorer/skien-husflidslag/",
    }
    assert data["isAccessibleForFree"] is True
    assert data["offers"] == {
        "@type": "Offer",
        "price": "0",
        "priceCurrency": "NOK",
        "url": URL,
        "availability": "https://schema.org/InStock",
    }
    assert data["inLanguage"] == ["nb", "uk"]
    assert "image" not in data
    assert "eventSchedule" not in data
    # Serialisable as it is.
    json.dumps(data)


def test_summer_time_has_plus_two_hours():
    activity = ActivityFactory(start=SUMMER, end=SUMMER + datetime.timedelta(hours=1, minutes=30))
    data = jsonld(activity)
    assert data["startDate"] == "2030-07-16T18:00:00+02:00"
    assert data["endDate"] == "2030-07-16T19:30:00+02:00"


def test_offset_changes_across_daylight_saving_in_a_series():
    # Weekly on Tuesdays at 18:00 from mid-March over the last Sunday of March (2030-03-31).
    start = datetime.datetime(2030, 3, 19, 18, 0, tzinfo=OSLO)
    activity = ActivityFactory(
        start=start, end=start + datetime.timedelta(hours=2), rrule="FREQ=WEEKLY;COUNT=4"
    )
    activity = fetched(activity)
    occurrences = list(activity.occurrences.order_by("start"))
    before = jsonld(activity, occurrences[1])
    after = jsonld(activity, occurrences[2])
    assert before["startDate"] == "2030-03-26T18:00:00+01:00"
    assert after["startDate"] == "2030-04-02T18:00:00+02:00"
    assert after["endDate"] == "2030-04-02T20:00:00+02:00"


def test_series_uses_the_next_occurrence_and_has_a_schedule():
    # A weekly series that began three weeks ago: the next one is in the future.
    first = datetime.datetime.combine(
        timezone.localdate(timezone=OSLO) - datetime.timedelta(days=21),
        datetime.time(18, 0),
        tzinfo=OSLO,
    )
    until = first.date() + datetime.timedelta(days=70)
    activity = ActivityFactory(
        start=first,
        end=first + datetime.timedelta(hours=2),
        rrule="FREQ=WEEKLY;UNTIL="
        + datetime.datetime.combine(until, datetime.time(23, 59, 59), tzinfo=OSLO)
        .astimezone(datetime.UTC)
        .strftime("%Y%m%dT%H%M%SZ"),
        exdates=[(first.date() + datetime.timedelta(days=28)).isoformat()],
    )
    data = jsonld(activity)
    next_start = (
        activity.occurrences.filter(end__gte=timezone.now()).order_by("start").first().start
    )
    assert datetime.datetime.fromisoformat(data["startDate"]) == next_start
    # The next one may be under way (it began but has not ended): it is still the one shown.
    assert datetime.datetime.fromisoformat(data["endDate"]) > timezone.now()
    schedule = data["eventSchedule"]
    assert schedule["@type"] == "Schedule"
    assert schedule["repeatFrequency"] == "P1W"
    weekday = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    assert schedule["byDay"] == f"https://schema.org/{weekday[first.weekday()]}"
    assert schedule["startDate"] == first.date().isoformat()
    assert schedule["endDate"] == until.isoformat()
    assert schedule["startTime"] == "18:00:00"
    assert schedule["endTime"] == "20:00:00"
    assert schedule["scheduleTimezone"] == "Europe/Oslo"
    assert schedule["exceptDate"] == [(first.date() + datetime.timedelta(days=28)).isoformat()]


def test_every_other_week_and_monthly_schedules():
    biweekly = ActivityFactory(rrule="FREQ=WEEKLY;INTERVAL=2;COUNT=3")
    monthly = ActivityFactory(rrule="FREQ=MONTHLY;BYDAY=1TU;COUNT=3")
    custom = ActivityFactory(rrule="FREQ=DAILY;COUNT=3")
    assert jsonld(biweekly)["eventSchedule"]["repeatFrequency"] == "P2W"
    assert jsonld(monthly)["eventSchedule"]["repeatFrequency"] == "P1M"
    assert "eventSchedule" not in jsonld(custom)


def test_cancelled_event():
    activity = ActivityFactory(status=Activity.Status.CANCELLED, cancel_reason="Sykdom")
    data = jsonld(activity)
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["offers"]["availability"] == "https://schema.org/Discontinued"


@pytest.mark.parametrize(
    ("price", "expected"), [(Decimal("150.00"), "150"), (Decimal("99.50"), "99.50")]
)
def test_price_when_not_free(price, expected):
    activity = ActivityFactory(is_free=False, price=price)
    data = jsonld(activity)
    assert data["isAccessibleForFree"] is False
    assert data["offers"]["price"] == expected
    assert data["offers"]["priceCurrency"] == "NOK"


def test_offer_url_is_the_sign_up_link_or_page():
    external = ActivityFactory(
        signup=Activity.SignUp.LINK, signup_url="https://billett.example.no/kurs"
    )
    assert jsonld(external)["offers"]["url"] == "https://billett.example.no/kurs"
    platform = ActivityFactory(signup=Activity.SignUp.PLATFORM, capacity=10)
    assert jsonld(platform)["offers"]["url"] == (
        f"https://samskap.example.no/aktiviteter/{platform.pk}/pamelding/"
    )


def test_image_is_absolute_and_language_single():
    activity = ActivityFactory(
        image="activities/2030/01/strikk.jpg", image_alt="Garn i mange farger", languages=["nb"]
    )
    data = jsonld(activity)
    assert data["image"] == "https://samskap.example.no/media/activities/2030/01/strikk.jpg"
    assert data["inLanguage"] == "nb"


def test_address_from_the_venue_when_the_activity_has_none():
    venue = OrganisationFactory(
        name="Bø bibliotek",
        kind=Kind.LIBRARY,
        street_address="Gullbringvegen 30",
        postal_code="3800",
        postal_place="Bø i Telemark",
        home_municipality_id="4020",
    )
    activity = ActivityFactory(
        venue=venue,
        venue_name="",
        street_address="",
        postal_code="",
        postal_place="",
        municipality_id="4020",
    )
    location = jsonld(activity)["location"]
    assert location["name"] == "Bø bibliotek"
    assert location["address"]["streetAddress"] == "Gullbringvegen 30"
    assert location["address"]["postalCode"] == "3800"
    assert location["address"]["addressLocality"] == "Bø i Telemark"
    assert location["address"]["addressRegion"] == "Telemark"


def test_address_locality_falls_back_to_the_municipality():
    activity = ActivityFactory(
        venue_name="Grendehuset",
        street_address="",
        postal_code="",
        postal_place="",
        municipality_id="3907",
    )
    address = jsonld(activity)["location"]["address"]
    assert "streetAddress" not in address
    assert "postalCode" not in address
    assert address["addressLocality"] == "Sandefjord"
    assert address["addressRegion"] == "Vestfold"


def test_private_organiser_has_no_url_and_co_organisers_are_listed():
    """An organisation without a public profile has not agreed to be shown: its name only."""
    activity = ActivityFactory(
        organiser__public=False, organiser__website="https://lag.example.no/"
    )
    partner = OrganisationFactory(name="Skien frivilligsentral", slug="skien-frivilligsentral")
    pending = OrganisationFactory(name="Ventende lag")
    CoOrganiser.objects.create(
        activity=activity, organisation=partner, status=CoOrganiser.Status.CONFIRMED
    )
    CoOrganiser.objects.create(activity=activity, organisation=pending)
    organizers = jsonld(activity)["organizer"]
    assert "url" not in organizers[0]
    assert organizers[1] == {
        "@type": "Organization",
        "name": "Skien frivilligsentral",
        "url": "https://samskap.example.no/aktorer/skien-frivilligsentral/",
    }
    assert len(organizers) == 2


def test_past_activity_uses_its_own_times():
    start = timezone.now() - datetime.timedelta(days=3)
    activity = ActivityFactory(start=start, end=start + datetime.timedelta(hours=1))
    data = jsonld(activity)
    assert datetime.datetime.fromisoformat(data["startDate"]) == start.replace(microsecond=0)


def test_script_cannot_be_closed_by_text():
    activity = ActivityFactory(
        title="</script><script>alert(1)</script>",
        description="A & B <!-- x --> <b>fet</b>",
    )
    html = str(jsonld_script(jsonld(activity)))
    assert html.startswith('<script type="application/ld+json">')
    assert html.endswith("</script>")
    inner = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert "\\u003C/script\\u003E" in inner
    # Still the same data when read back.
    data = json.loads(inner)
    assert data["name"] == "</script><script>alert(1)</script>"
    assert data["description"] == "A & B <!-- x --> <b>fet</b>"


def test_detail_page_embeds_the_json_ld(client):
    activity = ActivityFactory(
        title="Lesesirkel <b>", start=SUMMER, end=SUMMER + datetime.timedelta(hours=2)
    )
    html = client.get(f"/en/aktiviteter/{activity.pk}/").content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match
    data = json.loads(match.group(1))
    assert data["name"] == "Lesesirkel <b>"
    assert data["startDate"] == "2030-07-16T18:00:00+02:00"
    assert data["url"] == f"{settings.SITE_URL}/en/aktiviteter/{activity.pk}/"
