import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from samskap.directory.models import Kind, Organisation, TargetGroup, Theme
from tests.api.conftest import make_rich_organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PUBLIC_FIELDS = {
    "slug",
    "name",
    "org_number",
    "kind",
    "sector",
    "municipality",
    "county",
    "municipalities_served",
    "target_groups",
    "themes",
    "description",
    "website",
    "contact_email",
    "contact_phone",
    "address",
    "source",
    "register_synced_at",
    "url",
}


def slugs(response):
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["items"]]


# --- Content -----------------------------------------------------------------------------------


def test_list_shows_the_public_profile_and_nothing_private(api_get):
    organisation = make_rich_organisation(
        name="Skien Røde Kors",
        slug="skien-rode-kors",
        org_number="971277882",
        description="Besøksvenner og leksehjelp.",
        contact_name="Kari Privat",
        contact_email="post@skien.redcross.no",
        contact_phone="35 00 00 00",
        website="https://skien.redcross.no",
        street_address="Kongens gate 1",
        postal_code="3717",
        postal_place="Skien",
        source=Organisation.Source.REGISTER,
        register_synced_at=dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC),
    )
    response = api_get("organisations")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    [item] = response.json()["items"]
    assert set(item) == PUBLIC_FIELDS
    assert "Kari Privat" not in response.content.decode()
    assert item["slug"] == "skien-rode-kors"
    assert item["name"] == "Skien Røde Kors"
    assert item["org_number"] == "971277882"
    assert item["kind"] == "voluntary"
    assert item["sector"] == "voluntary"
    assert item["municipality"] == {"number": "4003", "name": "Skien"}
    assert item["county"] == {"number": "40", "name": "Telemark"}
    assert item["municipalities_served"] == [
        {"number": "4005", "name": "Notodden"},
        {"number": "4001", "name": "Porsgrunn"},
    ]
    assert [t["slug"] for t in item["target_groups"]] == ["children", "youth"]
    assert item["target_groups"][0]["name"] == {"nb": "Barn", "nn": "Born", "en": "Children"}
    assert [t["slug"] for t in item["themes"]] == ["reading", "gaming"]
    assert item["description"] == "Besøksvenner og leksehjelp."
    assert item["website"] == "https://skien.redcross.no"
    assert item["contact_email"] == "post@skien.redcross.no"
    assert item["contact_phone"] == "35 00 00 00"
    assert item["address"] == {
        "street_address": "Kongens gate 1",
        "postal_code": "3717",
        "postal_place": "Skien",
    }
    assert item["source"] == "register"
    assert dt.datetime.fromisoformat(item["register_synced_at"]) == dt.datetime(
        2025, 3, 1, 12, 0, tzinfo=dt.UTC
    )
    assert item["url"] == "http://testserver/aktorer/skien-rode-kors/"
    match = resolve(urlsplit(item["url"]).path)
    assert (match.view_name, match.kwargs) == ("directory:detail", {"slug": "skien-rode-kors"})
    assert organisation.slug == item["slug"]


def test_missing_text_is_null_and_an_informal_group_has_no_number(api_get):
    OrganisationFactory(
        org_number=None, description="", website="", contact_email="", home_municipality_id=None
    )
    [item] = api_get("organisations").json()["items"]
    assert item["org_number"] is None
    assert item["description"] is None
    assert item["website"] is None
    assert item["contact_email"] is None
    assert item["municipality"] is None
    assert item["county"] is None
    assert item["address"] == {"street_address": None, "postal_code": None, "postal_place": None}


