"""The public directory at /aktorer/: filters, search, pagination, htmx fragments, query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samskap.directory.models import Kind, Organisation, TargetGroup
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
# Pages in English, so assertions on text hold once the Norwegian catalogues are filled in.
LIST = "/en/aktorer/"


def names(response):
    return [o.name for o in response.context["page_obj"].object_list]


def test_full_page_lists_public_active_organisations(client, organisation):
    OrganisationFactory(name="Hemmelig lag", public=False)
    OrganisationFactory(name="Nedlagt lag", status=Organisation.Status.INACTIVE)
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert names(response) == ["Skien Røde Kors"]
    assert 'href="/en/aktorer/skien-rode-kors/"' in html
    assert "Hemmelig lag" not in html
    assert "Nedlagt lag" not in html
    assert 'role="status"' in html
    assert "1 organisation found" in html


def test_htmx_request_gets_only_the_results_fragment(client, organisation):
    response = client.get(LIST, {"q": "Røde Kors"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "<form" not in html
    assert "Skien Røde Kors" in html
    # The persistent live region outside the fragment is updated out of band.
    assert 'id="result-count" hx-swap-oob="innerHTML"' in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client, organisation):
    response = client.get(LIST, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in response.content.decode()


def test_filter_form_works_without_javascript_and_with_htmx(client, organisation):
    html = client.get(LIST).content.decode()
    assert 'method="get" action="/en/aktorer/"' in html
    assert 'hx-get="/en/aktorer/"' in html
    assert 'hx-target="#results"' in html
    assert 'hx-push-url="true"' in html
    assert '<button type="submit"' in html


def test_municipality_select_is_grouped_by_county(client, organisation):
    html = client.get(LIST).content.decode()
    assert '<optgroup label="Telemark">' in html
    telemark = html.index('<optgroup label="Telemark">')
    assert html.index('value="4003"', telemark) < html.index("</optgroup>", telemark)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"county": "40"}, ["Skien Røde Kors"]),
        ({"county": "39"}, ["Sandefjord bibliotek"]),
        ({"municipality": "3907"}, ["Sandefjord bibliotek"]),
        ({"municipality": "4003"}, ["Skien Røde Kors"]),
        ({"kind": Kind.LIBRARY}, ["Sandefjord bibliotek"]),
        ({"target_group": "seniors"}, ["Skien Røde Kors"]),
        ({"theme": "reading"}, ["Sandefjord bibliotek"]),
        ({"target_group": "children", "theme": "reading"}, ["Sandefjord bibliotek"]),
        ({"county": "40", "kind": Kind.LIBRARY}, []),
    ],
)
def test_filters(client, organisation, params, expected):
    organisation.target_groups.set(TargetGroup.objects.filter(slug="seniors"))
    OrganisationFactory(
        name="Sandefjord bibliotek",
        kind=Kind.LIBRARY,
        home_municipality_id="3907",
        target_groups=["children"],
        themes=["reading"],
    )
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert names(response) == expected
    # The same through htmx.
    assert names(client.get(LIST, params, **HTMX)) == expected


@pytest.mark.parametrize(
    "query",
    ["Røde Kors", "røde kors", "skien", "Kors"],
)
def test_search_by_name(client, organisation, query):
    OrganisationFactory(
        name="Porsgrunn bibliotek", home_municipality_id="4001", description="Litteratur for alle."
    )
    response = client.get(LIST, {"q": query})
    assert names(response) == ["Skien Røde Kors"]


def test_search_finds_inflected_norwegian_forms(client):
    OrganisationFactory(name="Notodden bibliotek", description="Et folkebibliotek.")
    OrganisationFactory(name="Notodden Røde Kors", description="Besøksvenner.")
    assert names(client.get(LIST, {"q": "biblioteket"})) == ["Notodden bibliotek"]
    assert names(client.get(LIST, {"q": "bibliotekene"})) == ["Notodden bibliotek"]


def test_search_without_match_says_so(client, organisation):
    response = client.get(LIST, {"q": "finnesikke"})
    html = response.content.decode()
    assert names(response) == []
    assert "0 organisations found" in html
    assert "No organisations match" in html


def test_search_combines_with_filters(client, organisation):
    OrganisationFactory(name="Sandefjord Røde Kors", home_municipality_id="3907")
    response = client.get(LIST, {"q": "Røde Kors", "county": "39"})
    assert names(response) == ["Sandefjord Røde Kors"]


def test_search_of_only_punctuation_lists_everything(client, organisation):
    assert names(client.get(LIST, {"q": "!!! ..."})) == ["Skien Røde Kors"]


def test_pagination(client):
    OrganisationFactory.create_batch(45)
    first = client.get(LIST)
    assert len(names(first)) == 20
    html = first.content.decode()
    assert 'class="ds-pagination"' in html
    assert "45 organisations found, page 1 of 3" in html
    assert 'href="?page=2"' in html
    assert 'aria-current="true"' in html
    third = client.get(LIST, {"page": "3"})
    assert len(names(third)) == 5
    assert set(names(first)).isdisjoint(names(third))


def test_pagination_links_keep_the_filters(client):
    OrganisationFactory.create_batch(25, kind=Kind.VOLUNTARY)
    html = client.get(LIST, {"kind": "voluntary", "q": "lag"}).content.decode()
    assert 'href="?kind=voluntary&amp;q=lag&amp;page=2"' in html
    assert 'hx-get="?kind=voluntary&amp;q=lag&amp;page=2"' in html


def test_htmx_pagination_fragment(client):
    OrganisationFactory.create_batch(25)
    response = client.get(LIST, {"page": "2"}, **HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert len(names(response)) == 5
    assert "page 2 of 2" in html


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1.5", "", "9" * 40])
def test_bad_page_numbers_do_not_crash(client, organisation, page):
    response = client.get(LIST, {"page": page})
    assert response.status_code == 200
    assert names(response) == ["Skien Røde Kors"]


@pytest.mark.parametrize(
    ("params", "ignored"),
    [
        ({"municipality": "9999"}, "Municipality"),
        ({"municipality": "<script>"}, "Municipality"),
        ({"county": "99"}, "County"),
        ({"kind": "spaceship"}, "Kind"),
        ({"target_group": "martians"}, "Target group"),
        ({"theme": "nope"}, "Theme"),
        ({"q": "x" * 500}, "Search"),
        ({"q": "Kors\x00"}, "Search"),
        ({"municipality": "40\x0003"}, "Municipality"),
        ({"county": "\x00"}, "County"),
        ({"theme": "read\x00ing"}, "Theme"),
    ],
)
def test_unknown_filter_values_are_ignored_with_a_message(client, organisation, params, ignored):
    response = client.get(LIST, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert names(response) == ["Skien Røde Kors"]
    assert "were ignored" in html
    assert ignored in html
    assert "<script>" not in html.split("<main", 1)[1]
    fragment = client.get(LIST, params, **HTMX)
    assert "were ignored" in fragment.content.decode()


def test_valid_filters_are_kept_when_another_is_ignored(client, organisation):
    OrganisationFactory(name="Sandefjord lag", home_municipality_id="3907")
    response = client.get(LIST, {"county": "39", "municipality": "9999"})
    assert names(response) == ["Sandefjord lag"]


def test_selected_filters_are_shown_in_the_form(client, organisation):
    html = client.get(LIST, {"county": "40", "q": "Kors"}).content.decode()
    assert '<option value="40" selected>' in html
    assert 'value="Kors"' in html
    assert "Clear all filters" in html


def test_results_show_kind_municipality_and_a_few_tags(client):
    OrganisationFactory(
        name="Bø frivilligsentral",
        kind=Kind.VOLUNTEER_CENTRE,
        home_municipality_id="4020",
        target_groups=["children", "youth", "seniors", "families"],
        themes=["reading", "music"],
    )
    html = client.get(LIST, **HTMX).content.decode()  # the results, without the filter form
    assert "Volunteer centre · Midt-Telemark" in html
    assert "Children" in html and "Youth" in html and "Seniors" in html
    assert "Families" not in html  # only the first three target groups
    assert "Music" in html


def test_names_are_escaped_in_the_list(client):
    OrganisationFactory(name="<script>alert(1)</script> lag")
    html = client.get(LIST).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; lag" in html


def test_list_in_nynorsk_and_english(client, organisation):
    organisation.target_groups.set(TargetGroup.objects.filter(slug="children"))
    assert '<html lang="nn"' in client.get("/nn/aktorer/").content.decode()
    assert '<html lang="nb"' in client.get("/aktorer/").content.decode()
    nn = client.get("/nn/aktorer/", **HTMX).content.decode()
    assert '<span class="ds-tag" data-color="info" data-size="sm">Born</span>' in nn
    assert 'href="/nn/aktorer/skien-rode-kors/"' in nn
    nb = client.get("/aktorer/", **HTMX).content.decode()
    assert '<span class="ds-tag" data-color="info" data-size="sm">Barn</span>' in nb
    en = client.get("/en/aktorer/", **HTMX).content.decode()
    assert '<span class="ds-tag" data-color="info" data-size="sm">Children</span>' in en


@pytest.mark.parametrize("htmx", [False, True])
def test_query_count_does_not_grow_with_the_number_of_organisations(client, htmx):
    headers = HTMX if htmx else {}
    OrganisationFactory.create_batch(10, target_groups=["children"], themes=["reading"])
    with CaptureQueriesContext(connection) as ten:
        assert client.get(LIST, **headers).status_code == 200
    OrganisationFactory.create_batch(90, target_groups=["children", "seniors"], themes=["music"])
    with CaptureQueriesContext(connection) as hundred:
        response = client.get(LIST, **headers)
    assert response.context["page_obj"].paginator.count == 100
    assert len(ten) == len(hundred)
    assert len(hundred) <= 10


def test_query_count_with_search_and_filters(client):
    OrganisationFactory.create_batch(10, target_groups=["children"], themes=["reading"])
    params = {"q": "lag", "county": "40", "target_group": "children", "page": "1"}
    with CaptureQueriesContext(connection) as ten:
        client.get(LIST, params)
    OrganisationFactory.create_batch(90, target_groups=["children"], themes=["reading"])
    with CaptureQueriesContext(connection) as hundred:
        response = client.get(LIST, params)
    assert response.context["page_obj"].paginator.count == 100
    assert len(ten) == len(hundred)
