"""Counties and municipalities in the admin: shown and searchable, never added or deleted."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, platform_admin):
    client.force_login(platform_admin)
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/en/admin/places/county/",
        "/en/admin/places/county/40/change/",
        "/en/admin/places/municipality/",
        "/en/admin/places/municipality/?q=Skien",
        "/en/admin/places/municipality/?county__number__exact=40",
        "/en/admin/places/municipality/4003/change/",
        "/en/admin/places/municipalityrenumbering/",
        "/en/admin/places/municipalityrenumbering/?q=3807",
    ],
)
def test_pages_load(admin_client, path):
    assert admin_client.get(path).status_code == 200


def test_municipality_search(admin_client):
    response = admin_client.get("/en/admin/places/municipality/", {"q": "Skien"})
    assert [m.number for m in response.context["cl"].result_list] == ["4003"]


@pytest.mark.parametrize(
    "path",
    [
        "/en/admin/places/county/add/",
        "/en/admin/places/municipality/add/",
        "/en/admin/places/municipality/4003/delete/",
        "/en/admin/places/county/40/delete/",
        "/en/admin/places/municipalityrenumbering/add/",
    ],
)
def test_no_additions_or_deletions(admin_client, path):
    assert admin_client.get(path).status_code == 403


def test_number_and_county_are_read_only(admin_client):
    html = admin_client.get("/en/admin/places/municipality/4003/change/").content.decode()
    assert 'name="number"' not in html
    assert 'name="county"' not in html
    assert 'name="latitude"' in html


def test_municipality_autocomplete_for_organisations(admin_client):
    response = admin_client.get(
        "/en/admin/autocomplete/",
        {
            "app_label": "directory",
            "model_name": "organisation",
            "field_name": "home_municipality",
            "term": "Skien",
        },
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == ["4003"]