def test_profile_url_is_in_the_default_language_whatever_the_client_asks(client):
    OrganisationFactory(slug="leseklubben")
    response = client.get("/api/v1/organisations", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["items"][0]["url"] == "http://testserver/aktorer/leseklubben/"


def test_detail(api_get):
    make_rich_organisation(name="Porsgrunn bibliotek", slug="porsgrunn-bibliotek")
    response = api_get("organisations/porsgrunn-bibliotek")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == PUBLIC_FIELDS
    assert body["name"] == "Porsgrunn bibliotek"
    assert [m["number"] for m in body["municipalities_served"]] == ["4005", "4001"]
    assert [t["slug"] for t in body["themes"]] == ["reading", "gaming"]


def test_detail_of_a_non_public_organisation_is_404(api_get, hidden_organisations):
    for organisation in hidden_organisations:
        response = api_get(f"organisations/{organisation.slug}")
        assert response.status_code == 404
        assert response.json() == {"detail": "No public organisation has this address name."}


@pytest.mark.parametrize("slug", ["finnes-ikke", "a%00b", "%C3%A6%C3%B8%C3%A5", "x" * 300])
def test_detail_of_an_unknown_or_malformed_address_name_is_404(api_get, slug):
    OrganisationFactory(slug="finnes")
    response = api_get(f"organisations/{slug}")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_hidden_organisations_never_appear_in_lists(api_get, hidden_organisations):
    OrganisationFactory(name="Synlig bibliotekvenner", slug="synlig", kind=Kind.LIBRARY)
    for params in [
        {},
        {"q": "bibliotekvenner"},
        {"kind": "library"},
        {"county": "40"},
        {"municipality": "4003"},
    ]:
        response = api_get("organisations", **params)
        assert slugs(response) == ["synlig"], params
        assert response.json()["count"] == 1


# --- Filters and search ------------------------------------------------------------------------


@pytest.fixture
def varied(db):
    """Four organisations differing in every filtered property."""
    skien = make_rich_organisation(name="Skien leseklubb", slug="skien", kind=Kind.VOLUNTARY)
    porsgrunn = OrganisationFactory(
        name="Porsgrunn bibliotek", slug="porsgrunn", kind=Kind.LIBRARY, home_municipality_id="4001"
    )
    tonsberg = OrganisationFactory(
        name="Tønsberg frivilligsentral",
        slug="tonsberg",
        kind=Kind.VOLUNTEER_CENTRE,
        home_municipality_id="3905",
    )
    porsgrunn.target_groups.set(TargetGroup.objects.filter(slug="seniors"))
    porsgrunn.themes.set(Theme.objects.filter(slug="music"))
    tonsberg.target_groups.set(TargetGroup.objects.filter(slug__in=["children", "seniors"]))
    tonsberg.themes.set(Theme.objects.filter(slug="music"))
    return {"skien": skien, "porsgrunn": porsgrunn, "tonsberg": tonsberg}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["porsgrunn", "skien", "tonsberg"]),
        ({"county": "40"}, ["porsgrunn", "skien"]),
        ({"county": "39"}, ["tonsberg"]),
        ({"municipality": "4001"}, ["porsgrunn"]),
        ({"municipality": "4003"}, ["skien"]),
        ({"kind": "library"}, ["porsgrunn"]),
        ({"kind": "volunteer_centre"}, ["tonsberg"]),
        ({"target_group": "children"}, ["skien", "tonsberg"]),
        ({"target_group": "seniors"}, ["porsgrunn", "tonsberg"]),
        ({"theme": "reading"}, ["skien"]),
        ({"theme": "music"}, ["porsgrunn", "tonsberg"]),
        ({"county": "40", "theme": "music"}, ["porsgrunn"]),
        ({"target_group": "seniors", "kind": "volunteer_centre"}, ["tonsberg"]),
        # Empty values, as a form sends them, mean no filter.
        (
            {"q": "", "county": "", "municipality": "", "kind": "", "theme": ""},
            ["porsgrunn", "skien", "tonsberg"],
        ),
    ],
)
def test_each_filter_narrows(api_get, varied, params, expected):
    response = api_get("organisations", **params)
    assert slugs(response) == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize(
    "params",
    [
        {"county": "99"},
        {"municipality": "9999"},
        {"municipality": "3807"},  # Skien's number before 2024
        {"target_group": "dragons"},
        {"theme": "alchemy"},
        {"q": "xylofonorkester"},
    ],
)
def test_unknown_filter_values_give_an_empty_list(api_get, varied, params):
    response = api_get("organisations", **params)
    assert response.status_code == 200
    assert response.json() == {
        "count": 0,
        "page": 1,
        "page_size": 20,
        "next": None,
        "previous": None,
        "items": [],
    }


def test_search_matches_words_and_their_inflections(api_get, varied):
    assert slugs(api_get("organisations", q="bibliotek")) == ["porsgrunn"]
    assert slugs(api_get("organisations", q="biblioteket")) == ["porsgrunn"]
    assert slugs(api_get("organisations", q="Tønsberg")) == ["tonsberg"]
    assert slugs(api_get("organisations", q="leseklubb Skien")) == ["skien"]
    assert slugs(api_get("organisations", q="leseklubb Porsgrunn")) == []


