"""The public calendar at /aktiviteter/: list, week and month views, filters, invalid filters,
links to feeds and embed, htmx fragments and query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samskap.activities.models import Activity, CoOrganiser
from samskap.activities.recurrence import OSLO
from samskap.activities.selectors import today
from samskap.directory.models import Kind
from tests.factories import ActivityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
CALENDAR = "/en/aktiviteter/"


def titles(response):
    """Titles of the occurrences listed (one per occurrence), in order."""
    return [o.activity.title for day in response.context["days"] for o in day.occurrences]


def at(day, hour=18, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=OSLO)


def in_days(n, hour=18):
    return at(today() + datetime.timedelta(days=n), hour)


def make(title, days=7, hours=2, **kwargs):
    start = in_days(days)
    return ActivityFactory(
        title=title, start=start, end=start + datetime.timedelta(hours=hours), **kwargs
    )


# --- the list --------------------------------------------------------------------------


def test_list_shows_public_occurrences_in_time_order(client):
    make("Lesesirkel", days=3, rrule="FREQ=WEEKLY;COUNT=3")
    make("Strikkekafé", days=4)
    make("Kladd", status=Activity.Status.DRAFT)
    make("Skjult", hidden_at=timezone.now())
    make("Avlyst konsert", days=5, status=Activity.Status.CANCELLED)
    make("Ferdig", days=-3)
    response = client.get(CALENDAR)
    assert response.status_code == 200
    html = response.content.decode()
    assert titles(response) == [
        "Lesesirkel",
        "Strikkekafé",
        "Avlyst konsert",
        "Lesesirkel",
        "Lesesirkel",
    ]
    assert "Kladd" not in html and "Skjult" not in html and "Ferdig" not in html
    assert "5 events found" in html
    assert 'role="status"' in html


def test_occurrence_shows_time_place_organiser_and_tags(client):
    start = at(today() + datetime.timedelta(days=2), 16)
    ActivityFactory(
        title="Lesestund",
        start=start,
        end=start + datetime.timedelta(minutes=45),
        organiser__name="Skien Røde Kors",
        venue_name="Skien bibliotek",
        municipality_id="4003",
        signup=Activity.SignUp.LINK,
        signup_url="https://example.no/",
        step_free=True,
        hearing_loop=True,
    )
    html = client.get(CALENDAR, **HTMX).content.decode()
    iso = start.isoformat(timespec="minutes")
    assert f'<time datetime="{iso}">16:00</time>' in html
    assert ">16:45</time>" in html
    assert "Skien bibliotek, Skien" in html
    assert "Organiser: Skien Røde Kors" in html
    for tag in ("Free", "Sign-up required", "Step-free access", "Hearing loop"):
        assert f'data-size="sm">{tag}</span>' in html
    assert "Sign language interpretation" not in html


def test_cancelled_is_said_in_words(client):
    make("Avlyst konsert", status=Activity.Status.CANCELLED)
    html = client.get(CALENDAR, **HTMX).content.decode()
    assert '<span class="ds-tag" data-color="danger" data-size="sm">Cancelled</span>' in html


def test_day_headings_in_norwegian(client):
    day = datetime.date(2030, 6, 4)  # a Tuesday, in the future
    ActivityFactory(title="Sommerles", start=at(day), end=at(day, 20))
    params = {"date_from": "2030-06-01", "date_to": "2030-06-30"}
    nb = client.get("/aktiviteter/", params).content.decode()
    assert '<time datetime="2030-06-04">Tirsdag 4. juni 2030</time>' in nb
    assert '<time datetime="2030-06-04T18:00+02:00">18:00</time>' in nb
    nn = client.get("/nn/aktiviteter/", params).content.decode()
    assert '<html lang="nn"' in nn
    assert "Tysdag 4. juni 2030" in nn


def test_a_day_heading_per_day(client):
    make("A", days=2)
    make("B", days=2, hours=1)
    make("C", days=3)
    response = client.get(CALENDAR)
    assert [len(d.occurrences) for d in response.context["days"]] == [2, 1]
    assert response.content.decode().count('class="samskap-stack--sm activities-day"') == 2


def test_empty_calendar(client):
    html = client.get(CALENDAR).content.decode()
    assert "No activities are planned yet." in html
    html = client.get(CALENDAR, {"q": "ingenting"}).content.decode()
    assert "No activities match" in html


def test_pagination(client):
    make("Ukentlig", days=1, rrule="FREQ=DAILY;COUNT=45")
    first = client.get(CALENDAR)
    assert len(titles(first)) == 20
    html = first.content.decode()
    assert "45 events found, page 1 of 3" in html
    assert 'class="ds-pagination"' in html
    assert 'href="?page=2"' in html
    third = client.get(CALENDAR, {"page": "3"})
    assert len(titles(third)) == 5


def test_pagination_keeps_the_filters(client):
    make("Ukentlig", days=1, rrule="FREQ=DAILY;COUNT=25")
    html = client.get(CALENDAR, {"county": "40", "free": "on"}).content.decode()
    assert 'href="?county=40&amp;free=on&amp;page=2"' in html
    assert 'hx-get="?county=40&amp;free=on&amp;page=2"' in html


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", ""])
def test_bad_page_numbers_do_not_crash(client, page):
    make("Kafé")
    response = client.get(CALENDAR, {"page": page})
    assert response.status_code == 200
    assert titles(response) == ["Kafé"]


# --- htmx ------------------------------------------------------------------------------


def test_htmx_request_gets_only_the_results(client):
    make("Kafé")
    response = client.get(CALENDAR, {"q": "kafé"}, **HTMX)
    html = response.content.decode()
    assert "<html" not in html and "<form" not in html
    assert "Kafé" in html
    assert 'id="result-count" hx-swap-oob="innerHTML"' in html
    assert "HX-Request" in response["Vary"]


def test_form_works_without_javascript_and_with_htmx(client):
    html = client.get(CALENDAR).content.decode()
    assert 'method="get" action="/en/aktiviteter/"' in html
    assert 'hx-get="/en/aktiviteter/"' in html
    assert 'hx-target="#results"' in html
    assert 'hx-push-url="true"' in html
    for name in (
        "q",
        "county",
        "municipality",
        "venue",
        "organiser",
        "target_group",
        "theme",
        "language",
        "free",
        "access",
        "date_from",
        "date_to",
    ):
        assert f'name="{name}"' in html, name
    assert html.count('<label class="ds-label"') >= 12


# --- filters ---------------------------------------------------------------------------


@pytest.fixture
def spread(db):
    """Activities that differ in one filter each."""
    library = OrganisationFactory(
        name="Sandefjord bibliotek",
        slug="sandefjord-bibliotek",
        kind=Kind.LIBRARY,
        home_municipality_id="3907",
    )
    telemark = OrganisationFactory(name="Skien Røde Kors", slug="skien-rode-kors")
    partner = OrganisationFactory(name="Partnerlaget", slug="partnerlaget")
    pending = OrganisationFactory(name="Venterlaget", slug="venterlaget")
    skien = make(
        "Skien-kafé",
        days=2,
        organiser=telemark,
        target_groups=["seniors"],
        themes=["music"],
        languages=["uk"],
        is_free=False,
        price="50",
        hearing_loop=True,
    )
    make(
        "Sandefjord lesestund",
        days=3,
        organiser=library,
        venue=library,
        municipality_id="3907",
        target_groups=["children"],
        themes=["reading"],
        step_free=True,
        hearing_loop=True,
    )
    CoOrganiser.objects.create(
        activity=skien, organisation=partner, status=CoOrganiser.Status.CONFIRMED
    )
    CoOrganiser.objects.create(activity=skien, organisation=pending)
    make("Langt fram", days=40, organiser=telemark)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Skien-kafé", "Sandefjord lesestund", "Langt fram"]),
        ({"county": "40"}, ["Skien-kafé", "Langt fram"]),
        ({"county": "39"}, ["Sandefjord lesestund"]),
        ({"municipality": "3907"}, ["Sandefjord lesestund"]),
        ({"venue": "sandefjord-bibliotek"}, ["Sandefjord lesestund"]),
        ({"organiser": "skien-rode-kors"}, ["Skien-kafé", "Langt fram"]),
        ({"organiser": "partnerlaget"}, ["Skien-kafé"]),
        ({"organiser": "venterlaget"}, []),
        ({"target_group": "children"}, ["Sandefjord lesestund"]),
        ({"theme": "music"}, ["Skien-kafé"]),
        ({"language": "uk"}, ["Skien-kafé"]),
        ({"free": "on"}, ["Sandefjord lesestund", "Langt fram"]),
        ({"access": "hearing_loop"}, ["Skien-kafé", "Sandefjord lesestund"]),
        ({"access": ["hearing_loop", "step_free"]}, ["Sandefjord lesestund"]),
        ({"county": "40", "free": "on"}, ["Langt fram"]),
    ],
)
def test_filters(client, spread, params, expected):
    response = client.get(CALENDAR, params)
    assert response.status_code == 200
    assert titles(response) == expected
    assert titles(client.get(CALENDAR, params, **HTMX)) == expected


def test_date_range(client, spread):
    start = (today() + datetime.timedelta(days=3)).isoformat()
    end = (today() + datetime.timedelta(days=50)).isoformat()
    assert titles(client.get(CALENDAR, {"date_from": start})) == [
        "Sandefjord lesestund",
        "Langt fram",
    ]
    assert titles(client.get(CALENDAR, {"date_to": start})) == [
        "Skien-kafé",
        "Sandefjord lesestund",
    ]
    assert titles(client.get(CALENDAR, {"date_from": end})) == []


def test_selected_filters_are_shown_in_the_form(client, spread):
    html = client.get(
        CALENDAR, {"county": "40", "q": "kafé", "free": "on", "access": "step_free"}
    ).content.decode()
    assert '<option value="40" selected>' in html
    assert 'value="kafé"' in html
    assert 'name="free" class="ds-input" id="id_free" checked' in html or (
        'id="id_free" checked' in html
    )
    assert 'value="step_free" id="id_access_0" checked' in html
    assert "Clear all filters" in html


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"municipality": "9999"}, "Municipality", "Select a valid choice"),
        ({"county": "99"}, "County", "Select a valid choice"),
        ({"organiser": "finnes-ikke"}, "Organiser", "Select a valid choice"),
        ({"theme": "<script>"}, "Theme", "Select a valid choice"),
        ({"date_from": "2025-13-45"}, "From", "Enter a valid date"),
        (
            {"date_from": "2030-06-10", "date_to": "2030-06-01"},
            "To",
            "The last date must be on or after the first.",
        ),
        ({"q": "x" * 300}, "Search", "at most 200 characters"),
        ({"date_to": "9999-12-31"}, "To", "Choose a date between the years 2000 and 2100."),
        ({"date_from": "0001-01-01"}, "From", "Choose a date between the years 2000 and 2100."),
    ],
)
def test_invalid_filters_show_a_message_and_no_results(client, spread, params, field, message):
    response = client.get(CALENDAR, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters could not be used" in html
    assert f"{field}: " in html and message in html
    assert 'class="ds-validation-message" data-color="danger"' in html  # on the field
    assert "No activities are shown until the filters are corrected." in html
    assert titles(response) == []
    main = html.split("<main", 1)[1]
    assert "Skien-kafé" not in main and "<script>" not in main
    # No feed links for a selection that does not exist.
    assert "kalender.ics" not in html
    fragment = client.get(CALENDAR, params, **HTMX).content.decode()
    assert "Some filters could not be used" in fragment
    assert "Skien-kafé" not in fragment


def test_organiser_and_venue_choices_are_those_with_public_activities(client, spread):
    OrganisationFactory(name="Lag uten aktiviteter")
    html = client.get(CALENDAR).content.decode()
    organiser = html.split('name="organiser"', 1)[1].split("</select>", 1)[0]
    assert ">Skien Røde Kors</option>" in organiser
    assert ">Partnerlaget</option>" in organiser  # a confirmed co-organiser
    assert "Venterlaget" not in organiser
    assert "Lag uten aktiviteter" not in organiser
    venue = html.split('name="venue"', 1)[1].split("</select>", 1)[0]
    assert ">Sandefjord bibliotek</option>" in venue
    assert "Skien Røde Kors" not in venue


def test_organiser_choices_narrow_to_the_chosen_place(client, spread):
    html = client.get(CALENDAR, {"county": "39"}).content.decode()
    organiser = html.split('name="organiser"', 1)[1].split("</select>", 1)[0]
    assert "Sandefjord bibliotek" in organiser
    assert "Skien Røde Kors" not in organiser
    # A chosen organiser stays in the list even when it is elsewhere.
    html = client.get(CALENDAR, {"municipality": "3907", "organiser": "skien-rode-kors"})
    organiser = html.content.decode().split('name="organiser"', 1)[1].split("</select>", 1)[0]
    assert '<option value="skien-rode-kors" selected>Skien Røde Kors</option>' in organiser


def test_too_many_organisers_wait_for_a_place(client, monkeypatch, spread):
    monkeypatch.setattr("samskap.activities.views.MAX_PLACE_CHOICES", 1)
    html = client.get(CALENDAR).content.decode()
    organiser = html.split('name="organiser"', 1)[1].split("</select>", 1)[0]
    assert "<option" in organiser and "Skien Røde Kors" not in organiser
    assert "Choose a county or municipality first to see its organisers." in html
    html = client.get(CALENDAR, {"organiser": "skien-rode-kors"}).content.decode()
    assert '<option value="skien-rode-kors" selected>Skien Røde Kors</option>' in html


# --- links to feeds, embed and editing -------------------------------------------------


def test_links_to_the_feeds_and_the_embed_mirror_the_filters(client, spread):
    html = client.get(
        CALENDAR,
        {"county": "40", "theme": "music", "page": "1", "view": "list", "municipality": ""},
    ).content.decode()
    query = "county=40&amp;theme=music"
    assert (
        f'<link rel="alternate" type="text/calendar" title="Activities (iCalendar)" '
        f'href="/en/aktiviteter/kalender.ics?{query}">'
    ) in html
    assert (
        f'<link rel="alternate" type="application/feed+json" title="Activities (JSON Feed)" '
        f'href="/en/aktiviteter/kalender.json?{query}">'
    ) in html
    assert f'href="/en/aktiviteter/kalender.ics?{query}" type="text/calendar"' in html
    assert f'href="/en/aktiviteter/kalender.json?{query}"' in html
    assert f'href="/en/aktiviteter/bygg-inn/?{query}">Show this calendar on your website' in html
    unfiltered = client.get(CALENDAR).content.decode()
    assert 'href="/en/aktiviteter/kalender.ics"' in unfiltered


def test_add_an_activity_only_for_signed_in_users(client, user):
    assert "/en/aktiviteter/ny/" not in client.get(CALENDAR).content.decode()
    client.force_login(user)
    assert 'href="/en/aktiviteter/ny/"' in client.get(CALENDAR).content.decode()


def test_titles_are_escaped(client):
    make("<script>alert(1)</script> kafé")
    html = client.get(CALENDAR).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; kafé" in html


# --- week and month --------------------------------------------------------------------


def test_week_view_monday_first_with_previous_and_next(client):
    wednesday = datetime.date(2030, 6, 5)
    ActivityFactory(title="Onsdagskafé", start=at(wednesday), end=at(wednesday, 20))
    ActivityFactory(
        title="Neste uke",
        start=at(wednesday + datetime.timedelta(days=7)),
        end=at(wednesday + datetime.timedelta(days=7), 20),
    )
    ActivityFactory(
        title="Annet fylke", municipality_id="3907", start=at(wednesday), end=at(wednesday, 20)
    )
    response = client.get(
        CALENDAR, {"view": "week", "date": "2030-06-05", "county": "40", "date_from": "2031-01-01"}
    )
    assert response.status_code == 200
    days = response.context["days"]
    assert [d.date for d in days] == [
        datetime.date(2030, 6, 3) + datetime.timedelta(days=n) for n in range(7)
    ]
    assert titles(response) == ["Onsdagskafé"]
    html = response.content.decode()
    assert "Week 23: June 3, 2030 – June 9, 2030" in html
    assert 'href="/en/aktiviteter/?county=40&amp;view=week&amp;date=2030-05-27" rel="prev"' in html
    assert 'href="/en/aktiviteter/?county=40&amp;view=week&amp;date=2030-06-10" rel="next"' in html
    assert "Nothing this day." in html
    assert "1 event this week" in html
    assert '<input type="hidden" name="view" value="week">' in html
    nxt = client.get(CALENDAR, {"view": "week", "date": "2030-06-10"})
    assert titles(nxt) == ["Neste uke"]


def test_week_view_in_norwegian(client):
    html = client.get("/aktiviteter/", {"view": "week", "date": "2030-06-05"}).content.decode()
    assert "Mandag 3. juni 2030" in html
    assert "Søndag 9. juni 2030" in html


def test_month_view_is_an_accessible_table(client):
    day = datetime.date(2030, 6, 18)
    activity = ActivityFactory(
        title="Sommerkafé", start=at(day), end=at(day, 20), status=Activity.Status.CANCELLED
    )
    ActivityFactory(
        title="Juli", start=at(datetime.date(2030, 7, 1)), end=at(datetime.date(2030, 7, 1), 20)
    )
    for date in ("2030-06", "2030-06-18"):
        response = client.get(CALENDAR, {"view": "month", "date": date})
        assert titles(response) == ["Sommerkafé"]
        html = response.content.decode()
        assert '<table class="ds-table activities-month"' in html
        assert '<caption class="ds-heading" data-size="sm">June 2030</caption>' in html
        assert html.count('<th scope="col">') == 7
        assert html.index("Monday") < html.index("Sunday")
        assert (
            f'href="/en/aktiviteter/{activity.pk}/"><time datetime="2030-06-18T18:00+02:00">18:00</time> Sommerkafé</a>'
            in html
        )
        assert "Cancelled</span>" in html
        assert "Juli" not in html.split("<main", 1)[1]
        assert 'href="/en/aktiviteter/?view=month&amp;date=2030-05" rel="prev"' in html
        assert 'href="/en/aktiviteter/?view=month&amp;date=2030-07" rel="next"' in html
    weeks = response.context["weeks"]
    assert all(len(week) == 7 for week in weeks)
    assert weeks[0][0].date == datetime.date(2030, 5, 27)  # the Monday before 1 June
    assert not weeks[0][0].in_month


def test_month_view_full_date_for_narrow_screens(client):
    html = client.get("/aktiviteter/", {"view": "month", "date": "2030-06"}).content.decode()
    assert (
        '<span class="activities-month__date"><time datetime="2030-06-04">Tirsdag 4. juni 2030</time>'
        in html
    )
    assert "Juni 2030</caption>" in html


@pytest.mark.parametrize("view", ["week", "month"])
@pytest.mark.parametrize("date", ["i morgen", "2030-02-30", "9999-12-31", "9999-12", "0001-01-01"])
def test_bad_view_date_falls_back_to_today(client, view, date):
    response = client.get(CALENDAR, {"view": view, "date": date})
    assert response.status_code == 200
    assert "could not be read, so today is shown" in response.content.decode()
    assert response.context["anchor"] == today()


def test_unknown_view_is_the_list(client):
    make("Kafé")
    response = client.get(CALENDAR, {"view": "year"})
    assert response.context["view"] == "list"
    assert titles(response) == ["Kafé"]


def test_grid_views_are_capped(client, monkeypatch):
    monkeypatch.setattr("samskap.activities.views.MAX_IN_GRID", 3)
    make("Daglig", days=0, hours=1, rrule="FREQ=DAILY;COUNT=10")
    response = client.get(CALENDAR, {"view": "month"})
    assert len(titles(response)) <= 3
    assert "the first 3 are shown" in response.content.decode()


def test_view_switch_links_keep_the_filters(client):
    html = client.get(CALENDAR, {"county": "40", "date_from": "2030-06-05"}).content.decode()
    assert (
        'href="/en/aktiviteter/?county=40&amp;date_from=2030-06-05" aria-current="page">List'
        in html
    )
    anchor = today().isoformat()
    assert f'href="/en/aktiviteter/?county=40&amp;view=week&amp;date={anchor}">Week' in html


# --- query counts ----------------------------------------------------------------------


def populate(n):
    """n activities, a third of them weekly series, with target groups, themes, languages and
    a confirmed co-organiser each."""
    for i in range(n):
        activity = make(
            f"Aktivitet {i}",
            days=1 + i % 10,
            rrule="FREQ=WEEKLY;COUNT=4" if i % 3 == 0 else "",
            venue=OrganisationFactory(kind=Kind.LIBRARY) if i % 2 else None,
            target_groups=["children", "seniors"],
            themes=["reading"],
            languages=["nb"],
        )
        CoOrganiser.objects.create(
            activity=activity,
            organisation=OrganisationFactory(),
            status=CoOrganiser.Status.CONFIRMED,
        )


@pytest.mark.parametrize(
    ("params", "headers"),
    [
        ({}, {}),
        ({}, HTMX),
        ({"q": "aktivitet", "county": "40", "target_group": "children", "organiser": "x"}, {}),
        ({"view": "week"}, {}),
        ({"view": "month"}, {}),
        ({"county": "40", "theme": "reading", "free": "on", "access": "step_free"}, HTMX),
    ],
)
def test_query_count_does_not_grow(client, user, params, headers):
    client.force_login(user)
    populate(3)
    with CaptureQueriesContext(connection) as small:
        assert client.get(CALENDAR, params, **headers).status_code == 200
    populate(27)
    with CaptureQueriesContext(connection) as large:
        response = client.get(CALENDAR, params, **headers)
    assert response.status_code == 200
    if not params:
        assert response.context["count"] == 60
    assert len(small) == len(large), [q["sql"] for q in large.captured_queries]
    assert len(large) <= 16


def test_list_queries_by_name(client, django_assert_max_num_queries):
    populate(5)
    # Session-free anonymous page: form choices (counties, municipalities, target groups,
    # themes, languages; organisers and venues, each a look at how many there are and the
    # list), the count and the page.
    with django_assert_max_num_queries(11):
        client.get(CALENDAR)
    with django_assert_max_num_queries(2):
        client.get(CALENDAR, **HTMX)


# --- the home page teaser --------------------------------------------------------------


def test_home_page_shows_the_next_activities(client):
    make("Snart", days=1)
    make("Senere", days=2, rrule="FREQ=DAILY;COUNT=10")
    make("Kladd", days=1, status=Activity.Status.DRAFT)
    html = client.get("/en/").content.decode()
    assert "Upcoming activities" in html
    teaser = html.split('id="upcoming-heading"', 1)[1]
    assert teaser.count('class="ds-card activities-item') == 5
    assert "Snart" in teaser and "Kladd" not in teaser
    assert 'href="/en/aktiviteter/"' in teaser


def test_home_page_without_activities(client):
    html = client.get("/en/").content.decode()
    assert "No activities are planned yet." in html


def test_home_page_query_count_does_not_grow(client):
    populate(3)
    with CaptureQueriesContext(connection) as small:
        client.get("/en/")
    populate(27)
    with CaptureQueriesContext(connection) as large:
        client.get("/en/")
    assert len(small) == len(large)


@pytest.mark.parametrize(
    "url",
    [
        "/en/aktiviteter/kalender.ics?date_to=9999-12-31",
        "/en/aktiviteter/kalender.json?date_from=0001-01-01",
        "/api/v1/activities?date_to=9999-12-31",
        "/api/v1/occurrences?date_from=0001-01-01",
    ],
)
def test_far_off_dates_are_refused_by_feeds_and_api(client, url):
    assert client.get(url).status_code == 400
