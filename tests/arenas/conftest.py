"""Fixtures shared by the arena tests: an arena of Telemark (40) hosted by a library, a
member of that library (a host), and a draft of the same hosts. Messages are compared in
English unless a test asks for a language (requests and e-mails choose their own)."""

import pytest
from django.utils import translation

from samskap.arenas.models import Arena
from tests.factories import ArenaFactory, MembershipFactory, OrganisationFactory


@pytest.fixture
def host_organisation(db):
    return OrganisationFactory(name="Skien bibliotek", slug="skien-bibliotek", kind="library")


@pytest.fixture
def host_member(host_organisation):
    return MembershipFactory(organisation=host_organisation, user__email="host@example.no").user


@pytest.fixture
def hosted_arena(host_organisation):
    return ArenaFactory(title="Samskapingsarena Telemark", hosts=[host_organisation])


@pytest.fixture
def draft(host_organisation):
    return ArenaFactory(
        title="Hemmelig utkast", status=Arena.Status.DRAFT, hosts=[host_organisation]
    )


@pytest.fixture(autouse=True)
def _english():
    """English while the test runs, whatever language an earlier test in this worker left
    active (the locale middleware leaves the request's language on the thread)."""
    with translation.override("en"):
        yield
