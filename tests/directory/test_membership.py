"""Asking to join an organisation, and its administrators managing members."""

import pytest

from samskap.directory.models import Membership
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def join_url(organisation):
    return f"/en/aktorer/{organisation.slug}/bli-medlem/"


def members_url(organisation):
    return f"/en/aktorer/{organisation.slug}/medlemmer/"


# --- asking to join ---------------------------------------------------------------------


def test_join_page(client, user, organisation):
    client.force_login(user)
    response = client.get(join_url(organisation))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ask to join Skien Røde Kors</h1>" in html
    assert 'name="message"' in html


def test_asking_to_join_creates_a_pending_membership_and_mails_the_admins(
    client, user, organisation, org_admin, django_capture_on_commit_callbacks, mailoutbox
):
    org_admin.language = "nn"
    org_admin.save()
    second_admin = MembershipFactory(
        organisation=organisation, role="admin", user__language="en"
    ).user
    MembershipFactory(organisation=organisation)  # an ordinary member gets nothing
    user.name = "Ola Nordmann"
    user.save()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(join_url(organisation), {"message": "Jeg er besøksvenn."})
    assert response.status_code == 302
    assert response["Location"] == f"/en/aktorer/{organisation.slug}/"
    membership = Membership.objects.get(user=user)
    assert (membership.status, membership.role) == ("pending", "member")
    assert membership.message == "Jeg er besøksvenn."

    assert sorted(m.to[0] for m in mailoutbox) == sorted([org_admin.email, second_admin.email])
    by_recipient = {m.to[0]: m for m in mailoutbox}
    nynorsk = by_recipient[org_admin.email]
    assert "http://127.0.0.1:8000/nn/aktorer/skien-rode-kors/medlemmer/" in nynorsk.body
    assert "Ola Nordmann" in nynorsk.body
    assert "Jeg er besøksvenn." in nynorsk.body
    assert "Ola Nordmann" in nynorsk.subject
    assert "\n" not in nynorsk.subject
    english = by_recipient[second_admin.email]
    assert "http://127.0.0.1:8000/en/aktorer/skien-rode-kors/medlemmer/" in english.body
    assert "/nn/" not in english.body


