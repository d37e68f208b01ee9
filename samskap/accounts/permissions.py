"""Site-wide roles as plain predicates. Apps combine them with their own rules.

- A *platform admin* runs the installation: an active superuser (Django admin, everything).
- A *county coordinator* works for a county library and acts only in the counties listed in
  `User.coordinator_for`. Being a platform admin does not make someone a coordinator;
  callers that let platform admins act everywhere check both.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest

from .models import User

AnyUser = AbstractBaseUser | AnonymousUser


def signed_in_user(request: HttpRequest) -> User:
    """The user of a view behind `@login_required`."""
    assert isinstance(request.user, User)  # noqa: S101 - guaranteed by @login_required
    return request.user


def is_platform_admin(user: AnyUser) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.is_active and user.is_superuser


def coordinator_counties(user: AnyUser) -> frozenset[str]:
    """County numbers `user` coordinates (uses `prefetch_related("coordinator_for")` if done)."""
    if not isinstance(user, User) or not user.is_active:
        return frozenset()
    return frozenset(county.number for county in user.coordinator_for.all())


def is_coordinator(user: AnyUser) -> bool:
    return bool(coordinator_counties(user))


def is_coordinator_for(user: AnyUser, county_number: str) -> bool:
    if not isinstance(user, User) or not user.is_active or not county_number:
        return False
    if "coordinator_for" in getattr(user, "_prefetched_objects_cache", {}):
        return county_number in coordinator_counties(user)
    return user.coordinator_for.filter(number=county_number).exists()
