"""The iCalendar feeds: the output parsed back with `icalendar` and compared with the
activities, recurrence across daylight saving, filters, visibility, caching and query counts."""

import datetime
import io
import zoneinfo

import icalendar
import pytest
from dateutil import tz as dateutil_tz
from dateutil.rrule import rrulestr
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samskap.activities import ical, selectors
from samskap.activities.filters import CalendarFilterForm
from samskap.activities.models import Activity, CoOrganiser
from samskap.activities.recurrence import OSLO
from samskap.activities.services import activity_refresh_derived
from tests.factories import ActivityFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

FEED = "/en/aktiviteter/kalender.ics"
# Fixed dates in 2027 around both daylight-saving changes; the feed is asked from a date
# before them (and before next week, when the factory's activities are), so the tests hold
# whenever they run.
SPRING = {"date_from": min(selectors.today(), datetime.date(2027, 1, 1)).isoformat()}


def at(day: str, hour: int = 18, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(hour, minute), tzinfo=OSLO
    )


def seconds(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(microsecond=0)


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events_by_uid(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def get_feed(client, **params):
    return client.get(FEED, params)


@pytest.fixture
def series(db):
    """A weekly series at 18:00 from before to after the change to summer time (2027-03-28),
    with one week left out."""
    organiser = OrganisationFactory(
        name="Skien Røde Kors", slug="skien-rode-kors", contact_email="post@skienrk.no"
    )
    return ActivityFactory(
        organiser=organiser,
        title="Leksehjelp, norsk; og matte",
        description="Hjelp med lekser.\nTa med bøkene dine.",
        start=at("2027-03-10"),
        end=at("2027-03-10", 20),
        rrule="FREQ=WEEKLY;UNTIL=20270421T215959Z",
        exdates=["2027-03-31"],
        themes=["reading", "language-integration"],
    )


# --- the calendar object ------------------------------------------------------------------


def test_feed_is_a_valid_calendar_with_its_properties(client, series):
    response = get_feed(client, **SPRING)
    calendar = parse(response)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == ical.PRODID
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "Samskap – Activities"
    assert calendar["NAME"] == "Samskap – Activities"
    assert calendar["X-WR-TIMEZONE"] == "Europe/Oslo"
    assert str(calendar["SOURCE"]).startswith("http://testserver/en/aktiviteter/kalender.ics?")
    # Lines end in CRLF and none is longer than 75 octets (RFC 5545 3.1).
    lines = response.content.split(b"\r\n")
    assert lines[-1] == b""
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in response.content.replace(b"\r\n", b"")


def test_vtimezone_has_standard_and_daylight_and_matches_the_tz_database(client, series):
    calendar = parse(get_feed(client, **SPRING))
    [vtimezone] = calendar.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "Europe/Oslo"
    assert {c.name for c in vtimezone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    # Read by dateutil (which follows RFC 5545 and knows nothing of the name), the zone gives
    # the same offsets as the tz database every half hour for twenty years.
    text = vtimezone.to_ical().decode().replace("Europe/Oslo", "Test/Zone")
    text = "\r\n".join(line for line in text.split("\r\n") if not line.startswith("X-LIC"))
    zone = dateutil_tz.tzical(io.StringIO(text)).get()
    oslo = zoneinfo.ZoneInfo("Europe/Oslo")
    moment = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    while moment.year < 2045:
        assert moment.astimezone(zone).utcoffset() == moment.astimezone(oslo).utcoffset(), moment
        moment += datetime.timedelta(minutes=30)


def test_feed_name_says_what_it_holds(client, series):
    calendar = parse(get_feed(client, municipality="4003", organiser="skien-rode-kors", **SPRING))
    assert calendar["X-WR-CALNAME"] == "Samskap – Activities by Skien Røde Kors in Skien"
    calendar = parse(get_feed(client, theme="reading", **SPRING))
    assert calendar["X-WR-CALNAME"] == "Samskap – Activities · Reading and literature"


# --- every property of an event -----------------------------------------------------------


def test_every_event_property_matches_the_activity(client, series):
    calendar = parse(get_feed(client, **SPRING))
    event = events_by_uid(calendar)[f"{series.uid}@samskap"]
    series.refresh_from_db()
    url = f"http://testserver/en/aktiviteter/{series.pk}/"

    assert event["DTSTAMP"].dt == seconds(series.updated_at)
    assert event["DTSTAMP"].dt.utcoffset() == datetime.timedelta(0)
    assert event["LAST-MODIFIED"].dt == seconds(series.updated_at)
    assert event["CREATED"].dt == seconds(series.created_at)
    assert event["SEQUENCE"] == series.sequence
    # Local times with the zone's name, not UTC.
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert event["DTEND"].params["TZID"] == "Europe/Oslo"
    assert event["DTSTART"].dt == at("2027-03-10")
    assert b"DTSTART;TZID=Europe/Oslo:20270310T180000" in event.to_ical()
    assert event["DTEND"].dt == at("2027-03-10", 20)
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;UNTIL=20270421T215959Z"
    assert event["EXDATE"].params["TZID"] == "Europe/Oslo"
    assert [d.dt for d in event["EXDATE"].dts] == [at("2027-03-31")]
    assert event["SUMMARY"] == "Leksehjelp, norsk; og matte"
    assert event["DESCRIPTION"].startswith("Hjelp med lekser.\nTa med bøkene dine.")
    assert "Organiser: Skien Røde Kors" in event["DESCRIPTION"]
    assert event["LOCATION"] == "Skien bibliotek, Henrik Ibsens gate 4, 3724 Skien"
    assert event["URL"] == url
    assert event["ORGANIZER"] == "mailto:post@skienrk.no"
    assert event["ORGANIZER"].params["CN"] == "Skien Røde Kors"
    assert event["CATEGORIES"].cats == ["Reading and literature", "Language and integration"]
    assert event["STATUS"] == "CONFIRMED"


def test_categories_are_the_themes_in_the_feeds_language(client, series):
    event = events_by_uid(parse(get_feed(client, **SPRING)))[f"{series.uid}@samskap"]
    assert event["CATEGORIES"].cats == [t.name_en for t in series.themes.order_by("position")]
    event = events_by_uid(parse(client.get("/aktiviteter/kalender.ics", SPRING)))[
        f"{series.uid}@samskap"
    ]
    assert event["CATEGORIES"].cats == [t.name_nb for t in series.themes.order_by("position")]


def test_organiser_is_the_profile_without_public_email_and_absent_without_profile(client):
    with_profile = ActivityFactory(organiser=OrganisationFactory(slug="open-lag"))
    private = ActivityFactory(organiser=OrganisationFactory(public=False))
    events = events_by_uid(parse(get_feed(client)))
    organizer = events[f"{with_profile.uid}@samskap"]["ORGANIZER"]
    assert organizer == "http://testserver/en/aktorer/open-lag/"
    assert organizer.params["CN"] == with_profile.organiser.name
    assert "ORGANIZER" not in events[f"{private.uid}@samskap"]
    assert private.organiser.name in events[f"{private.uid}@samskap"]["DESCRIPTION"]


def test_text_is_escaped_and_folded_and_reads_back_unchanged(client):
    title = 'Strikk, prat; "kaffe" \\ kake 🧶 ' + "æøå" * 40
    description = "Linje én\nLinje to, med komma; og semikolon\r\nøæå " * 30
    activity = ActivityFactory(title=title, description=description)
    response = get_feed(client)
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))
    event = events_by_uid(parse(response))[f"{activity.uid}@samskap"]
    assert event["SUMMARY"] == title
    assert event["DESCRIPTION"].startswith(description.strip().replace("\r\n", "\n"))


def test_cancelled_activity_has_status_cancelled_and_the_reason(client):
    activity = ActivityFactory(status=Activity.Status.CANCELLED, cancel_reason="Sykdom")
    event = events_by_uid(parse(get_feed(client)))[f"{activity.uid}@samskap"]
    assert event["STATUS"] == "CANCELLED"
    assert event["DESCRIPTION"].startswith("CANCELLED: Sykdom")


def test_one_off_activity_has_no_rrule_or_exdate(client):
    activity = ActivityFactory()
    event = events_by_uid(parse(get_feed(client)))[f"{activity.uid}@samskap"]
    assert "RRULE" not in event
    assert "EXDATE" not in event


def test_every_event_has_an_absolute_url_to_its_page(client, series):
    ActivityFactory.create_batch(3)
    calendar = parse(get_feed(client, **SPRING))
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 4
    for event in events:
        pk = Activity.objects.get(uid=str(event["UID"]).split("@")[0]).pk
        assert event["URL"] == f"http://testserver/en/aktiviteter/{pk}/"
        assert event["URL"].params.get("VALUE") == "URI"


# --- UIDs ---------------------------------------------------------------------------------


def test_uid_is_stable_across_requests_hosts_and_edits(client, series):
    uid = f"{series.uid}@samskap"
    first = events_by_uid(parse(get_feed(client, **SPRING)))
    second = events_by_uid(parse(client.get(FEED, SPRING, SERVER_NAME="localhost")))
    assert uid in first
    assert uid in second
    assert second[uid]["URL"].startswith("http://localhost/")

    Activity.objects.filter(pk=series.pk).update(
        title="Leksehjelp for alle",
        start=at("2027-03-11"),
        end=at("2027-03-11", 20),
        updated_at=timezone.now(),
        sequence=series.sequence + 1,
    )
    series.refresh_from_db()
    activity_refresh_derived(series)
    after = events_by_uid(parse(get_feed(client, **SPRING)))
    assert list(after) == [uid]
    assert after[uid]["SUMMARY"] == "Leksehjelp for alle"
    assert after[uid]["SEQUENCE"] == first[uid]["SEQUENCE"] + 1


# --- recurrence ---------------------------------------------------------------------------


def expanded(event: icalendar.Event) -> list[datetime.datetime]:
    """The starts a calendar app computes from DTSTART, RRULE and EXDATE."""
    start = event["DTSTART"].dt
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    excluded = {d.dt for d in event.get("EXDATE").dts} if "EXDATE" in event else set()
    return [moment for moment in rule if moment not in excluded]


def stored_starts(activity: Activity) -> list[datetime.datetime]:
    return [o.start for o in activity.occurrences.order_by("start")]


def test_rrule_expands_to_the_stored_occurrences_across_the_spring_change(client, series):
    event = events_by_uid(parse(get_feed(client, **SPRING)))[f"{series.uid}@samskap"]
    starts = expanded(event)
    assert starts == stored_starts(series)
    assert len(starts) == 6  # 10, 17, 24 March, 7, 14, 21 April (31 March left out)
    # 18:00 local on both sides of 28 March; the UTC time moves by an hour.
    assert {s.astimezone(OSLO).hour for s in starts} == {18}
    assert {s.astimezone(datetime.UTC).hour for s in starts} == {17, 16}


def test_rrule_expands_to_the_stored_occurrences_across_the_autumn_change(client):
    activity = ActivityFactory(
        start=at("2027-10-06", 10, 30),
        end=at("2027-10-06", 12),
        rrule="FREQ=WEEKLY;INTERVAL=2;UNTIL=20271201T225959Z",
        exdates=["2027-11-03"],
    )
    response = get_feed(client, date_from="2027-09-01")
    event = events_by_uid(parse(response))[f"{activity.uid}@samskap"]
    starts = expanded(event)
    assert starts == stored_starts(activity)
    assert [s.astimezone(OSLO).date().isoformat() for s in starts] == [
        "2027-10-06",
        "2027-10-20",
        "2027-11-17",
        "2027-12-01",
    ]
    assert {s.astimezone(OSLO).time() for s in starts} == {datetime.time(10, 30)}


@pytest.mark.parametrize(
    ("stored", "written"),
    [
        ("FREQ=WEEKLY;UNTIL=20270421T215959Z", "FREQ=WEEKLY;UNTIL=20270421T215959Z"),
        # A date or a local time (not accepted by the forms, but RFC 5545 allows them without
        # a zone) becomes the corresponding moment in UTC, as it must next to a TZID.
        ("FREQ=WEEKLY;UNTIL=20270616", "FREQ=WEEKLY;UNTIL=20270616T215959Z"),
        ("freq=weekly;until=20271215T180000", "FREQ=WEEKLY;UNTIL=20271215T170000Z"),
        ("RRULE:FREQ=MONTHLY;BYDAY=-1TH;COUNT=4", "FREQ=MONTHLY;BYDAY=-1TH;COUNT=4"),
    ],
)
def test_rrule_value_has_until_in_utc(stored, written):
    assert ical.rrule_value(stored) == written


# --- selection ----------------------------------------------------------------------------


def test_filtered_feed_holds_the_calendars_selection(client, series):
    reading_in_skien = ActivityFactory(themes=["reading"])
    ActivityFactory(themes=["reading"], municipality_id="3905")  # Tønsberg
    ActivityFactory(themes=["music"])
    params = {"municipality": "4003", "theme": "reading", **SPRING}
    form = CalendarFilterForm(params)
    assert form.is_valid()
    expected = {f"{a.uid}@samskap" for a in selectors.activity_list(form.filters())}
    assert expected == {f"{series.uid}@samskap", f"{reading_in_skien.uid}@samskap"}
    assert set(events_by_uid(parse(get_feed(client, **params)))) == expected


def test_organisation_feed_includes_confirmed_co_organised_activities(client, organisation):
    own = ActivityFactory(organiser=organisation)
    partner = ActivityFactory()
    CoOrganiser.objects.create(
        activity=partner, organisation=organisation, status=CoOrganiser.Status.CONFIRMED
    )
    pending = ActivityFactory()
    CoOrganiser.objects.create(activity=pending, organisation=organisation)
    ActivityFactory()
    uids = set(events_by_uid(parse(get_feed(client, organiser=organisation.slug))))
    assert uids == {f"{own.uid}@samskap", f"{partner.uid}@samskap"}


def test_library_feed_holds_the_activities_at_the_library(client):
    library = OrganisationFactory(slug="skien-bibliotek", kind="library")
    there = ActivityFactory(venue=library, venue_name="")
    ActivityFactory()
    calendar = parse(get_feed(client, venue="skien-bibliotek"))
    assert set(events_by_uid(calendar)) == {f"{there.uid}@samskap"}
    assert calendar["X-WR-CALNAME"] == f"Samskap – Activities at {library.name}"


def test_drafts_and_hidden_activities_are_never_in_the_feed(client, organisation, member):
    published = ActivityFactory(organiser=organisation)
    ActivityFactory(organiser=organisation, status=Activity.Status.DRAFT)
    ActivityFactory(organiser=organisation, hidden_at=timezone.now(), hidden_reason="Spam")
    client.force_login(member)  # not even for the organiser's own members
    uids = set(events_by_uid(parse(get_feed(client, organiser=organisation.slug))))
    assert uids == {f"{published.uid}@samskap"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"municipality": "9999"}, "Municipality"),
        ({"date_from": "nonsense"}, "From"),
        ({"theme": "no-such-theme"}, "Theme"),
        ({"organiser": "no-such-organisation"}, "Organiser"),
        ({"date_from": "2027-05-01", "date_to": "2027-04-01"}, "To"),
    ],
)
def test_nonsense_filters_get_400_with_a_short_explanation(client, params, field):
    response = get_feed(client, **params)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("The calendar filters in this address are not valid:")
    assert f"- {field}: " in text


