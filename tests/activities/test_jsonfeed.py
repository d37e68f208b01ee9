"""The JSON feed (JSON Feed 1.1 with the `_samskap` extension): fields, occurrences,
selection, visibility, 400 on nonsense, caching and query counts."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samskap.activities import jsonfeed, selectors
from samskap.activities.filters import CalendarFilterForm
from samskap.activities.models import Activity, CoOrganiser
from samskap.activities.recurrence import OSLO
from tests.factories import ActivityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

FEED = "/en/aktiviteter/kalender.json"


def at(day: str, hour: int = 18) -> datetime.datetime:
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(hour), tzinfo=OSLO
    )


def get_feed(client, **params):
    response = client.get(FEED, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    return json.loads(response.content)


def items_by_id(feed):
    return {item["id"]: item for item in feed["items"]}


def test_feed_has_the_json_feed_fields(client, organisation):
    activity = ActivityFactory(
        organiser=organisation, themes=["reading"], target_groups=["seniors"]
    )
    feed = get_feed(client, organiser=organisation.slug)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "Samskap – Activities by Skien Røde Kors"
    assert feed["home_page_url"] == ("http://testserver/en/aktiviteter/?organiser=skien-rode-kors")
    assert feed["feed_url"] == (
        "http://testserver/en/aktiviteter/kalender.json?organiser=skien-rode-kors"
    )
    assert feed["language"] == "en"
    [item] = feed["items"]
    assert item["id"] == f"{activity.uid}@samskap"
    assert item["url"] == f"http://testserver/en/aktiviteter/{activity.pk}/"
    assert item["title"] == activity.title
    assert item["content_text"] == activity.description
    activity.refresh_from_db()
    assert datetime.datetime.fromisoformat(item["date_published"]) == activity.created_at
    assert datetime.datetime.fromisoformat(item["date_modified"]) == activity.updated_at
    assert item["tags"] == ["Reading and literature", "Seniors"]
    assert item["authors"] == [{"name": "Skien Røde Kors"}]
    assert "image" not in item


def test_extension_carries_the_event(client, organisation):
    library = OrganisationFactory(name="Skien bibliotek", slug="skien-bibliotek", kind="library")
    partner = OrganisationFactory(name="Frivilligsentralen", slug="frivilligsentralen")
    activity = ActivityFactory(
        organiser=organisation,
        venue=library,
        start=at("2027-03-10"),
        end=at("2027-03-10", 20),
        rrule="FREQ=WEEKLY;UNTIL=20270421T215959Z",
        exdates=["2027-03-31"],
        is_free=False,
        price=Decimal("50.00"),
        price_details="Gratis for barn",
        step_free=True,
        sign_language=True,
        languages=["nb", "se"],
        signup=Activity.SignUp.LINK,
        signup_url="https://example.no/pamelding",
        capacity=20,
        themes=["reading"],
    )
    CoOrganiser.objects.create(
        activity=activity, organisation=partner, status=CoOrganiser.Status.CONFIRMED
    )
    date_from = min(selectors.today(), datetime.date(2027, 1, 1)).isoformat()
    item = items_by_id(get_feed(client, date_from=date_from))[f"{activity.uid}@samskap"]
    event = item["_samskap"]
    assert event["status"] == "published"
    assert event["timezone"] == "Europe/Oslo"
    assert event["start"] == "2027-03-10T18:00:00+01:00"
    assert event["end"] == "2027-03-10T20:00:00+01:00"
    assert event["rrule"] == "FREQ=WEEKLY;UNTIL=20270421T215959Z"
    assert event["exdates"] == ["2027-03-31"]
    # Occurrences with their offsets: winter time before 28 March, summer time after.
    assert [o["start"] for o in event["occurrences"]] == [
        "2027-03-10T18:00:00+01:00",
        "2027-03-17T18:00:00+01:00",
        "2027-03-24T18:00:00+01:00",
        "2027-04-07T18:00:00+02:00",
        "2027-04-14T18:00:00+02:00",
        "2027-04-21T18:00:00+02:00",
    ]
    assert event["occurrences"][0]["end"] == "2027-03-10T20:00:00+01:00"
    assert event["more_occurrences"] is False
    assert event["location"] == {
        "name": "Skien bibliotek",
        "street_address": "Henrik Ibsens gate 4",
        "postal_code": "3724",
        "postal_place": "Skien",
        "text": "Skien bibliotek, Henrik Ibsens gate 4, 3724 Skien",
        "venue": {
            "name": "Skien bibliotek",
            "slug": "skien-bibliotek",
            "url": "http://testserver/en/aktorer/skien-bibliotek/",
        },
    }
    assert event["municipality"] == {
        "number": "4003",
        "name": "Skien",
        "county": {"number": "40", "name": "Telemark"},
    }
    assert event["organiser"] == {
        "name": "Skien Røde Kors",
        "slug": "skien-rode-kors",
        "url": "http://testserver/en/aktorer/skien-rode-kors/",
    }
    assert [o["slug"] for o in event["co_organisers"]] == ["frivilligsentralen"]
    assert event["is_free"] is False
    assert event["price"] == "50.00"
    assert event["price_details"] == "Gratis for barn"
    assert event["accessibility"] == {
        "step_free": True,
        "hearing_loop": False,
        "sign_language": True,
    }
    assert [language["code"] for language in event["languages"]] == ["nb", "se"]
    assert event["themes"] == [{"slug": "reading", "name": "Reading and literature"}]
    assert event["signup"] == {
        "kind": "link",
        "url": "https://example.no/pamelding",
        "capacity": 20,
    }
    assert event["ics"] == f"http://testserver/en/aktiviteter/{activity.pk}/kalender.ics"


def test_occurrences_are_limited_and_start_from_now(client):
    activity = ActivityFactory(
        start=timezone.now() - datetime.timedelta(days=14),
        end=timezone.now() - datetime.timedelta(days=14) + datetime.timedelta(hours=1),
        rrule="FREQ=DAILY;COUNT=80",
    )
    event = items_by_id(get_feed(client))[f"{activity.uid}@samskap"]["_samskap"]
    assert len(event["occurrences"]) == jsonfeed.OCCURRENCE_LIMIT
    assert event["more_occurrences"] is True
    starts = [datetime.datetime.fromisoformat(o["start"]) for o in event["occurrences"]]
    assert starts == sorted(starts)
    assert datetime.datetime.fromisoformat(event["occurrences"][0]["end"]) >= timezone.now()


def test_cancelled_activity_says_so(client):
    activity = ActivityFactory(status=Activity.Status.CANCELLED, cancel_reason="Sykdom")
    event = items_by_id(get_feed(client))[f"{activity.uid}@samskap"]["_samskap"]
    assert event["status"] == "cancelled"
    assert event["cancel_reason"] == "Sykdom"


def test_private_organiser_has_no_profile_url(client):
    activity = ActivityFactory(organiser=OrganisationFactory(public=False, name="Hemmelig lag"))
    event = items_by_id(get_feed(client))[f"{activity.uid}@samskap"]["_samskap"]
    assert event["organiser"]["name"] == "Hemmelig lag"
    assert event["organiser"]["url"] is None


def test_filtered_feed_holds_the_calendars_selection(client):
    match = ActivityFactory(themes=["reading"], is_free=True)
    ActivityFactory(themes=["reading"], is_free=False, price=Decimal(100))
    ActivityFactory(themes=["music"])
    params = {"theme": "reading", "free": "on", "municipality": "4003"}
    form = CalendarFilterForm(params)
    assert form.is_valid()
    expected = {f"{a.uid}@samskap" for a in selectors.activity_list(form.filters())}
    assert expected == {f"{match.uid}@samskap"}
    assert set(items_by_id(get_feed(client, **params))) == expected


def test_drafts_and_hidden_activities_are_never_in_the_feed(client, organisation, member):
    published = ActivityFactory(organiser=organisation)
    ActivityFactory(organiser=organisation, status=Activity.Status.DRAFT)
    ActivityFactory(organiser=organisation, hidden_at=timezone.now())
    client.force_login(member)
    assert set(items_by_id(get_feed(client))) == {f"{published.uid}@samskap"}


@pytest.mark.parametrize(
    "params",
    [{"municipality": "9999"}, {"date_from": "nonsense"}, {"theme": "no-such-theme"}],
)
def test_nonsense_filters_get_400(client, params):
    response = client.get(FEED, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "not valid" in response.content.decode()


def test_feed_answers_conditional_requests(client):
    activity = ActivityFactory()
    response = client.get(FEED)
    assert "max-age=900" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert client.get(FEED, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    # The iCalendar feed of the same selection is another representation with its own tag.
    assert client.get("/en/aktiviteter/kalender.ics")["ETag"] != response["ETag"]
    Activity.objects.filter(pk=activity.pk).update(sequence=activity.sequence + 1)
    assert client.get(FEED, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200


def _count(client):
    with CaptureQueriesContext(connection) as queries:
        get_feed(client)
    return len(queries)


def test_query_count_is_constant_at_two_sizes(client):
    ActivityFactory.create_batch(2, themes=["reading"], languages=["nb"])
    small = _count(client)
    for _n in range(8):
        ActivityFactory(
            themes=["reading", "music"],
            target_groups=["seniors"],
            languages=["nb", "uk"],
            rrule="FREQ=WEEKLY;COUNT=4",
            venue=OrganisationFactory(kind="library"),
        )
    large = _count(client)
    assert small == large
    assert len(get_feed(client)["items"]) == 10
