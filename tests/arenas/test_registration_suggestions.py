"""Organisation suggestions on the registration form: all of them in the page for a county
with few organisations, else fetched as the person types."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samskap.arenas.selectors import registration as selectors
from tests.factories import ArenaFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def options(html: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)"></option>', html)


@pytest.fixture
def arena():
    return ArenaFactory()


def test_a_county_with_few_organisations_gets_every_name_in_the_page(client, arena):
    OrganisationFactory(name="Bø sogelag", home_municipality_id="4020")
    OrganisationFactory(name="Larvik turlag", home_municipality_id="3907")  # Vestfold
    page = client.get(f"/en/arenaer/{arena.pk}/pamelding/")
    assert options(page.text) == ["Bø sogelag"]
    assert "hx-get" not in page.text.split('name="organisation_name"')[1].split(">")[0]


def test_a_large_county_gets_suggestions_as_people_type(client, arena, settings, monkeypatch):
    monkeypatch.setattr(selectors, "SUGGESTIONS_IN_PAGE", 3)
    for n in range(5):
        OrganisationFactory(name=f"Lag {n}", home_municipality_id="4003")
    page = client.get(f"/en/arenaer/{arena.pk}/pamelding/")
    assert options(page.text) == []
    field = page.text.split('name="organisation_name"')[1].split(">")[0]
    assert f'hx-get="/en/arenaer/{arena.pk}/pamelding/aktorer/"' in field
    assert 'hx-target="#' in field


def test_suggestions_match_anywhere_start_first_and_stay_in_the_county(client, arena):
    for name, municipality in [
        ("Skien Røde Kors", "4003"),
        ("Røde Kors Bamble", "4012"),
        ("Bø Røde Kors", "4020"),
        ("Larvik Røde Kors", "3907"),  # Vestfold: another county
        ("Skien turlag", "4003"),
    ]:
        OrganisationFactory(name=name, home_municipality_id=municipality)
    OrganisationFactory(name="Porsgrunn Røde Kors", home_municipality_id="4001", status="inactive")
    response = client.get(
        f"/arenaer/{arena.pk}/pamelding/aktorer/", {"organisation_name": "  røde   kors "}
    )
    assert response.status_code == 200
    found = options(response.text)
    assert set(found) == {"Skien Røde Kors", "Røde Kors Bamble", "Bø Røde Kors"}
    assert found[0] == "Røde Kors Bamble"


def test_suggestions_need_two_letters_and_are_few(client, arena):
    for n in range(30):
        OrganisationFactory(name=f"Lag nummer {n:02}", home_municipality_id="4003")
    assert (
        options(client.get(f"/arenaer/{arena.pk}/pamelding/aktorer/?organisation_name=L").text)
        == []
    )
    with CaptureQueriesContext(connection) as queries:
        many = client.get(f"/arenaer/{arena.pk}/pamelding/aktorer/?organisation_name=lag")
    assert len(options(many.text)) == selectors.SUGGESTIONS_PER_SEARCH
    assert len(queries) <= 3


def test_suggestions_of_a_draft_arena_are_not_found(client):
    draft = ArenaFactory(status="draft")
    response = client.get(f"/arenaer/{draft.pk}/pamelding/aktorer/?organisation_name=lag")
    assert response.status_code == 404
