"""Who may do what with activities: every predicate and access helper of
`samskap.activities.permissions` as a role matrix, and the same matrix over HTTP."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from samskap.activities import permissions
from samskap.activities.models import Activity, CoOrganiser
from samskap.directory.models import Membership, Organisation
from tests.factories import (
    ActivityFactory,
    CoOrganiserFactory,
    LibraryFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "outsider",
    "member",
    "org_admin",
    "coordinator",
    "other_coordinator",
    "library_staff",
    "co_organiser_admin",
    "platform_admin",
)


@pytest.fixture
def co_organisation(db):
    return OrganisationFactory(name="Skien frivilligsentral", slug="skien-frivilligsentral")


@pytest.fixture
def library_staff(db):
    """A member of Skien's library (4003, the activities' municipality)."""
    library = LibraryFactory(name="Skien bibliotek", slug="skien-bibliotek")
    return MembershipFactory(organisation=library, user__email="bibliotekar@example.no").user


@pytest.fixture
def co_organiser_admin(co_organisation):
    return MembershipFactory(
        organisation=co_organisation, user__email="frivillig@example.no", role="admin"
    ).user


def person(request, role):
    if role == "anonymous":
        return AnonymousUser()
    return request.getfixturevalue("user" if role == "outsider" else role)


@pytest.fixture
def activities(organisation, co_organisation):
    """A draft, a published and a hidden published activity of `organisation` in Skien, and a
    pending invitation of `co_organisation` to co-organise the draft."""
    draft = ActivityFactory(organiser=organisation, status=Activity.Status.DRAFT)
    published = ActivityFactory(organiser=organisation, signup="platform", capacity=5)
    hidden = ActivityFactory(
        organiser=organisation, hidden_at=timezone.now(), hidden_reason="Reklame"
    )
    link = CoOrganiserFactory(activity=draft, organisation=co_organisation)
    return {"draft": draft, "published": published, "hidden": hidden, "link": link}


def fresh(activity):
    """The activity as the access helpers load it."""
    return Activity.objects.select_related("municipality").get(pk=activity.pk)


# Per role: view draft, view published, view hidden, edit (= publish, cancel, copy, see
# sign-ups), moderate (hide / unhide), decide the co-organiser invitation, create for the
# organisation.
PREDICATES = {
    "anonymous": (False, True, False, False, False, False, False),
    "outsider": (False, True, False, False, False, False, False),
    "member": (True, True, True, True, False, False, True),
    "org_admin": (True, True, True, True, False, False, True),
    "coordinator": (False, True, True, False, True, False, False),
    "other_coordinator": (False, True, False, False, False, False, False),
    "library_staff": (False, True, True, False, True, False, False),
    "co_organiser_admin": (False, True, False, False, False, True, False),
    "platform_admin": (True, True, True, True, True, True, True),
}


@pytest.mark.parametrize("role", ROLES)
def test_predicates(request, role, activities, organisation):
    who = person(request, role)
    view_draft, view_public, view_hidden, edit, moderate, decide, create = PREDICATES[role]
    draft, published, hidden = (
        fresh(activities["draft"]),
        fresh(activities["published"]),
        fresh(activities["hidden"]),
    )
    assert permissions.can_view_activity(who, draft) is view_draft
    assert permissions.can_view_activity(who, published) is view_public
    assert permissions.can_view_activity(who, hidden) is view_hidden
    for activity in (draft, published, hidden):
        assert permissions.can_edit_activity(who, activity) is edit
        assert permissions.can_view_signups(who, activity) is edit
        assert permissions.can_moderate_activity(who, activity) is moderate
    assert permissions.can_decide_co_organiser(who, activities["link"]) is decide
    assert permissions.can_create_activity_for(who, organisation) is create
    assert permissions.is_organiser_member(who, published) is (role in ("member", "org_admin"))
    assert permissions.is_library_staff_for(who, published) is (role == "library_staff")


def test_member_and_admin_ids(member, org_admin, organisation, co_organiser_admin):
    assert permissions.member_organisation_ids(member) == {organisation.pk}
    assert permissions.admin_organisation_ids(member) == set()
    assert permissions.admin_organisation_ids(org_admin) == {organisation.pk}
    assert permissions.member_organisation_ids(AnonymousUser()) == set()
    assert [o.pk for o in permissions.organisations_for_activities(member)] == [organisation.pk]


def test_inactive_organisations_and_pending_memberships_give_no_rights(member, organisation):
    pending = MembershipFactory(organisation=organisation, status=Membership.Status.PENDING).user
    activity = fresh(ActivityFactory(organiser=organisation, status="draft"))
    assert not permissions.can_edit_activity(pending, activity)
    assert not permissions.can_view_activity(pending, activity)
    organisation.status = Organisation.Status.INACTIVE
    organisation.save()
    assert not permissions.can_create_activity_for(member, organisation)
    assert permissions.organisations_for_activities(member) == []


def test_a_deactivated_user_loses_the_rights(member, organisation):
    activity = fresh(ActivityFactory(organiser=organisation, status="draft"))
    member.is_active = False
    member.save()
    member = type(member).objects.get(pk=member.pk)
    assert not permissions.can_edit_activity(member, activity)


def test_confirmed_co_organiser_members_see_a_draft_but_do_not_edit(organisation, co_organisation):
    activity = fresh(ActivityFactory(organiser=organisation, status="draft"))
    helper = MembershipFactory(organisation=co_organisation).user
    link = CoOrganiserFactory(activity=activity, organisation=co_organisation)
    assert not permissions.is_co_organiser_member(helper, activity)
    assert not permissions.can_view_activity(helper, activity)
    link.status = CoOrganiser.Status.CONFIRMED
    link.save()
    assert permissions.is_co_organiser_member(helper, activity)
    assert permissions.can_view_activity(helper, activity)
    assert not permissions.can_edit_activity(helper, activity)
    # A decided invitation cannot be decided again, not even by its admins.
    assert not permissions.can_decide_co_organiser(
        MembershipFactory(organisation=co_organisation, role="admin").user, link
    )


def test_staff_of_the_venue_library_moderate_in_another_municipality(organisation):
    porsgrunn = LibraryFactory(home_municipality_id="4001")
    staff = MembershipFactory(organisation=porsgrunn).user
    at_the_library = fresh(ActivityFactory(organiser=organisation, venue=porsgrunn))
    elsewhere = fresh(ActivityFactory(organiser=organisation))
    assert permissions.is_library_staff_for(staff, at_the_library)
    assert permissions.can_moderate_activity(staff, at_the_library)
    assert not permissions.can_moderate_activity(staff, elsewhere)


def test_moderators_do_not_see_drafts(coordinator, organisation):
    draft = fresh(ActivityFactory(organiser=organisation, status="draft", hidden_at=timezone.now()))
    assert not permissions.can_view_activity(coordinator, draft)


def test_can_sign_up(organisation):
    activity = ActivityFactory(organiser=organisation, signup="platform", capacity=3)
    occurrence = activity.occurrences.get()
    assert permissions.can_sign_up(activity, occurrence)
    other = ActivityFactory(organiser=organisation, signup="platform", capacity=3)
    assert not permissions.can_sign_up(activity, other.occurrences.get())
    occurrence.start = timezone.now() - datetime.timedelta(minutes=5)
    assert not permissions.can_sign_up(activity, occurrence)
    occurrence.start = timezone.now() + datetime.timedelta(days=1)
    for change in ({"status": "draft"}, {"hidden_at": timezone.now()}, {"signup": "none"}):
        changed = Activity(**{**{"status": "published", "signup": "platform"}, **change})
        changed.pk = activity.pk
        assert not permissions.can_sign_up(changed, occurrence)


def test_access_helpers(request, activities, member, user, coordinator, co_organiser_admin):
    draft, published, hidden = activities["draft"], activities["published"], activities["hidden"]
    assert permissions.activity_for_view(member, draft.pk) == draft
    assert permissions.activity_for_edit(member, draft.pk) == draft
    with pytest.raises(Http404):
        permissions.activity_for_view(user, draft.pk)
    with pytest.raises(Http404):
        permissions.activity_for_view(member, 999_999)
    with pytest.raises(Http404):
        permissions.activity_for_edit(user, draft.pk)
    with pytest.raises(PermissionDenied):
        permissions.activity_for_edit(user, published.pk)
    with pytest.raises(PermissionDenied):
        permissions.activity_for_moderation(member, published.pk)
    assert permissions.activity_for_moderation(coordinator, hidden.pk) == hidden
    with pytest.raises(Http404):
        permissions.activity_for_moderation(user, hidden.pk)
    link = activities["link"]
    assert permissions.co_organiser_link_for_decision(co_organiser_admin, link.pk) == link
    with pytest.raises(Http404):
        permissions.co_organiser_link_for_decision(member, link.pk)
    with pytest.raises(Http404):
        permissions.co_organiser_link_for_decision(co_organiser_admin, 999_999)


# --- the same over HTTP -------------------------------------------------------------------

ACTIONS = (
    # name, method, url builder
    ("edit draft", "get", lambda a: f"/aktiviteter/{a['draft'].pk}/rediger/"),
    ("edit published", "get", lambda a: f"/aktiviteter/{a['published'].pk}/rediger/"),
    ("publish", "post", lambda a: f"/aktiviteter/{a['draft'].pk}/publiser/"),
    ("copy", "post", lambda a: f"/aktiviteter/{a['published'].pk}/kopier/"),
    ("cancel", "get", lambda a: f"/aktiviteter/{a['published'].pk}/avlys/"),
    ("hide", "get", lambda a: f"/aktiviteter/{a['published'].pk}/skjul/"),
    ("unhide", "post", lambda a: f"/aktiviteter/{a['hidden'].pk}/vis/"),
    ("decide", "get", lambda a: f"/aktiviteter/medarrangor/{a['link'].pk}/"),
    ("sign-ups", "get", lambda a: f"/aktiviteter/{a['published'].pk}/pameldte/"),
)
HTTP = {
    #                     edit-d edit-p publ copy cancel hide unhide decide signups
    "anonymous": (302, 302, 302, 302, 302, 302, 302, 302, 302),
    "outsider": (404, 403, 404, 403, 403, 403, 404, 404, 403),
    "member": (200, 200, 302, 302, 200, 403, 403, 404, 200),
    "org_admin": (200, 200, 302, 302, 200, 403, 403, 404, 200),
    "coordinator": (404, 403, 404, 403, 403, 200, 302, 404, 403),
    "other_coordinator": (404, 403, 404, 403, 403, 403, 404, 404, 403),
    "library_staff": (404, 403, 404, 403, 403, 200, 302, 404, 403),
    "co_organiser_admin": (404, 403, 404, 403, 403, 403, 404, 200, 403),
    "platform_admin": (200, 200, 302, 302, 200, 200, 302, 200, 200),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("index", "action"), list(enumerate(ACTIONS)))
def test_http_matrix(request, client, activities, role, index, action):
    name, method, url = action
    who = person(request, role)
    if role != "anonymous":
        client.force_login(who)
    response = getattr(client, method)(url(activities))
    expected = HTTP[role][index]
    assert response.status_code == expected, (role, name)
    if role == "anonymous":
        assert response["Location"].startswith("/konto/")


@pytest.mark.parametrize("role", ["outsider", "coordinator", "library_staff", "co_organiser_admin"])
def test_posts_without_rights_change_nothing(request, client, activities, role):
    client.force_login(person(request, role))
    published, draft = activities["published"], activities["draft"]
    assert client.post(f"/aktiviteter/{published.pk}/avlys/", {"reason": "x"}).status_code == 403
    assert client.post(f"/aktiviteter/{draft.pk}/publiser/").status_code == 404
    assert (
        client.post(f"/aktiviteter/{published.pk}/rediger/", {"title": "Kapret"}).status_code == 403
    )
    published.refresh_from_db()
    draft.refresh_from_db()
    assert published.status == Activity.Status.PUBLISHED
    assert published.title != "Kapret"
    assert draft.status == Activity.Status.DRAFT
    assert Activity.objects.count() == 3


@pytest.mark.parametrize("role", ["outsider", "member", "other_coordinator"])
def test_hiding_without_rights_changes_nothing(request, client, activities, role):
    client.force_login(person(request, role))
    published = activities["published"]
    response = client.post(f"/aktiviteter/{published.pk}/skjul/", {"reason": "Spam"})
    assert response.status_code == 403
    published.refresh_from_db()
    assert not published.is_hidden


def test_the_decide_page_is_404_for_an_admin_of_another_organisation(client, activities):
    stranger = UserFactory()
    MembershipFactory(user=stranger, role="admin")
    client.force_login(stranger)
    link = activities["link"]
    assert client.post(f"/aktiviteter/medarrangor/{link.pk}/", {"accept": "yes"}).status_code == 404
    link.refresh_from_db()
    assert link.status == CoOrganiser.Status.PENDING
