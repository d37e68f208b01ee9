import pytest

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """Each test starts with an empty cache, so rate limits never leak between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory(email="outsider@example.no")


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Skien Røde Kors", slug="skien-rode-kors")


@pytest.fixture
def member(organisation):
    return MembershipFactory(organisation=organisation, user__email="member@example.no").user


@pytest.fixture
def org_admin(organisation):
    return MembershipFactory(
        organisation=organisation, user__email="admin@example.no", role="admin"
    ).user


@pytest.fixture
def coordinator(db):
    user = UserFactory(email="coordinator@example.no")
    user.coordinator_for.add("40")
    return user


@pytest.fixture
def other_coordinator(db):
    user = UserFactory(email="coordinator.vestfold@example.no")
    user.coordinator_for.add("39")
    return user


@pytest.fixture
def platform_admin(db):
    return UserFactory(email="ops@example.no", is_staff=True, is_superuser=True)
