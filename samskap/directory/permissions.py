"""Who may do what in the directory.

Plain predicates, one condition per line, and access helpers that every view and API endpoint
uses to fetch an organisation: outsiders get 404 for a profile they may not see (so its existence
is not revealed), people who may see it but not change it get 403.

Roles: anonymous, outsider (signed in, no membership), member, organisation admin, county
coordinator (may see every profile whose home municipality lies in their county, public or not;
editing stays with the organisation's admins), platform admin (`is_superuser`, may do everything).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from samskap.accounts.models import User
from samskap.accounts.permissions import AnyUser, is_coordinator_for, is_platform_admin

from .models import ImportRun, Membership, Organisation
from .selectors import organisation_detail_queryset

type Viewer = AnyUser


def active_memberships(user: Viewer) -> list[Membership]:
    """The user's active memberships, fetched once per request object and kept on it."""
    if not isinstance(user, User) or not user.is_active:
        return []
    cached: list[Membership] | None = getattr(user, "_active_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).select_related(
                "organisation"
            )
        )
        user._active_memberships = cached  # type: ignore[attr-defined]
    return cached


def member_organisation_ids(user: Viewer) -> set[int]:
    return {m.organisation_id for m in active_memberships(user)}


def admin_organisation_ids(user: Viewer) -> set[int]:
    return {m.organisation_id for m in active_memberships(user) if m.role == Membership.Role.ADMIN}


def membership_of(user: Viewer, organisation: Organisation) -> Membership | None:
    """The user's membership of `organisation`, active or waiting for approval, if any."""
    if not isinstance(user, User) or not user.is_active:
        return None
    return Membership.objects.filter(user=user, organisation=organisation).first()


def is_member(user: Viewer, organisation: Organisation) -> bool:
    membership = membership_of(user, organisation)
    return membership is not None and membership.status == Membership.Status.ACTIVE


def is_organisation_admin(user: Viewer, organisation: Organisation) -> bool:
    membership = membership_of(user, organisation)
    return (
        membership is not None
        and membership.status == Membership.Status.ACTIVE
        and membership.role == Membership.Role.ADMIN
    )


def is_coordinator_of_organisation(user: Viewer, organisation: Organisation) -> bool:
    """Whether the user coordinates the county of the organisation's home municipality."""
    municipality = organisation.home_municipality
    if municipality is None:
        return False
    return is_coordinator_for(user, municipality.county_id)


def is_publicly_visible(organisation: Organisation) -> bool:
    return organisation.public and organisation.status == Organisation.Status.ACTIVE


def can_view_organisation(user: Viewer, organisation: Organisation) -> bool:
    if is_publicly_visible(organisation):
        return True
    if is_platform_admin(user):
        return True
    if is_member(user, organisation):
        return True
    return is_coordinator_of_organisation(user, organisation)


def can_edit_organisation(user: Viewer, organisation: Organisation) -> bool:
    if is_platform_admin(user):
        return True
    return is_organisation_admin(user, organisation)


def can_manage_members(user: Viewer, organisation: Organisation) -> bool:
    if is_platform_admin(user):
        return True
    return is_organisation_admin(user, organisation)


def can_create_organisation(user: Viewer) -> bool:
    return isinstance(user, User) and user.is_active


def can_request_membership(user: Viewer, organisation: Organisation) -> bool:
    if not isinstance(user, User) or not user.is_active:
        return False
    if organisation.status != Organisation.Status.ACTIVE:
        return False
    if membership_of(user, organisation) is not None:
        return False
    return can_view_organisation(user, organisation)


# --- access helpers ---------------------------------------------------------------------


def organisation_for_view(user: Viewer, slug: str) -> Organisation:
    """The organisation with `slug` if the user may see it; 404 otherwise."""
    organisation = organisation_detail_queryset().filter(slug=slug).first()
    if organisation is None or not can_view_organisation(user, organisation):
        raise Http404
    return organisation


def organisation_for_edit(user: Viewer, slug: str) -> Organisation:
    """The organisation if the user may edit its profile; 404 if they may not even see it,
    403 if they may see but not edit it."""
    organisation = organisation_for_view(user, slug)
    if not can_edit_organisation(user, organisation):
        raise PermissionDenied
    return organisation


def organisation_for_members(user: Viewer, slug: str) -> Organisation:
    """The organisation if the user may manage its members (404 / 403 as for editing)."""
    organisation = organisation_for_view(user, slug)
    if not can_manage_members(user, organisation):
        raise PermissionDenied
    return organisation


# --- register import (sync of a county, import run reports) -----------------------------


def can_sync_county(user: Viewer, county_number: str) -> bool:
    """Whether the user may start a sync of the county from the registers and read its import
    runs. An empty number means a run for no county (the whole-country bulk file)."""
    if is_platform_admin(user):
        return True
    return is_coordinator_for(user, county_number)


def import_run_for_view(user: User, pk: int) -> ImportRun:
    """The run if `user` may read it; 404 otherwise (also for a run of another county)."""
    run = ImportRun.objects.select_related("county", "started_by").filter(pk=pk).first()
    if run is None or not can_sync_county(user, run.county_id or ""):
        raise Http404
    return run
