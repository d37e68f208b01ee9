"""`/api/v1/activities`, `/api/v1/activities/{id}` and `/api/v1/occurrences`."""

import datetime as dt
import json
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.forms import ModelChoiceField
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import timezone, translation

from samskap.activities.models import Activity, CoOrganiser
from samskap.activities.recurrence import OSLO
from samskap.directory.models import Kind
from tests.factories import ActivityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ACTIVITY_FIELDS = {
    "id",
    "uid",
    "url",
    "title",
    "description",
    "status",
    "cancel_reason",
    "organiser",
    "co_organisers",
    "venue",
    "place",
    "municipality",
    "county",
    "start",
    "end",
    "rrule",
    "exdates",
    "recurring",
    "next_occurrences",
    "target_groups",
    "themes",
    "languages",
    "is_free",
    "price",
    "price_details",
    "signup",
    "accessibility",
    "image",
    "ical_url",
    "updated_at",
}


def local_day(days: int) -> dt.date:
    return timezone.localdate(timezone=OSLO) + dt.timedelta(days=days)


def at(days: int, hour: int = 18) -> dt.datetime:
    return dt.datetime.combine(local_day(days), dt.time(hour, 0), tzinfo=OSLO)


def titles(response):
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def occurrence_titles(response):
    assert response.status_code == 200, response.content
    return [item["activity"]["title"] for item in response.json()["items"]]


# --- Content -----------------------------------------------------------------------------------


@pytest.fixture
def library(db):
    return OrganisationFactory(name="Skien bibliotek", slug="skien-bibliotek", kind=Kind.LIBRARY)


@pytest.fixture
def rich(library):
    """A fortnightly series with everything filled in, two co-organisers (one confirmed)."""
    organiser = OrganisationFactory(name="Skien Røde Kors", slug="skien-rode-kors")
    activity = ActivityFactory(
        title="Strikkekafé",
        description="Ta med strikketøyet.",
        organiser=organiser,
        venue=library,
        venue_name="",
        start=at(7),
        end=at(7, 20),
        rrule="FREQ=WEEKLY;INTERVAL=2;COUNT=4",
        exdates=[local_day(21).isoformat()],
        is_free=False,
        price=Decimal("50"),
        price_details="Kaffe og vafler inkludert.",
        signup=Activity.SignUp.PLATFORM,
        capacity=12,
        step_free=True,
        hearing_loop=True,
        target_groups=["seniors", "adults"],
        themes=["crafts-maker"],
        languages=["nb", "uk"],
    )
    CoOrganiser.objects.create(
        activity=activity,
        organisation=OrganisationFactory(name="Skien Sanitetsforening", slug="skien-sanitet"),
        status=CoOrganiser.Status.CONFIRMED,
    )
    CoOrganiser.objects.create(
        activity=activity,
        organisation=OrganisationFactory(name="Ventende lag", slug="ventende"),
        status=CoOrganiser.Status.PENDING,
    )
    return activity


