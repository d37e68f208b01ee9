"""Who may do what with arenas.

Roles: anonymous (the public), outsider (signed in, no link to the arena), participant (a
person registered for the arena, recognised by their personal link, or someone who joined the
live wall with the arena's join code), member of a host organisation, county coordinator (of
the arena's county, or of another county), platform admin.

- Everyone sees published and cancelled arenas, their programme, the number of places and
  registrations, and the public report (counts, municipalities, and organisations with a
  public profile; never people's names).
- Hosts — coordinators of the arena's county, active members of its host organisations and
  platform admins — create and edit arenas, see every registration with names and needs, mark
  attendance, export, message participants, make breakout groups, and moderate the wall.
- Confirmed participants see the names and organisations of the other participants who
  allowed it, their own breakout group, and the wall.
- Anyone with the join code may post on and support contributions on the wall while hosts
  keep it open.

Access helpers give 404 to those who may not see an arena (a draft's existence is not
revealed) and 403 to those who may see it but not do what they asked.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from samskap.accounts.permissions import (
    AnyUser,
    coordinator_counties,
    is_coordinator_for,
    is_platform_admin,
)
from samskap.directory.models import Organisation
from samskap.directory.permissions import member_organisation_ids

from .models import Arena, Registration

type Viewer = AnyUser


def _host_ids(arena: Arena) -> set[int]:
    """The arena's host organisations (uses `prefetch_related("hosts")` when done)."""
    if "hosts" in getattr(arena, "_prefetched_objects_cache", {}):
        return {organisation.pk for organisation in arena.hosts.all()}
    return set(arena.hosts.values_list("pk", flat=True))


def counties_for_new_arenas(user: Viewer) -> frozenset[str]:
    """County numbers the user may create arenas in."""
    if is_platform_admin(user):
        from samskap.places.models import County

        return frozenset(County.objects.values_list("number", flat=True))
    return coordinator_counties(user)


def can_create_arena(user: Viewer) -> bool:
    return bool(counties_for_new_arenas(user))


def is_host_member(user: Viewer, arena: Arena) -> bool:
    """An active member of one of the arena's host organisations."""
    organisations = member_organisation_ids(user)
    if not organisations:
        return False
    return bool(organisations & _host_ids(arena))


def can_manage_arena(user: Viewer, arena: Arena) -> bool:
    """Edit the arena and run it: registrations, attendance, groups, wall, messages."""
    if is_platform_admin(user):
        return True
    if is_coordinator_for(user, arena.county_id):
        return True
    return is_host_member(user, arena)


def can_view_arena(user: Viewer, arena: Arena) -> bool:
    if arena.is_public:
        return True
    return can_manage_arena(user, arena)


def can_see_participant_names(
    user: Viewer, arena: Arena, registration: Registration | None
) -> bool:
    """Names and organisations of the participants who allowed it: hosts and the arena's own
    confirmed participants (`registration`, from their personal link). The public sees
    counts only."""
    if can_manage_arena(user, arena):
        return True
    return is_confirmed_participant(arena, registration)


def is_confirmed_participant(arena: Arena, registration: Registration | None) -> bool:
    return (
        registration is not None and registration.arena_id == arena.pk and registration.holds_place
    )


def may_register(arena: Arena, *, organisation: Organisation | None, sector: str) -> bool:
    """Whether someone from `organisation` (or none) in `sector` may register, by the arena's
    access rule. (The registration window and capacity are the services' business.)"""
    if arena.access == Arena.Access.OPEN:
        return True
    if sector in (arena.invited_sectors or []):
        return True
    if organisation is None:
        return False
    return arena.invited_organisations.filter(pk=organisation.pk).exists()


def can_post_on_wall(arena: Arena, *, has_joined: bool) -> bool:
    """Post and support contributions: the wall is open and the person is a participant or
    joined with the code (`has_joined`)."""
    return arena.wall_open and not arena.is_cancelled and has_joined


def can_view_wall(user: Viewer, arena: Arena, *, has_joined: bool) -> bool:
    if can_manage_arena(user, arena):
        return True
    return arena.is_public and has_joined


def can_moderate_wall(user: Viewer, arena: Arena) -> bool:
    return can_manage_arena(user, arena)


def can_view_full_report(user: Viewer, arena: Arena) -> bool:
    """The report with every organisation present, including those without a public
    profile and typed names (hosts); everyone else gets the public report."""
    return can_manage_arena(user, arena)


# --- access helpers ---------------------------------------------------------------------


def arena_for_view(user: Viewer, pk: int) -> Arena:
    """The arena with `pk` if the user may see it; 404 otherwise."""
    arena = (
        Arena.objects.select_related("county", "municipality")
        .prefetch_related("hosts")
        .filter(pk=pk)
        .first()
    )
    if arena is None or not can_view_arena(user, arena):
        raise Http404
    return arena


def arena_for_manage(user: Viewer, pk: int) -> Arena:
    """The arena if the user may run it; 404 if they may not even see it, else 403."""
    arena = arena_for_view(user, pk)
    if not can_manage_arena(user, arena):
        raise PermissionDenied
    return arena


def arena_for_wall_moderation(user: Viewer, pk: int) -> Arena:
    """The arena if the user may moderate its wall; 404 if they may not see it, else 403."""
    arena = arena_for_view(user, pk)
    if not can_moderate_wall(user, arena):
        raise PermissionDenied
    return arena