def test_bokmal_admin_gets_a_link_without_prefix(
    client, user, organisation, org_admin, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(join_url(organisation))
    assert len(mailoutbox) == 1
    assert "http://127.0.0.1:8000/aktorer/skien-rode-kors/medlemmer/" in mailoutbox[0].body


def test_no_mail_before_the_transaction_commits(
    client, user, organisation, org_admin, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(join_url(organisation))
    assert len(callbacks) == 1
    assert mailoutbox == []


def test_asking_twice_does_not_duplicate(
    client, user, organisation, org_admin, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(join_url(organisation))
        second = client.post(join_url(organisation), {"message": "Again"})
    assert second.status_code == 302
    assert Membership.objects.filter(user=user).count() == 1
    assert len(mailoutbox) == 1
    page = client.get(second["Location"]).content.decode()
    assert "You have already asked to join" in page


def test_join_through_htmx_returns_the_membership_box(client, user, organisation, org_admin):
    client.force_login(user)
    response = client.post(join_url(organisation), {"message": ""}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.strip().startswith('<div id="membership"')
    assert "waiting for approval" in html
    assert Membership.objects.get(user=user).status == "pending"


def test_profile_has_an_htmx_join_form(client, user, organisation):
    client.force_login(user)
    html = client.get(f"/en/aktorer/{organisation.slug}/").content.decode()
    assert f'action="/en/aktorer/{organisation.slug}/bli-medlem/"' in html
    assert f'hx-post="/en/aktorer/{organisation.slug}/bli-medlem/"' in html
    assert 'hx-target="#membership"' in html


def test_over_long_join_message_is_refused(client, user, organisation):
    client.force_login(user)
    response = client.post(join_url(organisation), {"message": "m" * 1001})
    assert response.status_code == 200
    html = response.content.decode()
    assert "at most 1000 characters" in html
    assert "m" * 1001 in html
    assert not Membership.objects.filter(user=user).exists()
    fragment = client.post(join_url(organisation), {"message": "m" * 1001}, **HTMX)
    assert "at most 1000 characters" in fragment.content.decode()
    assert not Membership.objects.filter(user=user).exists()


def test_members_are_told_they_already_are(client, member, organisation):
    client.force_login(member)
    response = client.post(join_url(organisation))
    assert response.status_code == 302
    assert "already a member" in client.get(response["Location"]).content.decode()


def test_cannot_join_an_inactive_organisation(client, coordinator, organisation):
    organisation.status = "inactive"
    organisation.save()
    client.force_login(coordinator)
    response = client.post(join_url(organisation))
    assert response.status_code == 302
    assert not Membership.objects.filter(user=coordinator).exists()


# --- managing members -------------------------------------------------------------------


@pytest.fixture
def pending(organisation):
    return MembershipFactory(
        organisation=organisation,
        status=Membership.Status.PENDING,
        user__name="Per Søker",
        user__language="en",
        message="<script>alert(1)</script>",
    )


def test_members_page_lists_requests_and_members(client, org_admin, member, pending, organisation):
    client.force_login(org_admin)
    response = client.get(members_url(organisation))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Members of Skien Røde Kors</h1>" in html
    assert "1 request waiting for approval" in html
    assert "Per Søker" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html
    assert "2 members" in html
    assert member.email in html and org_admin.email in html
    assert '<th scope="col">' in html and '<caption id="members-table">' in html


def act(client, organisation, membership, action, **headers):
    return client.post(
        members_url(organisation), {"membership": membership.pk, "action": action}, **headers
    )


def test_approve_mails_the_new_member_in_their_language(
    client, org_admin, pending, organisation, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, organisation, pending, "approve")
    assert response.status_code == 302
    assert response["Location"] == members_url(organisation)
    pending.refresh_from_db()
    assert pending.status == "active"
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [pending.user.email]
    assert "http://127.0.0.1:8000/en/aktorer/skien-rode-kors/" in mail.body
    assert "Skien Røde Kors" in mail.subject
    assert "Per Søker is now a member." in client.get(response["Location"]).content.decode()


def test_reject_deletes_the_request(client, org_admin, pending, organisation, mailoutbox):
    client.force_login(org_admin)
    act(client, organisation, pending, "reject")
    assert not Membership.objects.filter(pk=pending.pk).exists()


def test_cannot_reject_an_active_member(client, org_admin, member, organisation):
    client.force_login(org_admin)
    response = act(client, organisation, Membership.objects.get(user=member), "reject")
    assert response.status_code == 302
    assert Membership.objects.filter(user=member).exists()
    assert "Only requests waiting for approval" in client.get(response["Location"]).content.decode()


def test_change_roles(client, org_admin, member, organisation):
    client.force_login(org_admin)
    membership = Membership.objects.get(user=member)
    act(client, organisation, membership, "make_admin")
    membership.refresh_from_db()
    assert membership.role == "admin"
    act(client, organisation, membership, "make_member")
    membership.refresh_from_db()
    assert membership.role == "member"


def test_remove_member(client, org_admin, member, organisation):
    client.force_login(org_admin)
    act(client, organisation, Membership.objects.get(user=member), "remove")
    assert not Membership.objects.filter(user=member).exists()


@pytest.mark.parametrize("action", ["make_member", "remove"])
def test_the_last_admin_stays(client, org_admin, organisation, action):
    client.force_login(org_admin)
    membership = Membership.objects.get(user=org_admin)
    response = act(client, organisation, membership, action)
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "admin"
    page = client.get(response["Location"]).content.decode()
    assert "must always have at least one administrator" in page


def test_platform_admin_cannot_remove_the_last_admin_either(
    client, platform_admin, org_admin, organisation
):
    client.force_login(platform_admin)
    act(client, organisation, Membership.objects.get(user=org_admin), "remove")
    assert Membership.objects.filter(user=org_admin, role="admin").exists()


def test_an_admin_may_step_down_when_another_admin_remains(client, org_admin, organisation):
    MembershipFactory(organisation=organisation, role="admin")
    client.force_login(org_admin)
    response = act(client, organisation, Membership.objects.get(user=org_admin), "make_member")
    assert response.status_code == 302
    assert response["Location"] == f"/en/aktorer/{organisation.slug}/"
    assert Membership.objects.get(user=org_admin).role == "member"
    htmx = act(client, organisation, Membership.objects.get(user=org_admin), "remove", **HTMX)
    assert htmx.status_code == 403  # no longer an admin


def test_htmx_step_down_redirects_the_browser(client, org_admin, organisation):
    MembershipFactory(organisation=organisation, role="admin")
    client.force_login(org_admin)
    response = act(client, organisation, Membership.objects.get(user=org_admin), "remove", **HTMX)
    assert response["HX-Redirect"] == f"/en/aktorer/{organisation.slug}/"


def test_htmx_action_returns_the_members_fragment(client, org_admin, pending, organisation):
    client.force_login(org_admin)
    response = act(client, organisation, pending, "approve", **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="members-feedback" hx-swap-oob="innerHTML"' in html
    assert "Per Søker is now a member." in html
    assert "No one is waiting for approval." in html


def test_htmx_refusal_is_shown_in_the_fragment(client, org_admin, organisation):
    client.force_login(org_admin)
    response = act(client, organisation, Membership.objects.get(user=org_admin), "remove", **HTMX)
    html = response.content.decode()
    assert "must always have at least one administrator" in html
    assert 'data-color="danger"' in html


def test_htmx_get_of_members_page_returns_fragment(client, org_admin, organisation):
    client.force_login(org_admin)
    html = client.get(members_url(organisation), **HTMX).content.decode()
    assert "<html" not in html
    assert "Requests to join" in html


def test_memberships_of_other_organisations_cannot_be_touched(client, org_admin, organisation):
    elsewhere = MembershipFactory()  # in another organisation
    client.force_login(org_admin)
    response = act(client, organisation, elsewhere, "remove")
    assert response.status_code == 302
    assert Membership.objects.filter(pk=elsewhere.pk).exists()
    assert "was not found" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "data",
    [{}, {"membership": "abc", "action": "remove"}, {"membership": "1", "action": "explode"}],
)
def test_malformed_actions(client, org_admin, organisation, data):
    client.force_login(org_admin)
    response = client.post(members_url(organisation), data)
    assert response.status_code == 302
    assert Membership.objects.filter(user=org_admin).exists()


def test_actions_require_csrf(org_admin, member, organisation):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(org_admin)
    response = act(client, organisation, Membership.objects.get(user=member), "remove")
    assert response.status_code == 403
    assert Membership.objects.filter(user=member).exists()


def test_the_only_admin_gets_no_step_down_buttons(client, org_admin, organisation):
    client.force_login(org_admin)
    html = client.get(members_url(organisation)).content.decode()
    assert "the only administrator" in html
    assert 'value="make_member"' not in html
    MembershipFactory(organisation=organisation, role="admin", user=UserFactory(name="Åse"))
    html = client.get(members_url(organisation)).content.decode()
    assert "the only administrator" not in html
    assert html.count('value="make_member"') == 2


def test_a_failing_mail_server_does_not_lose_the_request(
    client, user, organisation, org_admin, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP is down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(join_url(organisation))
    assert response.status_code == 302
    assert Membership.objects.get(user=user).status == "pending"


def test_leaving_a_private_organisation_goes_back_to_the_directory(
    client, org_admin, private_organisation
):
    MembershipFactory(organisation=private_organisation, role="admin")
    client.force_login(org_admin)
    response = act(client, private_organisation, Membership.objects.get(user=org_admin), "remove")
    assert response.status_code == 302
    assert response["Location"] == "/en/aktorer/"
    assert not Membership.objects.filter(user=org_admin).exists()