def test_list_gives_the_whole_activity(api_get, rich):
    response = api_get("activities")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    [item] = response.json()["items"]
    assert set(item) == ACTIVITY_FIELDS
    assert item["id"] == rich.pk
    assert item["uid"] == str(rich.uid)
    assert item["url"] == f"http://testserver/aktiviteter/{rich.pk}/"
    match = resolve(urlsplit(item["url"]).path)
    assert (match.view_name, match.kwargs) == ("activities:detail", {"pk": rich.pk})
    assert item["ical_url"] == f"http://testserver/aktiviteter/{rich.pk}/kalender.ics"
    assert item["title"] == "Strikkekafé"
    assert item["description"] == "Ta med strikketøyet."
    assert item["status"] == "published"
    assert item["cancel_reason"] is None
    assert item["organiser"] == {
        "slug": "skien-rode-kors",
        "name": "Skien Røde Kors",
        "url": "http://testserver/aktorer/skien-rode-kors/",
    }
    assert [o["slug"] for o in item["co_organisers"]] == ["skien-sanitet"]
    assert item["venue"]["slug"] == "skien-bibliotek"
    assert item["place"] == {
        "name": "Skien bibliotek",
        "street_address": "Henrik Ibsens gate 4",
        "postal_code": "3724",
        "postal_place": "Skien",
    }
    assert item["municipality"] == {"number": "4003", "name": "Skien"}
    assert item["county"] == {"number": "40", "name": "Telemark"}
    # Local time with its offset, not UTC.
    start = dt.datetime.fromisoformat(item["start"])
    assert start == rich.start
    assert start.utcoffset() == rich.start.astimezone(OSLO).utcoffset()
    assert start.hour == 18
    assert item["rrule"] == "FREQ=WEEKLY;INTERVAL=2;COUNT=4"
    assert item["recurring"] is True
    assert item["exdates"] == [local_day(21).isoformat()]
    starts = [dt.datetime.fromisoformat(o["start"]) for o in item["next_occurrences"]]
    assert [s.date() for s in starts] == [local_day(7), local_day(35), local_day(49)]
    assert {s.hour for s in starts} == {18}
    assert [t["slug"] for t in item["target_groups"]] == ["adults", "seniors"]
    assert item["themes"][0] == {
        "slug": "crafts-maker",
        "name": {
            "nb": "Håndverk og skaperaktiviteter",
            "nn": "Handverk og skaparaktivitetar",
            "en": "Crafts and maker activities",
        },
    }
    assert [t["slug"] for t in item["languages"]] == ["nb", "uk"]
    assert item["is_free"] is False
    assert item["price"] == "50.00"
    assert item["price_details"] == "Kaffe og vafler inkludert."
    assert item["signup"] == {"kind": "platform", "url": item["url"], "capacity": 12}
    assert item["accessibility"] == {
        "step_free": True,
        "hearing_loop": True,
        "sign_language": False,
    }
    assert item["image"] is None


def test_a_plain_one_off_activity_has_nulls_not_empty_strings(api_get):
    ActivityFactory(description="", signup=Activity.SignUp.LINK, signup_url="https://e.no/p")
    [item] = api_get("activities").json()["items"]
    assert item["description"] is None
    assert item["rrule"] is None
    assert item["recurring"] is False
    assert item["exdates"] == []
    assert len(item["next_occurrences"]) == 1
    assert item["price"] is None
    assert item["venue"] is None
    assert item["signup"] == {"kind": "link", "url": "https://e.no/p", "capacity": None}


def test_next_occurrences_are_at_most_five_and_skip_the_past(api_get):
    # Weekly from 13 days ago: two times are past, the next is tomorrow whatever the hour.
    ActivityFactory(start=at(-13), end=at(-13, 20), rrule="FREQ=WEEKLY;COUNT=12")
    [item] = api_get("activities").json()["items"]
    starts = [dt.datetime.fromisoformat(o["start"]).date() for o in item["next_occurrences"]]
    assert starts == [local_day(d) for d in (1, 8, 15, 22, 29)]


def test_organiser_without_a_public_profile_has_no_url(api_get):
    ActivityFactory(organiser=OrganisationFactory(slug="privat", public=False))
    [item] = api_get("activities").json()["items"]
    assert item["organiser"]["slug"] == "privat"
    assert item["organiser"]["url"] is None


def test_urls_are_in_the_default_language_whatever_the_client_asks(client, rich):
    item = client.get("/api/v1/activities", HTTP_ACCEPT_LANGUAGE="en").json()["items"][0]
    assert item["url"] == f"http://testserver/aktiviteter/{rich.pk}/"


