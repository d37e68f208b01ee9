"""The hosts' pages over HTTP: who may open them, the participant list with its filters and
query count, attendance marking (full page and htmx), the CSV export, cancelling someone,
the message form and the invitation page."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from samskap.arenas.models import Registration
from tests.factories import (
    ArenaFactory,
    MembershipFactory,
    OrganisationFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def arena(hosted_arena):
    return hosted_arena


def urls(arena, registration):
    return [
        f"/en/arenaer/{arena.pk}/deltakere/",
        f"/en/arenaer/{arena.pk}/deltakere.csv",
        f"/en/arenaer/{arena.pk}/deltakere/{registration.pk}/avmeld/",
        f"/en/arenaer/{arena.pk}/melding/",
        f"/en/arenaer/{arena.pk}/inviter/",
    ]


# --- permissions ------------------------------------------------------------------------


ROLES = [
    # role fixture, status on a published arena, status on a draft
    ("host_member", 200, 200),
    ("coordinator", 200, 200),
    ("platform_admin", 200, 200),
    ("user", 403, 404),
    ("org_admin", 403, 404),
    ("member", 403, 404),
    ("other_coordinator", 403, 404),
]


@pytest.mark.parametrize(("role", "published", "drafted"), ROLES)
def test_the_pages_by_role(request, client, arena, draft, role, published, drafted):
    client.force_login(request.getfixturevalue(role))
    for the_arena, expected in ((arena, published), (draft, drafted)):
        registration = RegistrationFactory(arena=the_arena)
        for url in urls(the_arena, registration):
            assert client.get(url).status_code == expected, url
        response = client.post(
            f"/en/arenaer/{the_arena.pk}/deltakere/{registration.pk}/oppmote/",
            {"attended": "1"},
        )
        assert response.status_code == (302 if expected == 200 else expected)
        registration.refresh_from_db()
        assert registration.status == ("attended" if expected == 200 else "confirmed")


def test_anonymous_visitors_are_sent_to_log_in(client, arena, draft):
    """`arena_for_manage` would give them 403 on a published arena and 404 on a draft; the
    pages send them to log in first, which reveals nothing about drafts either."""
    with translation.override("en"):
        login = reverse("account_login") + "?next="
    for the_arena in (arena, draft):
        registration = RegistrationFactory(arena=the_arena)
        for url in urls(the_arena, registration):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(login), url
        response = client.post(
            f"/en/arenaer/{the_arena.pk}/deltakere/{registration.pk}/oppmote/",
            {"attended": "1"},
        )
        assert response.status_code == 302
        assert response["Location"].startswith(login)
        registration.refresh_from_db()
        assert registration.status == "confirmed"


def test_a_registration_of_another_arena_is_not_found(client, coordinator, arena):
    other = RegistrationFactory(arena=ArenaFactory())
    client.force_login(coordinator)
    assert client.get(f"/en/arenaer/{arena.pk}/deltakere/{other.pk}/avmeld/").status_code == 404
    response = client.post(
        f"/en/arenaer/{arena.pk}/deltakere/{other.pk}/oppmote/", {"attended": "1"}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == "confirmed"


# --- the participant list ---------------------------------------------------------------


def test_the_list_shows_counts_and_everyone_by_name(client, coordinator, arena):
    arena.capacity = 3
    arena.save()
    RegistrationFactory(arena=arena, name="Cecilie Berg", accessibility_needs="Rullestol")
    RegistrationFactory(
        arena=arena,
        name="bjorn Dahl",
        organisation=None,
        organisation_name="Lesesirkelen",
        sector="voluntary",
        dietary_needs="Glutenfri",
    )
    RegistrationFactory(arena=arena, name="Anne Ask", status="attended", attended_at=timezone.now())
    RegistrationFactory(arena=arena, name="Kari Vente", status="waitlisted")
    RegistrationFactory(arena=arena, name="Gone Away", status="cancelled")
    client.force_login(coordinator)
    response = client.get(f"/en/arenaer/{arena.pk}/deltakere/")
    assert response.status_code == 200
    counts = response.context["counts"]
    assert (counts.confirmed, counts.attended, counts.waitlisted, counts.cancelled) == (2, 1, 1, 1)
    assert counts.places_left == 0
    names = [row.registration.name for row in response.context["rows"]]
    assert names == ["Anne Ask", "bjorn Dahl", "Cecilie Berg", "Kari Vente"]
    html = response.content.decode()
    assert "Lesesirkelen" in html and "not in the directory" in html
    assert "Rullestol" in html and "Glutenfri" in html
    assert "Gone Away" not in html
    assert "Number 1 in line" in html
    assert 'aria-pressed="true"' in html  # Anne is present
    assert html.count("Mark as present") == 2  # Cecilie and Bjorn


def test_filter_by_status_and_search(client, coordinator, arena):
    RegistrationFactory(arena=arena, name="Åse Berg", email="ase@example.no")
    RegistrationFactory(arena=arena, name="Per Hansen", organisation_name="", organisation=None)
    RegistrationFactory(
        arena=arena, name="Liv Lund", organisation=OrganisationFactory(name="Bø frivilligsentral")
    )
    first = RegistrationFactory(arena=arena, name="Zed First", status="waitlisted")
    second = RegistrationFactory(arena=arena, name="Adam Second", status="waitlisted")
    Registration.objects.filter(pk=first.pk).update(waitlisted_at=timezone.now())
    Registration.objects.filter(pk=second.pk).update(
        waitlisted_at=timezone.now() + timezone.timedelta(minutes=1)
    )
    RegistrationFactory(arena=arena, name="Ola Avmeldt", status="cancelled")
    client.force_login(coordinator)
    base = f"/en/arenaer/{arena.pk}/deltakere/"

    def names(query):
        return [row.registration.name for row in client.get(base + query).context["rows"]]

    assert names("?q=frivilligsentral") == ["Liv Lund"]
    assert names("?q=ASE@example") == ["Åse Berg"]
    assert names("?q=  per   ") == ["Per Hansen"]
    assert names("?status=waitlisted") == ["Zed First", "Adam Second"]  # in line, not by name
    assert names("?status=cancelled") == ["Ola Avmeldt"]
    assert "Ola Avmeldt" in names("?status=all")
    assert names("?status=bogus") == names("")  # a bad filter shows the default list


def test_the_search_as_an_htmx_fragment(client, coordinator, arena):
    RegistrationFactory(arena=arena, name="Åse Berg")
    RegistrationFactory(arena=arena, name="Per Hansen")
    client.force_login(coordinator)
    response = client.get(f"/en/arenaer/{arena.pk}/deltakere/?q=per", **HTMX)
    html = response.content.decode()
    assert "<html" not in html and "<table" in html
    assert "Per Hansen" in html and "Åse Berg" not in html


def test_the_list_is_paginated(client, coordinator, arena):
    for n in range(55):
        RegistrationFactory(arena=arena, name=f"Deltaker {n:02}")
    client.force_login(coordinator)
    response = client.get(f"/en/arenaer/{arena.pk}/deltakere/?page=2")
    assert len(response.context["rows"]) == 5
    assert 'class="ds-pagination"' in response.content.decode()


def _query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_list_makes_a_constant_number_of_queries(client, coordinator, arena):
    url = f"/en/arenaer/{arena.pk}/deltakere/"
    client.force_login(coordinator)

    def add(n):
        for _ in range(n):
            RegistrationFactory(arena=arena, accessibility_needs="Teleslynge")
            RegistrationFactory(arena=arena, organisation=None, organisation_name="Eget lag")
            RegistrationFactory(arena=arena, status="waitlisted", waitlisted_at=timezone.now())

    add(1)
    few = _query_count(client, url)
    add(10)
    many = _query_count(client, url)
    assert few == many


# --- attendance -------------------------------------------------------------------------


def test_mark_and_unmark_attendance_with_a_full_page_post(client, host_member, arena):
    registration = RegistrationFactory(arena=arena, name="Åse Berg")
    client.force_login(host_member)
    url = f"/en/arenaer/{arena.pk}/deltakere/{registration.pk}/oppmote/"
    response = client.post(url, {"attended": "1", "back": "q=åse&status=confirmed&evil=x"})
    assert response.status_code == 302
    assert response["Location"] == (
        f"/en/arenaer/{arena.pk}/deltakere/?status=confirmed&q=%C3%A5se"
        f"#registration-{registration.pk}"
    )
    registration.refresh_from_db()
    assert registration.status == "attended"
    assert registration.attended_at is not None
    page = client.get(response["Location"])
    assert "Åse Berg is marked as present." in page.content.decode()

    client.post(url, {"attended": "1"})  # twice changes nothing
    registration.refresh_from_db()
    assert registration.status == "attended"

    response = client.post(url, {"attended": "0"})
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert registration.attended_at is None
    assert "no longer marked as present" in client.get(response["Location"]).content.decode()


def test_the_way_back_never_leaves_the_list(client, host_member, arena):
    registration = RegistrationFactory(arena=arena)
    client.force_login(host_member)
    response = client.post(
        f"/en/arenaer/{arena.pk}/deltakere/{registration.pk}/oppmote/",
        {"attended": "1", "back": "https://evil.example/?q=x"},
    )
    assert response["Location"].startswith(f"/en/arenaer/{arena.pk}/deltakere/")


def test_attendance_with_htmx_swaps_only_the_row(client, host_member, arena):
    registration = RegistrationFactory(arena=arena, name="Åse Berg")
    RegistrationFactory(arena=arena, name="Per Hansen")
    client.force_login(host_member)
    url = f"/en/arenaer/{arena.pk}/deltakere/{registration.pk}/oppmote/"
    response = client.post(url, {"attended": "1", "back": "q=berg"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="registration-{registration.pk}">')
    assert "<html" not in html and "Per Hansen" not in html
    assert 'aria-pressed="true"' in html
    assert '<input type="hidden" name="attended" value="0">' in html  # the next click undoes
    assert 'name="back" value="q=berg"' in html
    assert 'id="participant-counts" hx-swap-oob="innerHTML"' in html
    assert response.context["counts"].attended == 1
    registration.refresh_from_db()
    assert registration.status == "attended"

    response = client.post(url, {"attended": "0"}, **HTMX)
    assert "Mark as present" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "confirmed"


@pytest.mark.parametrize("status", ["waitlisted", "cancelled"])
def test_only_people_with_a_place_can_be_marked(client, host_member, arena, status):
    registration = RegistrationFactory(arena=arena, name="Kari Vente", status=status)
    client.force_login(host_member)
    url = f"/en/arenaer/{arena.pk}/deltakere/{registration.pk}/oppmote/"
    response = client.post(url, {"attended": "1"}, follow=True)
    html = response.content.decode()
    assert "Only people with a place can be marked as present." in html
    assert "Kari Vente" in html
    response = client.post(url, {"attended": "1"}, **HTMX)
    assert 'role="alert"' in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == status
    assert registration.attended_at is None


def test_attendance_rejects_a_bad_value(client, host_member, arena):
    registration = RegistrationFactory(arena=arena)
    client.force_login(host_member)
    response = client.post(
        f"/en/arenaer/{arena.pk}/deltakere/{registration.pk}/oppmote/",
        {"attended": "maybe"},
        follow=True,
    )
    assert "could not be read" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_attendance_needs_post(client, host_member, arena):
    registration = RegistrationFactory(arena=arena)
    client.force_login(host_member)
    response = client.get(f"/en/arenaer/{arena.pk}/deltakere/{registration.pk}/oppmote/")
    assert response.status_code == 405


# --- CSV --------------------------------------------------------------------------------


def test_the_csv_export(client, coordinator, arena):
    attended = RegistrationFactory(
        arena=arena,
        name='=HYPERLINK("http://evil")',
        role="+leder",
        accessibility_needs="@rullestol",
        dietary_needs="-laktose",
        status="attended",
        attended_at=timezone.now(),
        show_to_participants=True,
    )
    RegistrationFactory(
        arena=arena,
        name="Kari Vente",
        organisation=None,
        organisation_name="\tLesesirkelen",
        status="waitlisted",
        waitlisted_at=timezone.now(),
    )
    RegistrationFactory(arena=arena, name="Ola Avmeldt", status="cancelled")
    client.force_login(coordinator)
    response = client.get(f"/en/arenaer/{arena.pk}/deltakere.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content[1:]), delimiter=";"))
    header = rows[0]
    assert header[:3] == ["Name", "E-mail", "Organisation"]
    assert "Status" in header and "Marked present" in header
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert len(by_name) == 3
    evil = by_name['\'=HYPERLINK("http://evil")']
    assert evil["Role or position"] == "'+leder"
    assert evil["Accessibility needs"] == "'@rullestol"
    assert evil["Food and allergies"] == "'-laktose"
    assert evil["Status"] == "Attended"
    assert evil["Shows name to other participants"] == "Yes"
    assert evil["Organisation"] == attended.organisation.name
    assert evil["In the directory"] == "Yes"
    assert evil["Marked present"] == timezone.localtime(attended.attended_at).strftime(
        "%d.%m.%Y %H:%M"
    )
    waiting = by_name["Kari Vente"]
    assert waiting["Organisation"] == "'\tLesesirkelen"
    assert waiting["In the directory"] == "No"
    assert waiting["Place on the waiting list"] == "1"
    assert waiting["Municipality"] == "Skien"
    assert by_name["Ola Avmeldt"]["Status"] == "Cancelled"


def test_the_csv_headers_are_translated(client, coordinator, arena):
    RegistrationFactory(arena=arena)
    client.force_login(coordinator)
    english = client.get(f"/en/arenaer/{arena.pk}/deltakere.csv").content.decode("utf-8")
    bokmal = client.get(f"/arenaer/{arena.pk}/deltakere.csv").content.decode("utf-8")
    assert english.startswith("\ufeffName;E-mail;")
    assert bokmal.startswith("\ufeffNavn;E-post;")


# --- cancelling -------------------------------------------------------------------------


def test_a_host_cancels_and_the_waitlist_moves_up(
    client, host_member, arena, django_capture_on_commit_callbacks, mailoutbox
):
    arena.capacity = 1
    arena.save()
    holder = RegistrationFactory(arena=arena, name="Åse Berg")
    waiting = RegistrationFactory(
        arena=arena, name="Kari Vente", status="waitlisted", waitlisted_at=timezone.now()
    )
    client.force_login(host_member)
    url = f"/en/arenaer/{arena.pk}/deltakere/{holder.pk}/avmeld/"
    page = client.get(url + "?back=status%3Dconfirmed")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Cancel the registration of Åse Berg" in html
    assert "first person on the waiting list" in html
    assert 'name="back" value="status=confirmed"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"back": "status=confirmed"})
    assert response.status_code == 302
    assert response["Location"] == f"/en/arenaer/{arena.pk}/deltakere/?status=confirmed"
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert holder.status == "cancelled"
    assert waiting.status == "confirmed"
    html = client.get(response["Location"]).content.decode()
    assert "The registration of Åse Berg is cancelled." in html
    assert "Kari Vente, first on the waiting list, got the place" in html


def test_cancelling_a_cancelled_registration_says_so(client, host_member, arena):
    registration = RegistrationFactory(arena=arena, name="Ola Avmeldt", status="cancelled")
    client.force_login(host_member)
    response = client.get(
        f"/en/arenaer/{arena.pk}/deltakere/{registration.pk}/avmeld/", follow=True
    )
    assert "already cancelled" in response.content.decode()


# --- the message page -------------------------------------------------------------------


def test_the_message_page_sends_and_confirms(
    client, host_member, arena, django_capture_on_commit_callbacks, mailoutbox
):
    RegistrationFactory(arena=arena)
    RegistrationFactory(arena=arena, status="attended", attended_at=timezone.now())
    RegistrationFactory(arena=arena, status="waitlisted", waitlisted_at=timezone.now())
    client.force_login(host_member)
    url = f"/en/arenaer/{arena.pk}/melding/"
    page = client.get(url).content.decode()
    assert "Send it to the waiting list too" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"subject": "Husk", "body": "Ta med kaffekopp."})
    assert response.status_code == 302
    assert len(mailoutbox) == 2
    assert "The message is being sent to 2 people." in client.get(url).content.decode()


def test_the_message_form_keeps_what_was_typed(client, host_member, arena, mailoutbox):
    RegistrationFactory(arena=arena)
    client.force_login(host_member)
    response = client.post(
        f"/en/arenaer/{arena.pk}/melding/", {"subject": "x" * 201, "body": "Teksten min"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Teksten min" in html
    assert "ds-error-summary" in html
    assert mailoutbox == []


def test_a_message_with_no_one_to_send_to(client, host_member, arena, mailoutbox):
    client.force_login(host_member)
    response = client.post(f"/en/arenaer/{arena.pk}/melding/", {"subject": "Hei", "body": "Hei"})
    assert response.status_code == 200
    assert "no one to send the message to" in response.content.decode()


# --- the invitation page ----------------------------------------------------------------


def test_the_invitation_page_lists_and_filters(client, coordinator, arena):
    invited = OrganisationFactory(name="Allerede invitert")
    arena.invited_organisations.add(invited)
    OrganisationFactory(name="Bø bibliotek", kind="library")
    OrganisationFactory(name="Notodden frivilligsentral", kind="volunteer_centre")
    OrganisationFactory(name="Larvik lag", home_municipality_id="3907")  # Vestfold
    client.force_login(coordinator)
    url = f"/en/arenaer/{arena.pk}/inviter/"
    response = client.get(url)
    assert [o.name for o in response.context["invited"]] == ["Allerede invitert"]
    candidates = [o.name for o in response.context["page_obj"]]
    assert "Bø bibliotek" in candidates and "Notodden frivilligsentral" in candidates
    assert "Allerede invitert" not in candidates and "Larvik lag" not in candidates
    response = client.get(url + "?sector=library")
    assert "Bø bibliotek" in [o.name for o in response.context["page_obj"]]
    assert "Notodden frivilligsentral" not in [o.name for o in response.context["page_obj"]]
    response = client.get(url + "?kind=volunteer_centre&q=notodden", **HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert "Notodden frivilligsentral" in html and "Bø bibliotek" not in html


def test_the_invitation_page_makes_a_constant_number_of_queries(client, coordinator, arena):
    url = f"/en/arenaer/{arena.pk}/inviter/"
    client.force_login(coordinator)
    arena.invited_organisations.add(OrganisationFactory())
    OrganisationFactory()
    few = _query_count(client, url)
    arena.invited_organisations.add(*[OrganisationFactory() for _ in range(8)])
    for _ in range(8):
        OrganisationFactory(kind="library")
    assert _query_count(client, url) == few


def test_inviting_from_the_page(
    client, coordinator, arena, django_capture_on_commit_callbacks, mailoutbox
):
    with_admin = OrganisationFactory(name="Bø bibliotek", kind="library")
    MembershipFactory(organisation=with_admin, role="admin", user__email="boadmin@example.no")
    nobody = OrganisationFactory(name="Stille lag", contact_email="")
    client.force_login(coordinator)
    url = f"/en/arenaer/{arena.pk}/inviter/?sector=library"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"organisations": [with_admin.pk, nobody.pk]})
    assert response.status_code == 302
    assert response["Location"] == f"/en/arenaer/{arena.pk}/inviter/?sector=library"
    assert set(arena.invited_organisations.all()) == {with_admin, nobody}
    assert [m.to for m in mailoutbox] == [["boadmin@example.no"]]
    html = client.get(response["Location"]).content.decode()
    assert "2 organisations are invited. 1 e-mail is being sent." in html
    assert "Stille lag" in html and "no administrator on Samskap" in html


def test_inviting_a_whole_sector(
    client, coordinator, arena, django_capture_on_commit_callbacks, mailoutbox
):
    first = OrganisationFactory(name="Bø bibliotek", kind="library", contact_email="bo@example.no")
    second = OrganisationFactory(
        name="Seljord bibliotek", kind="library_branch", contact_email="seljord@example.no"
    )
    other = OrganisationFactory(name="Frivillig lag", contact_email="lag@example.no")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/arenaer/{arena.pk}/inviter/", {"all_of_sector": "library"})
    invited = set(arena.invited_organisations.all())
    assert {first, second} <= invited
    assert other not in invited
    assert {"bo@example.no", "seljord@example.no"} <= {m.to[0] for m in mailoutbox}


def test_inviting_needs_a_choice(client, coordinator, arena, mailoutbox):
    client.force_login(coordinator)
    response = client.post(f"/en/arenaer/{arena.pk}/inviter/", {})
    assert response.status_code == 200
    assert "Tick the organisations to invite, or choose a sector." in response.content.decode()
    assert mailoutbox == []


def test_a_draft_cannot_invite(client, coordinator, draft, mailoutbox):
    organisation = OrganisationFactory(contact_email="lag@example.no")
    client.force_login(coordinator)
    page = client.get(f"/en/arenaer/{draft.pk}/inviter/").content.decode()
    assert "Publish the arena before inviting anyone" in page
    response = client.post(f"/en/arenaer/{draft.pk}/inviter/", {"organisations": [organisation.pk]})
    assert response.status_code == 200
    assert not draft.invited_organisations.exists()
    assert mailoutbox == []


def test_an_organisation_from_another_county_cannot_be_posted(client, coordinator, arena):
    vestfold = OrganisationFactory(home_municipality_id="3907")
    client.force_login(coordinator)
    response = client.post(f"/en/arenaer/{arena.pk}/inviter/", {"organisations": [vestfold.pk]})
    assert response.status_code == 200
    assert "cannot be invited" in response.content.decode()
    assert not arena.invited_organisations.exists()
