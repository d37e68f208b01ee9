from importlib import import_module

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


# Data that migrations put in the database. A transactional test (every browser test, and the
# tests of concurrent writers) ends by emptying all tables, so a transactional test that needs
# this data puts it back first. Add new data migrations that pages depend on here: (module,
# function, a model that is empty when the data is gone).
REFERENCE_DATA = [
    ("samskap.places.migrations.0002_load_municipalities_2024", "load", "places.County"),
    ("samskap.directory.migrations.0002_taxonomies", "seed", "directory.TargetGroup"),
    ("samskap.directory.migrations.0006_icnpo_categories", "load", "directory.IcnpoCategory"),
    ("samskap.activities.migrations.0002_languages", "seed", "activities.Language"),
]


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    """The data migrations' rows, loaded again if an earlier transactional test emptied them."""
    from django.apps import apps

    for module, function, model in REFERENCE_DATA:
        if not apps.get_model(model).objects.exists():
            getattr(import_module(module), function)(apps, None)