def test_400_is_in_the_language_of_the_address(client):
    response = client.get("/aktiviteter/kalender.ics", {"municipality": "9999"})
    assert response.status_code == 400
    assert response["Content-Language"] == "nb"
    # Django's own message for the field is translated already.
    assert "Velg et gyldig valg" in response.content.decode()


# --- caching and cost ---------------------------------------------------------------------


def test_feed_answers_conditional_requests(client, series):
    response = get_feed(client, **SPRING)
    etag = response["ETag"]
    assert etag.startswith('"')
    assert response["Last-Modified"]
    assert "public" in response["Cache-Control"]
    assert "max-age=900" in response["Cache-Control"]

    again = client.get(FEED, SPRING, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    since = client.get(FEED, SPRING, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304

    other_filter = client.get(FEED, {**SPRING, "theme": "reading"}, HTTP_IF_NONE_MATCH=etag)
    assert other_filter.status_code == 200

    Activity.objects.filter(pk=series.pk).update(
        updated_at=timezone.now() + datetime.timedelta(seconds=5)
    )
    changed = client.get(FEED, SPRING, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_etag_changes_when_an_activity_leaves_the_selection(client, series):
    other = ActivityFactory()
    etag = get_feed(client, **SPRING)["ETag"]
    Activity.objects.filter(pk=other.pk).update(hidden_at=timezone.now())
    response = client.get(FEED, SPRING, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert f"{other.uid}@samskap" not in events_by_uid(parse(response))


def _count_queries(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = get_feed(client, **params)
    assert response.status_code == 200
    return len(queries)


def test_query_count_is_constant_at_two_sizes(client, django_assert_max_num_queries):
    organisation = OrganisationFactory(slug="lag")
    ActivityFactory.create_batch(2, organiser=organisation, themes=["reading"])
    small = _count_queries(client, {"organiser": "lag"})
    for n in range(8):
        ActivityFactory(
            organiser=organisation if n % 2 else OrganisationFactory(),
            themes=["reading", "music"],
            rrule="FREQ=WEEKLY;COUNT=3",
            exdates=[],
        )
    CoOrganiser.objects.create(
        activity=Activity.objects.exclude(organiser=organisation).first(),
        organisation=organisation,
        status=CoOrganiser.Status.CONFIRMED,
    )
    large = _count_queries(client, {"organiser": "lag"})
    assert small == large
    assert len(events_by_uid(parse(get_feed(client, organiser="lag")))) == 7
    with django_assert_max_num_queries(8):
        get_feed(client, organiser="lag")


# --- one activity as a file ---------------------------------------------------------------


def test_activity_ics_is_an_attachment_with_one_event(client, series):
    response = client.get(f"/en/aktiviteter/{series.pk}/kalender.ics")
    calendar = parse(response)
    assert response["Content-Disposition"] == (
        'attachment; filename="leksehjelp-norsk-og-matte.ics"'
    )
    [event] = calendar.walk("VEVENT")
    assert event["UID"] == f"{series.uid}@samskap"
    assert event["URL"] == f"http://testserver/en/aktiviteter/{series.pk}/"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar.walk("VTIMEZONE")
    assert "public" in response["Cache-Control"]
    assert (
        client.get(
            f"/en/aktiviteter/{series.pk}/kalender.ics", HTTP_IF_NONE_MATCH=response["ETag"]
        ).status_code
        == 304
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 404), ("outsider", 404), ("member", 200), ("other_member", 404)],
)
def test_draft_activity_ics_only_for_the_organisers_members(
    client, organisation, member, user, role, status
):
    draft = ActivityFactory(organiser=organisation, status=Activity.Status.DRAFT)
    if role == "outsider":
        client.force_login(user)
    elif role == "member":
        client.force_login(member)
    elif role == "other_member":
        client.force_login(MembershipFactory().user)
    response = client.get(f"/en/aktiviteter/{draft.pk}/kalender.ics")
    assert response.status_code == status
    if status == 200:
        assert "private" in response["Cache-Control"]
        [event] = parse(response).walk("VEVENT")
        assert event["STATUS"] == "TENTATIVE"


def test_unknown_activity_ics_is_404(client):
    assert client.get("/en/aktiviteter/999999/kalender.ics").status_code == 404