def test_detail(api_get, rich):
    response = api_get(f"activities/{rich.pk}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == ACTIVITY_FIELDS
    assert body == api_get("activities").json()["items"][0]


@pytest.fixture
def statuses(db):
    coordinator = UserFactory()
    return {
        "published": ActivityFactory(title="Publisert"),
        "cancelled": ActivityFactory(
            title="Avlyst", status=Activity.Status.CANCELLED, cancel_reason="Sykdom."
        ),
        "draft": ActivityFactory(title="Utkast", status=Activity.Status.DRAFT),
        "hidden": ActivityFactory(
            title="Skjult",
            hidden_at=timezone.now(),
            hidden_by=coordinator,
            hidden_reason="Reklame.",
        ),
        "hidden draft": ActivityFactory(
            title="Skjult utkast", status=Activity.Status.DRAFT, hidden_at=timezone.now()
        ),
    }


def test_only_public_activities_are_listed_cancelled_ones_included(api_get, statuses):
    response = api_get("activities")
    assert sorted(titles(response)) == ["Avlyst", "Publisert"]
    cancelled = next(i for i in response.json()["items"] if i["title"] == "Avlyst")
    assert (cancelled["status"], cancelled["cancel_reason"]) == ("cancelled", "Sykdom.")
    assert sorted(occurrence_titles(api_get("occurrences"))) == ["Avlyst", "Publisert"]
    assert "Reklame" not in api_get("activities").content.decode()


@pytest.mark.parametrize("key", ["draft", "hidden", "hidden draft"])
def test_detail_of_a_draft_or_hidden_activity_is_404(api_get, statuses, key):
    response = api_get(f"activities/{statuses[key].pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "No public activity has this number."}


def test_detail_is_404_for_drafts_even_for_a_signed_in_organiser(client, statuses):
    """The API is the public calendar: no session gives more."""
    draft = statuses["draft"]
    user = UserFactory()
    draft.organiser.memberships.create(user=user, role="admin", status="active")
    client.force_login(user)
    assert client.get(f"/api/v1/activities/{draft.pk}").status_code == 404


@pytest.mark.parametrize("pk", ["999999", "abc", "-1", "1.5"])
def test_detail_of_an_unknown_or_malformed_number(api_get, statuses, pk):
    response = api_get(f"activities/{pk}")
    assert response.status_code in {404, 422}
    assert "detail" in response.json()


def test_cancelled_activity_detail_is_shown(api_get, statuses):
    response = api_get(f"activities/{statuses['cancelled'].pk}")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


# --- Filters -----------------------------------------------------------------------------------


@pytest.fixture
def varied(library):
    """Activities differing in every filtered property."""
    rode_kors = OrganisationFactory(name="Skien Røde Kors", slug="skien-rode-kors")
    sanitet = OrganisationFactory(
        name="Tønsberg Sanitetsforening", slug="tonsberg-sanitet", home_municipality_id="3905"
    )
    strikk = ActivityFactory(
        title="Strikkekafé",
        organiser=rode_kors,
        venue=library,
        start=at(3),
        end=at(3, 20),
        themes=["crafts-maker"],
        target_groups=["seniors"],
        languages=["nb"],
        step_free=True,
    )
    sprak = ActivityFactory(
        title="Språkkafé for ukrainske flyktningar",
        organiser=library,
        venue=library,
        start=at(5),
        end=at(5, 20),
        themes=["language-integration"],
        target_groups=["immigrants"],
        languages=["nb", "uk"],
        step_free=True,
        hearing_loop=True,
    )
    CoOrganiser.objects.create(
        activity=sprak, organisation=rode_kors, status=CoOrganiser.Status.CONFIRMED
    )
    tur = ActivityFactory(
        title="Turgruppe",
        organiser=sanitet,
        municipality_id="3905",
        venue_name="Slottsfjellet",
        postal_place="Tønsberg",
        start=at(10),
        end=at(10, 20),
        themes=["outdoor-life"],
        target_groups=["seniors"],
        is_free=False,
        price=Decimal("20"),
    )
    return {"strikk": strikk, "sprak": sprak, "tur": tur}


ALL = ["Strikkekafé", "Språkkafé for ukrainske flyktningar", "Turgruppe"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ALL),
        ({"county": "40"}, ALL[:2]),
        ({"county": "39"}, ["Turgruppe"]),
        ({"municipality": "3905"}, ["Turgruppe"]),
        ({"venue": "skien-bibliotek"}, ALL[:2]),
        # The organiser and the confirmed co-organiser.
        ({"organiser": "skien-rode-kors"}, ALL[:2]),
        ({"organiser": "skien-bibliotek"}, ["Språkkafé for ukrainske flyktningar"]),
        ({"target_group": "seniors"}, ["Strikkekafé", "Turgruppe"]),
        ({"theme": "outdoor-life"}, ["Turgruppe"]),
        ({"language": "uk"}, ["Språkkafé for ukrainske flyktningar"]),
        ({"free": "true"}, ALL[:2]),
        ({"free": "on"}, ALL[:2]),
        ({"free": "false"}, ALL),
        ({"access": "step_free"}, ALL[:2]),
        ({"access": ["step_free", "hearing_loop"]}, ["Språkkafé for ukrainske flyktningar"]),
        ({"q": "strikking"}, ["Strikkekafé"]),
        ({"q": "Tønsberg"}, ["Turgruppe"]),
        ({"county": "40", "theme": "crafts-maker"}, ["Strikkekafé"]),
        ({"date_from": local_day(4).isoformat()}, ALL[1:]),
        ({"date_to": local_day(4).isoformat()}, ["Strikkekafé"]),
        (
            {"date_from": local_day(5).isoformat(), "date_to": local_day(5).isoformat()},
            ["Språkkafé for ukrainske flyktningar"],
        ),
        # Empty values, as a form sends them, mean no filter.
        ({"q": "", "county": "", "municipality": "", "theme": "", "date_from": ""}, ALL),
    ],
)
def test_each_filter_narrows_activities_and_occurrences(api_get, varied, params, expected):
    response = api_get("activities", **params)
    assert titles(response) == expected
    assert response.json()["count"] == len(expected)
    assert occurrence_titles(api_get("occurrences", **params)) == expected


