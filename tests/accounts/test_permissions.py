"""The site-wide role predicates, as a matrix of roles."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from samskap.accounts.models import User
from samskap.accounts.permissions import (
    coordinator_counties,
    is_coordinator,
    is_coordinator_for,
    is_platform_admin,
)
from samskap.accounts.services import user_set_language, user_update_profile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def get(role, request):
    return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.parametrize(
    ("role", "admin", "county_40", "county_39"),
    [
        ("anonymous", False, False, False),
        ("user", False, False, False),
        ("member", False, False, False),
        ("org_admin", False, False, False),
        ("coordinator", False, True, False),
        ("other_coordinator", False, False, True),
        ("platform_admin", True, False, False),
    ],
)
def test_role_matrix(request, role, admin, county_40, county_39):
    person = get(role, request)
    assert is_platform_admin(person) is admin
    assert is_coordinator_for(person, "40") is county_40
    assert is_coordinator_for(person, "39") is county_39
    assert is_coordinator(person) is (county_40 or county_39)


def test_inactive_people_have_no_roles(coordinator, platform_admin):
    for person in (coordinator, platform_admin):
        person.is_active = False
        person.save()
    assert not is_platform_admin(platform_admin)
    assert not is_coordinator_for(coordinator, "40")
    assert coordinator_counties(coordinator) == frozenset()


def test_staff_without_superuser_is_not_platform_admin(db):
    assert not is_platform_admin(UserFactory(is_staff=True))


def test_prefetched_counties_are_used_without_queries(coordinator, django_assert_num_queries):
    coordinator.coordinator_for.add("39")
    person = User.objects.prefetch_related("coordinator_for").get(pk=coordinator.pk)
    with django_assert_num_queries(0):
        assert is_coordinator_for(person, "40")
        assert is_coordinator_for(person, "39")
        assert not is_coordinator_for(person, "03")
        assert coordinator_counties(person) == {"39", "40"}


def test_predicate_sees_a_county_added_later(user):
    assert not is_coordinator_for(user, "40")
    user.coordinator_for.add("40")
    assert is_coordinator_for(user, "40")


def test_user_update_profile_saves_and_validates(user):
    user_update_profile(user=user, name="  Ada Lovelace ", language="en", notifications="none")
    user.refresh_from_db()
    assert (user.name, user.language, user.notifications) == ("Ada Lovelace", "en", "none")

    with pytest.raises(ValidationError):
        user_update_profile(user=user, name="x", language="de", notifications="none")
    with pytest.raises(ValidationError):
        user_update_profile(user=user, name="x", language="nb", notifications="hourly")
    with pytest.raises(ValidationError):
        user_update_profile(user=user, name="x" * 151, language="nb", notifications="none")
    user.refresh_from_db()
    assert (user.name, user.language, user.notifications) == ("Ada Lovelace", "en", "none")


def test_user_set_language(user):
    user_set_language(user=user, language="nn")
    user.refresh_from_db()
    assert user.language == "nn"
    with pytest.raises(ValidationError):
        user_set_language(user=user, language="sv")
    user.refresh_from_db()
    assert user.language == "nn"
