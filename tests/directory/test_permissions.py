"""Who may do what: the predicates, and the same matrix over HTTP (roles × actions)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from samskap.directory import permissions
from samskap.directory.models import Membership, Organisation
from tests.directory.conftest import ROLES
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def person(request, role):
    if role == "anonymous":
        return AnonymousUser()
    return request.getfixturevalue("user" if role == "outsider" else role)


# Expected answers per role: view public, view non-public, edit, manage members, request to join
# (public profile).
PREDICATES = {
    "anonymous": (True, False, False, False, False),
    "outsider": (True, False, False, False, True),
    "member": (True, True, False, False, False),
    "org_admin": (True, True, True, True, False),
    "coordinator": (True, True, False, False, True),
    "other_coordinator": (True, False, False, False, True),
    "platform_admin": (True, True, True, True, True),
}


@pytest.mark.parametrize("role", ROLES)
def test_predicates(request, organisation, role):
    who = person(request, role)
    view_public, view_private, edit, manage, join = PREDICATES[role]
    assert permissions.can_view_organisation(who, organisation) is view_public
    assert permissions.can_edit_organisation(who, organisation) is edit
    assert permissions.can_manage_members(who, organisation) is manage
    assert permissions.can_request_membership(who, organisation) is join
    assert permissions.can_create_organisation(who) is (role != "anonymous")
    organisation.public = False
    organisation.save()
    assert permissions.can_view_organisation(who, organisation) is view_private
    assert permissions.can_edit_organisation(who, organisation) is edit
    assert permissions.can_manage_members(who, organisation) is manage


def test_an_inactive_organisation_is_hidden_like_a_private_one(request, organisation):
    organisation.status = Organisation.Status.INACTIVE
    organisation.save()
    assert not permissions.can_view_organisation(AnonymousUser(), organisation)
    assert not permissions.can_view_organisation(request.getfixturevalue("user"), organisation)
    assert permissions.can_view_organisation(request.getfixturevalue("member"), organisation)
    # Nobody can ask to join an organisation that no longer exists in the register.
    assert not permissions.can_request_membership(
        request.getfixturevalue("coordinator"), organisation
    )


def test_pending_membership_gives_no_rights(private_organisation):
    pending = MembershipFactory(
        organisation=private_organisation, status=Membership.Status.PENDING
    ).user
    assert not permissions.can_view_organisation(pending, private_organisation)
    assert not permissions.can_request_membership(pending, private_organisation)


def test_pending_admin_is_not_an_admin(organisation):
    pending = MembershipFactory(
        organisation=organisation, role=Membership.Role.ADMIN, status=Membership.Status.PENDING
    ).user
    assert not permissions.can_edit_organisation(pending, organisation)


def test_deactivated_users_lose_their_rights(org_admin, organisation):
    org_admin.is_active = False
    org_admin.save()
    assert not permissions.can_edit_organisation(org_admin, organisation)


def test_staff_without_superuser_is_not_a_platform_admin(organisation):
    staff = UserFactory(is_staff=True)
    assert not permissions.can_edit_organisation(staff, organisation)


def test_organisation_without_municipality_has_no_coordinator(coordinator, private_organisation):
    private_organisation.home_municipality = None
    private_organisation.save()
    assert not permissions.can_view_organisation(coordinator, private_organisation)


def test_access_helpers(user, org_admin, private_organisation, coordinator):
    slug = private_organisation.slug
    with pytest.raises(Http404):
        permissions.organisation_for_view(user, slug)
    with pytest.raises(Http404):
        permissions.organisation_for_edit(user, slug)
    with pytest.raises(PermissionDenied):
        permissions.organisation_for_edit(coordinator, slug)
    with pytest.raises(PermissionDenied):
        permissions.organisation_for_members(coordinator, slug)
    with pytest.raises(Http404):
        permissions.organisation_for_view(org_admin, "no-such-organisation")
    assert permissions.organisation_for_edit(org_admin, slug) == private_organisation
    assert permissions.organisation_for_members(org_admin, slug) == private_organisation


# --- the same over HTTP -----------------------------------------------------------------

# role: (view public, view private, edit public, edit private, members public,
#        members private, create, join public, join private)
HTTP = {
    "anonymous": (200, 404, 302, 302, 302, 302, 302, 302, 302),
    "outsider": (200, 404, 403, 404, 403, 404, 200, 200, 404),
    "member": (200, 200, 403, 403, 403, 403, 200, 302, 302),
    "org_admin": (200, 200, 200, 200, 200, 200, 200, 302, 302),
    "coordinator": (200, 200, 403, 403, 403, 403, 200, 200, 200),
    "other_coordinator": (200, 404, 403, 404, 403, 404, 200, 200, 404),
    "platform_admin": (200, 200, 200, 200, 200, 200, 200, 200, 200),
}
ACTIONS = (
    ("detail", False),
    ("detail", True),
    ("edit", False),
    ("edit", True),
    ("members", False),
    ("members", True),
    ("create", None),
    ("join", False),
    ("join", True),
)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("index", "action"), list(enumerate(ACTIONS)))
def test_http_matrix(client, as_role, organisation, role, index, action):
    name, private = action
    if private:
        organisation.public = False
        organisation.save()
    as_role(role)
    url = (
        "/aktorer/ny/"
        if name == "create"
        else {
            "detail": f"/aktorer/{organisation.slug}/",
            "edit": f"/aktorer/{organisation.slug}/rediger/",
            "members": f"/aktorer/{organisation.slug}/medlemmer/",
            "join": f"/aktorer/{organisation.slug}/bli-medlem/",
        }[name]
    )
    response = client.get(url)
    expected = HTTP[role][index]
    assert response.status_code == expected, (role, name, private)
    if expected == 302 and role == "anonymous":
        assert response["Location"].startswith("/konto/")


@pytest.mark.parametrize("role", ["outsider", "member", "coordinator", "other_coordinator"])
def test_posting_to_edit_or_members_without_rights_changes_nothing(
    client, as_role, organisation, org_admin, role
):
    as_role(role)
    response = client.post(
        f"/aktorer/{organisation.slug}/rediger/",
        {"name": "Taken over", "kind": "voluntary", "home_municipality": "4003"},
    )
    assert response.status_code == 403
    admin_membership = Membership.objects.get(user=org_admin)
    response = client.post(
        f"/aktorer/{organisation.slug}/medlemmer/",
        {"membership": admin_membership.pk, "action": "remove"},
    )
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "Skien Røde Kors"
    assert Membership.objects.filter(pk=admin_membership.pk).exists()


def test_anonymous_post_to_join_redirects_to_login(client, organisation):
    response = client.post(f"/aktorer/{organisation.slug}/bli-medlem/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/")
    assert not Membership.objects.exists()