def test_unknown_query_parameters_are_ignored(api_get, varied):
    assert titles(api_get("activities", view="month", colour="red")) == ALL


def test_occurrences_list_each_time_of_a_series_in_order(api_get):
    ActivityFactory(
        title="Eventyrstund", start=at(2, 11), end=at(2, 12), rrule="FREQ=WEEKLY;COUNT=3"
    )
    ActivityFactory(title="Bokbad", start=at(8), end=at(8, 20))
    response = api_get("occurrences")
    assert occurrence_titles(response) == ["Eventyrstund", "Bokbad", "Eventyrstund", "Eventyrstund"]
    items = response.json()["items"]
    starts = [dt.datetime.fromisoformat(item["start"]) for item in items]
    assert starts == sorted(starts)
    assert [s.date() for s in starts] == [local_day(d) for d in (2, 8, 9, 16)]
    assert starts[0].hour == 11
    first = items[0]
    assert set(first) == {"start", "end", "activity"}
    assert set(first["activity"]) == {
        "id",
        "url",
        "title",
        "status",
        "organiser",
        "place",
        "municipality",
        "county",
        "is_free",
        "recurring",
    }
    assert first["activity"]["recurring"] is True
    # Without date_from the calendar starts today; with it, earlier times come back.
    ActivityFactory(title="I fjor", start=at(-3), end=at(-3, 20))
    assert "I fjor" not in occurrence_titles(api_get("occurrences"))
    back = api_get("occurrences", date_from=local_day(-5).isoformat())
    assert occurrence_titles(back)[0] == "I fjor"


def test_activities_from_the_last_30_days_are_listed_by_default(api_get):
    ActivityFactory(title="Nylig", start=at(-10), end=at(-10, 20))
    ActivityFactory(title="Lenge siden", start=at(-40), end=at(-40, 20))
    assert titles(api_get("activities")) == ["Nylig"]


