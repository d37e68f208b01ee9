"""Who may do what with activities.

Roles: anonymous, outsider (signed in, no membership), member of the organiser, admin of the
organiser, admin of a co-organiser, library staff (active members of a library in the
activity's municipality, or of the venue when it is a library), county coordinator (of the
activity's county), platform admin.

- Everyone sees published and cancelled activities that no moderator has hidden.
- Members of the organiser create, edit, publish, cancel and copy its activities, and see its
  drafts, hidden activities (with the reason) and sign-up lists.
- Admins of an invited co-organiser confirm or decline; members of a confirmed co-organiser see
  the activity as its members do, but only the organiser's members edit it.
- Coordinators of the activity's county and library staff of its municipality hide an activity
  with a reason, and show it again.

Access helpers give 404 to those who may not see an activity (its existence is not revealed)
and 403 to those who may see it but not do what they asked.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from samskap.accounts.permissions import AnyUser, is_coordinator_for, is_platform_admin
from samskap.directory.models import Kind, Organisation
from samskap.directory.permissions import active_memberships
from samskap.directory.permissions import admin_organisation_ids as admin_organisation_ids
from samskap.directory.permissions import member_organisation_ids as member_organisation_ids

from .models import Activity, CoOrganiser, Occurrence
from .selectors import activity_detail_queryset

type Viewer = AnyUser

LIBRARY_KINDS = (Kind.LIBRARY, Kind.LIBRARY_BRANCH)


def organisations_for_activities(user: Viewer) -> list[Organisation]:
    """The active organisations the user may create activities for."""
    return sorted(
        (
            m.organisation
            for m in active_memberships(user)
            if m.organisation.status == Organisation.Status.ACTIVE
        ),
        key=lambda o: o.name,
    )


def can_create_activity_for(user: Viewer, organisation: Organisation) -> bool:
    if organisation.status != Organisation.Status.ACTIVE:
        return False
    if is_platform_admin(user):
        return True
    return organisation.pk in member_organisation_ids(user)


def is_organiser_member(user: Viewer, activity: Activity) -> bool:
    return activity.organiser_id in member_organisation_ids(user)


def is_co_organiser_member(user: Viewer, activity: Activity) -> bool:
    organisations = member_organisation_ids(user)
    if not organisations:
        return False
    return CoOrganiser.objects.filter(
        activity=activity, organisation_id__in=organisations, status=CoOrganiser.Status.CONFIRMED
    ).exists()


def is_library_staff_for(user: Viewer, activity: Activity) -> bool:
    """Whether the user is an active member of a library in the activity's municipality or of
    the library where it is held."""
    for membership in active_memberships(user):
        library = membership.organisation
        if library.kind not in LIBRARY_KINDS:
            continue
        if library.pk == activity.venue_id:
            return True
        if library.home_municipality_id == activity.municipality_id:
            return True
    return False


def can_edit_activity(user: Viewer, activity: Activity) -> bool:
    if is_platform_admin(user):
        return True
    return is_organiser_member(user, activity)


def can_moderate_activity(user: Viewer, activity: Activity) -> bool:
    """Hide an activity from the public (with a reason) or show it again."""
    if is_platform_admin(user):
        return True
    if is_coordinator_for(user, activity.municipality.county_id):
        return True
    if is_organiser_member(user, activity):
        return False  # a library does not moderate its own activities
    return is_library_staff_for(user, activity)


def can_view_activity(user: Viewer, activity: Activity) -> bool:
    if activity.is_public:
        return True
    if can_edit_activity(user, activity):
        return True
    # Moderators keep seeing what they hid, so they can show it again.
    hidden_published = activity.is_hidden and activity.status != Activity.Status.DRAFT
    if hidden_published and can_moderate_activity(user, activity):
        return True
    return is_co_organiser_member(user, activity)


def can_decide_co_organiser(user: Viewer, link: CoOrganiser) -> bool:
    """Confirm or decline an invitation to co-organise."""
    if link.status != CoOrganiser.Status.PENDING:
        return False
    if is_platform_admin(user):
        return True
    return link.organisation_id in admin_organisation_ids(user)


def can_view_signups(user: Viewer, activity: Activity) -> bool:
    return can_edit_activity(user, activity)


def can_sign_up(activity: Activity, occurrence: Occurrence) -> bool:
    """Whether anyone may take a place at `occurrence` on the platform (capacity aside)."""
    return (
        activity.status == Activity.Status.PUBLISHED
        and not activity.is_hidden
        and activity.signup == Activity.SignUp.PLATFORM
        and occurrence.activity_id == activity.pk
        and occurrence.start > timezone.now()
    )


# --- access helpers ---------------------------------------------------------------------


def activity_for_view(user: Viewer, pk: int) -> Activity:
    """The activity with `pk` if the user may see it; 404 otherwise."""
    activity = activity_detail_queryset().filter(pk=pk).first()
    if activity is None or not can_view_activity(user, activity):
        raise Http404
    return activity


def activity_for_edit(user: Viewer, pk: int) -> Activity:
    """The activity if the user may edit it; 404 if they may not even see it, else 403."""
    activity = activity_for_view(user, pk)
    if not can_edit_activity(user, activity):
        raise PermissionDenied
    return activity


def activity_for_moderation(user: Viewer, pk: int) -> Activity:
    """The activity if the user may hide it or show it again (404 / 403 as for editing)."""
    activity = activity_for_view(user, pk)
    if not can_moderate_activity(user, activity):
        raise PermissionDenied
    return activity


def co_organiser_link_for_decision(user: Viewer, pk: int) -> CoOrganiser:
    """An invitation to co-organise, if the user may confirm or decline it; 404 otherwise."""
    link = (
        CoOrganiser.objects.select_related("activity__organiser", "organisation")
        .filter(pk=pk)
        .first()
    )
    if link is None or not can_decide_co_organiser(user, link):
        raise Http404
    return link