def test_search_combines_with_filters(api_get, varied):
    OrganisationFactory(name="Skien bibliotek", slug="skien-bibliotek", kind=Kind.LIBRARY)
    assert slugs(api_get("organisations", q="bibliotek")) == ["porsgrunn", "skien-bibliotek"]
    assert slugs(api_get("organisations", q="bibliotek", municipality="4003")) == [
        "skien-bibliotek"
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "dragon"}, "kind"),
        ({"county": "Telemark"}, "county"),
        ({"county": "400"}, "county"),
        ({"municipality": "Skien"}, "municipality"),
        ({"target_group": "<script>"}, "target_group"),
        ({"theme": "x" * 61}, "theme"),
        ({"q": "x" * 201}, "q"),
        ({"q": "bad\x00byte"}, "q"),
        ({"county": "4\x000"}, "county"),
        ({"page": "0"}, "page"),
        ({"page": "first"}, "page"),
        ({"page": str(10**12)}, "page"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "-5"}, "page_size"),
    ],
)
def test_malformed_parameters_give_422_naming_the_parameter(api_get, varied, params, field):
    response = api_get("organisations", **params)
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [error["loc"] for error in errors] == [["query", field]]
    assert all(error["msg"] for error in errors)


# --- Pagination --------------------------------------------------------------------------------


def test_pagination(api_get):
    for n in range(25):
        OrganisationFactory(name=f"Lag {n:02}", slug=f"lag-{n:02}")

    first = api_get("organisations", county="40").json()
    assert first["count"] == 25
    assert first["page"] == 1
    assert first["page_size"] == 20
    assert [i["slug"] for i in first["items"]] == [f"lag-{n:02}" for n in range(20)]
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/organisations?county=40&page=2"

    second = api_get("organisations", county="40", page=2).json()
    assert [i["slug"] for i in second["items"]] == [f"lag-{n:02}" for n in range(20, 25)]
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/organisations?county=40&page=1"

    small = api_get("organisations", page_size=10, page=3).json()
    assert [i["slug"] for i in small["items"]] == [f"lag-{n:02}" for n in range(20, 25)]
    assert small["count"] == 25

    beyond = api_get("organisations", page=99).json()
    assert beyond["items"] == []
    assert beyond["count"] == 25
    assert beyond["next"] is None


def test_the_largest_page_size_is_100(api_get):
    OrganisationFactory.create_batch(101)
    response = api_get("organisations", page_size=100)
    assert response.status_code == 200
    assert len(response.json()["items"]) == 100
    assert response.json()["count"] == 101
    assert api_get("organisations", page_size=101).status_code == 422


def test_query_count_does_not_grow_with_the_number_of_organisations(api_get):
    def queries_for_a_full_page():
        with CaptureQueriesContext(connection) as context:
            response = api_get("organisations", page_size=100)
        assert response.status_code == 200
        return len(context.captured_queries), response.json()["count"]

    for n in range(10):
        make_rich_organisation(name=f"Lag {n:02}", slug=f"lag-{n:02}")
    queries_10, count_10 = queries_for_a_full_page()
    for n in range(10, 50):
        make_rich_organisation(name=f"Lag {n:02}", slug=f"lag-{n:02}")
    queries_50, count_50 = queries_for_a_full_page()

    assert (count_10, count_50) == (10, 50)
    # count, page, then target groups, themes and municipalities served
    assert queries_10 == queries_50 == 5


def test_detail_query_count_is_fixed(api_get, django_assert_num_queries):
    make_rich_organisation(slug="rik")
    with django_assert_num_queries(5):  # organisation, then its four related sets
        assert api_get("organisations/rik").status_code == 200


def test_only_get_is_allowed(client):
    OrganisationFactory(slug="lag")
    assert client.post("/api/v1/organisations").status_code == 405
    assert client.delete("/api/v1/organisations/lag").status_code == 405


@pytest.mark.parametrize(
    "q", ["'", '"', "&|!", "<script>alert(1)</script>", "bibliotek:*", "(((", "-", "OR", "ø"]
)
def test_search_syntax_is_never_an_error(api_get, varied, q):
    response = api_get("organisations", q=q)
    assert response.status_code == 200
    assert response.json()["count"] == len(response.json()["items"])