# --- Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"county": "99"}, "county", "invalid_choice"),
        ({"county": "Telemark"}, "county", "invalid_choice"),
        ({"municipality": "3807"}, "municipality", "invalid_choice"),  # Skien before 2024
        ({"municipality": "Skien"}, "municipality", "invalid_choice"),
        ({"venue": "finnes-ikke"}, "venue", "invalid_choice"),
        ({"organiser": "<script>"}, "organiser", "invalid_choice"),
        ({"target_group": "dragons"}, "target_group", "invalid_choice"),
        ({"theme": "alchemy"}, "theme", "invalid_choice"),
        ({"language": "klingon"}, "language", "invalid_choice"),
        ({"access": "teleporter"}, "access", "invalid_choice"),
        ({"date_from": "i morgen"}, "date_from", "invalid"),
        ({"date_to": "2026-02-30"}, "date_to", "invalid"),
        ({"q": "x" * 201}, "q", "max_length"),
        ({"q": "bad\x00byte"}, "q", "null_characters_not_allowed"),
    ],
)
def test_nonsense_filters_give_400_naming_the_parameter(api_get, varied, params, field, code):
    for path in ("activities", "occurrences"):
        response = api_get(path, **params)
        assert response.status_code == 400, (path, response.content)
        body = response.json()
        assert set(body) == {"detail", "errors"}
        assert list(body["errors"]) == [field]
        assert [e["code"] for e in body["errors"][field]] == [code]
        assert all(e["message"] for e in body["errors"][field])


def test_a_last_date_before_the_first_is_400(api_get, varied):
    response = api_get(
        "activities", date_from=local_day(10).isoformat(), date_to=local_day(2).isoformat()
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["date_to"]


@pytest.mark.parametrize("language", ["en", "nb", "nn"])
def test_errors_are_in_the_language_the_client_asks_for(client, varied, language):
    response = client.get("/api/v1/activities?theme=alchemy", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert response["Content-Language"] == language
    message = response.json()["errors"]["theme"][0]["message"]
    with translation.override(language):
        assert message == str(ModelChoiceField.default_error_messages["invalid_choice"])
    english = "Select a valid choice. That choice is not one of the available choices."
    assert (message == english) == (language == "en")


def test_without_accept_language_errors_are_in_bokmal(api_get, varied):
    response = api_get("activities", date_from="nei")
    assert response.json()["errors"]["date_from"][0]["message"] == "Oppgi en gyldig dato."


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "0"}, "page"),
        ({"page": "first"}, "page"),
        ({"page_size": "101"}, "page_size"),
    ],
)
def test_malformed_pagination_gives_422(api_get, varied, params, field):
    for path in ("activities", "occurrences"):
        response = api_get(path, **params)
        assert response.status_code == 422
        assert [e["loc"] for e in response.json()["detail"]] == [["query", field]]


@pytest.mark.parametrize("q", ["'", '"', "&|!", "<script>", "strikk:*", "(((", "-", "OR", "ø"])
def test_search_syntax_is_never_an_error(api_get, varied, q):
    response = api_get("activities", q=q)
    assert response.status_code == 200
    assert response.json()["count"] == len(response.json()["items"])


def test_only_get_is_allowed(client, varied):
    assert client.post("/api/v1/activities").status_code == 405
    assert client.delete(f"/api/v1/activities/{varied['tur'].pk}").status_code == 405
    assert client.post("/api/v1/occurrences").status_code == 405


# --- Pagination and query counts ---------------------------------------------------------------


def test_pagination(api_get):
    for n in range(25):
        ActivityFactory(title=f"Aktivitet {n:02}", start=at(1 + n), end=at(1 + n, 20))
    first = api_get("activities", county="40").json()
    assert (first["count"], first["page"], first["page_size"]) == (25, 1, 20)
    assert [i["title"] for i in first["items"]] == [f"Aktivitet {n:02}" for n in range(20)]
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/activities?county=40&page=2"
    second = api_get("activities", county="40", page=2).json()
    assert [i["title"] for i in second["items"]] == [f"Aktivitet {n:02}" for n in range(20, 25)]
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/activities?county=40&page=1"
    occurrences = api_get("occurrences", page_size=10, page=3).json()
    assert occurrences["count"] == 25
    assert [i["activity"]["title"] for i in occurrences["items"]] == [
        f"Aktivitet {n:02}" for n in range(20, 25)
    ]
    assert api_get("occurrences", page=99).json()["items"] == []


