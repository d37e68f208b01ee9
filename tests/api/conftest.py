import pytest

from samskap.directory.models import Kind, Organisation, TargetGroup, Theme
from tests.factories import OrganisationFactory


@pytest.fixture
def api_get(client):
    """GET an API path (relative to /api/v1/) and return the response."""

    def get(path, **params):
        return client.get(f"/api/v1/{path}", params)

    return get


@pytest.fixture
def hidden_organisations(db):
    """Organisations the API must never show: no consent, and deleted in the register."""
    return [
        OrganisationFactory(
            name="Skjult bibliotekvenner", slug="skjult", public=False, kind=Kind.LIBRARY
        ),
        OrganisationFactory(
            name="Nedlagt bibliotekvenner",
            slug="nedlagt",
            status=Organisation.Status.INACTIVE,
            kind=Kind.LIBRARY,
        ),
    ]


def make_rich_organisation(**kwargs):
    """An organisation with target groups, themes and served municipalities."""
    organisation = OrganisationFactory(**kwargs)
    organisation.target_groups.set(TargetGroup.objects.filter(slug__in=["children", "youth"]))
    organisation.themes.set(Theme.objects.filter(slug__in=["reading", "gaming"]))
    organisation.municipalities_served.set(["4001", "4005"])
    return organisation