def _make_activities(first: int, last: int, organiser, library) -> None:
    for n in range(first, last):
        activity = ActivityFactory(
            title=f"Lesesirkel {n}",
            organiser=organiser,
            venue=library,
            start=at(1 + n % 20),
            end=at(1 + n % 20, 20),
            rrule="FREQ=WEEKLY;COUNT=3",
            target_groups=["adults"],
            themes=["reading"],
            languages=["nb"],
        )
        CoOrganiser.objects.create(
            activity=activity,
            organisation=OrganisationFactory(slug=f"medarrangor-{n}"),
            status=CoOrganiser.Status.CONFIRMED,
        )


def queries_for(api_get, path, **params):
    with CaptureQueriesContext(connection) as context:
        response = api_get(path, page_size=100, **params)
    assert response.status_code == 200, response.content
    return len(context.captured_queries), response.json()["count"]


@pytest.mark.parametrize(
    ("path", "params", "per_activity", "expected_queries"),
    [
        # count, page, then target groups, themes, languages, co-organisers, next occurrences
        ("activities", {}, 1, 7),
        # with two filters: the form checks each value (one query each)
        ("activities", {"county": "40", "theme": "reading"}, 1, 9),
        # count and page: the activity and its places come in the page's query
        ("occurrences", {}, 3, 2),
        ("occurrences", {"municipality": "4003", "q": "lesesirkel"}, 3, 3),
    ],
)
def test_query_count_does_not_grow_with_the_number_of_activities(
    api_get, library, path, params, per_activity, expected_queries
):
    organiser = OrganisationFactory(slug="leselaget")
    _make_activities(0, 5, organiser, library)
    small = queries_for(api_get, path, **params)
    _make_activities(5, 30, organiser, library)
    large = queries_for(api_get, path, **params)
    assert (small[1], large[1]) == (5 * per_activity, 30 * per_activity)
    assert small[0] == large[0] == expected_queries


def test_detail_query_count_is_fixed(api_get, rich, django_assert_num_queries):
    # the activity, its four related sets, its next occurrences
    with django_assert_num_queries(6):
        assert api_get(f"activities/{rich.pk}").status_code == 200


# --- OpenAPI -----------------------------------------------------------------------------------


@pytest.fixture
def schema(client):
    return json.loads(client.get("/api/v1/openapi.json").content)


def test_openapi_describes_the_activity_endpoints(schema):
    paths = schema["paths"]
    assert {"/api/v1/activities", "/api/v1/activities/{id}", "/api/v1/occurrences"} <= set(paths)
    filters = {
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
    }
    for path in ("/api/v1/activities", "/api/v1/occurrences"):
        operation = paths[path]["get"]
        assert operation["summary"] and operation["description"]
        assert operation["tags"] == ["activities"]
        assert {"200", "400", "422"} <= set(operation["responses"])
        parameters = {p["name"]: p for p in operation["parameters"]}
        assert set(parameters) == filters | {"page", "page_size"}
        assert all(p.get("description") for p in parameters.values())
        assert parameters["access"]["schema"]["type"] == "array"
    detail = paths["/api/v1/activities/{id}"]["get"]
    assert {"200", "404"} <= set(detail["responses"])
    components = schema["components"]["schemas"]
    activity = components["ActivityOut"]["properties"]
    assert set(activity) == ACTIVITY_FIELDS
    undocumented = [
        name for name, prop in activity.items() if "description" not in prop and name != "title"
    ]
    assert undocumented == []
    assert {"detail", "errors"} <= set(components["FilterErrorOut"]["properties"])
    assert "PagedOccurrenceOut" in components
