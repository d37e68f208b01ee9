"""The hosts' services: attendance, a message to the participants, invitations — and the
e-mails they send, in each recipient's language."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samskap.arenas.models import Arena, Registration
from samskap.arenas.services import hosting as services
from samskap.arenas.tokens import registration_from_token
from tests.factories import (
    ArenaFactory,
    MembershipFactory,
    OrganisationFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

NORWEGIAN_WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://samskap.example"


@pytest.fixture
def arena():
    return ArenaFactory(title="Samskapingsarena Telemark")


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run a service and the e-mail tasks it queues on commit."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


def _personal_link(body):
    match = re.search(r"https://samskap\.example(\S*)/meg/(\S+)/", body)
    assert match, body
    return match


# --- attendance -------------------------------------------------------------------------


def test_attendance_marks_and_unmarks(arena, coordinator):
    registration = RegistrationFactory(arena=arena)
    marked = services.registration_attendance_set(
        registration=registration, attended=True, by=coordinator
    )
    assert marked.status == Registration.Status.ATTENDED
    first_time = marked.attended_at
    assert first_time is not None
    again = services.registration_attendance_set(
        registration=registration, attended=True, by=coordinator
    )
    assert again.attended_at == first_time  # a second click keeps the first time
    unmarked = services.registration_attendance_set(
        registration=registration, attended=False, by=coordinator
    )
    registration.refresh_from_db()
    assert unmarked.status == registration.status == Registration.Status.CONFIRMED
    assert registration.attended_at is None


@pytest.mark.parametrize("status", ["waitlisted", "cancelled"])
def test_attendance_needs_a_place(arena, coordinator, status):
    registration = RegistrationFactory(arena=arena, status=status, name="Kari")
    with pytest.raises(ValidationError) as error:
        services.registration_attendance_set(
            registration=registration, attended=True, by=coordinator
        )
    assert error.value.code == "no_place"
    assert "Kari" in error.value.messages[0]
    registration.refresh_from_db()
    assert registration.status == status


# --- a message to the participants ------------------------------------------------------


def test_a_message_goes_to_everyone_with_a_place(arena, coordinator, send, mailoutbox):
    confirmed = RegistrationFactory(arena=arena, email="a@example.no")
    attended = RegistrationFactory(
        arena=arena, email="b@example.no", status="attended", attended_at=timezone.now()
    )
    RegistrationFactory(arena=arena, email="c@example.no", status="waitlisted")
    RegistrationFactory(arena=arena, email="d@example.no", status="cancelled")
    RegistrationFactory(email="other-arena@example.no")
    count = send(
        services.participants_message,
        arena=arena,
        subject="Husk kaffekopp",
        body="Hei alle!\n\nTa med kaffekopp.",
        include_waitlist=False,
        by=coordinator,
    )
    assert count == 2
    assert sorted(m.to[0] for m in mailoutbox) == [confirmed.email, attended.email]


def test_the_waiting_list_only_when_asked(arena, coordinator, send, mailoutbox):
    RegistrationFactory(arena=arena, email="a@example.no")
    RegistrationFactory(arena=arena, email="c@example.no", status="waitlisted")
    count = send(
        services.participants_message,
        arena=arena,
        subject="Hei",
        body="Tekst",
        include_waitlist=True,
        by=coordinator,
    )
    assert count == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.no", "c@example.no"]


def test_a_message_in_bokmal(arena, coordinator, send, mailoutbox):
    registration = RegistrationFactory(arena=arena, name="Åse Berg", language="nb")
    send(
        services.participants_message,
        arena=arena,
        subject="Husk kaffekopp",
        body="Hei alle!\n\nTa med <kaffekopp> & godt humør.",
        include_waitlist=False,
        by=coordinator,
    )
    (mail,) = mailoutbox
    assert mail.subject == "[Samskap] Husk kaffekopp – Samskapingsarena Telemark"
    assert "Åse Berg" in mail.body
    assert "Hei alle!\n\nTa med <kaffekopp> & godt humør." in mail.body  # as written
    assert "Samskapingsarena Telemark" in mail.body
    assert any(day in mail.body for day in NORWEGIAN_WEEKDAYS)
    assert timezone.localtime(arena.starts_at).strftime("%H:%M") in mail.body
    link = _personal_link(mail.body)
    assert link.group(1) == f"/arenaer/{arena.pk}"
    assert registration_from_token(link.group(2)).pk == registration.pk


def test_a_message_in_english(arena, coordinator, send, mailoutbox):
    RegistrationFactory(arena=arena, name="Ann Smith", language="en", status="waitlisted")
    send(
        services.participants_message,
        arena=arena,
        subject="Reminder",
        body="Bring a cup.",
        include_waitlist=True,
        by=coordinator,
    )
    (mail,) = mailoutbox
    assert "Hello Ann Smith," in mail.body
    assert "Your registration – see, change or cancel it:" in mail.body
    assert "You are on the waiting list." in mail.body
    assert _personal_link(mail.body).group(1) == f"/en/arenaer/{arena.pk}"


def test_a_message_in_nynorsk(arena, coordinator, send, mailoutbox):
    RegistrationFactory(arena=arena, name="Nils Nynorsk", language="nn")
    send(
        services.participants_message,
        arena=arena,
        subject="Hugs kaffikopp",
        body="Ta med kaffikopp.",
        include_waitlist=False,
        by=coordinator,
    )
    (mail,) = mailoutbox
    assert _personal_link(mail.body).group(1) == f"/nn/arenaer/{arena.pk}"
    assert "Ta med kaffikopp." in mail.body
    assert "Påmeldinga di" in mail.body
    assert "Du får denne e-posten fordi du melde deg på" in mail.body


def test_someone_who_cancels_before_the_task_runs_gets_nothing(arena, mailoutbox):
    from samskap.arenas.notifications.hosting import send_host_message

    registration = RegistrationFactory(arena=arena, status="cancelled")
    send_host_message.call(registration.pk, "Hei", "Tekst")
    send_host_message.call(999999, "Hei", "Tekst")
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("subject", "body", "field"),
    [
        ("", "Tekst", "subject"),
        ("   ", "Tekst", "subject"),
        ("x" * 201, "Tekst", "subject"),
        ("Hei", "", "body"),
        ("Hei", "x" * 5001, "body"),
    ],
)
def test_a_message_within_limits(arena, coordinator, send, mailoutbox, subject, body, field):
    RegistrationFactory(arena=arena)
    with pytest.raises(ValidationError) as error:
        send(
            services.participants_message,
            arena=arena,
            subject=subject,
            body=body,
            include_waitlist=False,
            by=coordinator,
        )
    assert field in error.value.message_dict
    assert mailoutbox == []


def test_a_message_at_the_limits(arena, coordinator, send, mailoutbox):
    RegistrationFactory(arena=arena)
    count = send(
        services.participants_message,
        arena=arena,
        subject="x" * 200,
        body="y" * 5000,
        include_waitlist=False,
        by=coordinator,
    )
    assert count == 1
    assert "y" * 5000 in mailoutbox[0].body


# --- invitations ------------------------------------------------------------------------


def test_invitations_go_to_admins_in_their_language_and_the_contact_address(
    arena, coordinator, send, mailoutbox
):
    organisation = OrganisationFactory(
        name="Bø frivilligsentral", contact_email="post@bo.example.no", contact_name="Post Bø"
    )
    MembershipFactory(
        organisation=organisation, role="admin", user__email="en@example.no", user__language="en"
    )
    MembershipFactory(
        organisation=organisation, role="admin", user__email="nb@example.no", user__language="nb"
    )
    MembershipFactory(organisation=organisation, role="member", user__email="member@example.no")
    MembershipFactory(
        organisation=organisation, role="admin", status="pending", user__email="p@example.no"
    )
    MembershipFactory(
        organisation=organisation,
        role="admin",
        user__email="gone@example.no",
        user__is_active=False,
    )
    count = send(services.arena_invite, arena=arena, organisations=[organisation], by=coordinator)
    assert count == 3
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_address) == {"en@example.no", "nb@example.no", "post@bo.example.no"}
    english = by_address["en@example.no"]
    assert english.subject == "[Samskap] Invitation: Samskapingsarena Telemark"
    assert "Bø frivilligsentral is invited to an arena in Telemark" in english.body
    assert f"https://samskap.example/en/arenaer/{arena.pk}/pamelding/" in english.body
    assert "Digital" in english.body and "Co-creation arena" in english.body
    assert arena.description in english.body
    for address in ("nb@example.no", "post@bo.example.no"):
        body = by_address[address].body
        assert f"https://samskap.example/arenaer/{arena.pk}/pamelding/" in body
        assert any(day in body for day in NORWEGIAN_WEEKDAYS)
    assert "Post Bø" in by_address["post@bo.example.no"].body
    assert list(arena.invited_organisations.all()) == [organisation]


def test_the_contact_address_is_not_e_mailed_twice(arena, coordinator, send, mailoutbox):
    organisation = OrganisationFactory(contact_email="Admin@Example.no")
    MembershipFactory(organisation=organisation, role="admin", user__email="admin@example.no")
    assert (
        send(services.arena_invite, arena=arena, organisations=[organisation], by=coordinator) == 1
    )
    assert [m.to for m in mailoutbox] == [["admin@example.no"]]


def test_an_invitation_in_nynorsk(arena, coordinator, send, mailoutbox):
    organisation = OrganisationFactory(name="Seljord sogelag", contact_email="")
    MembershipFactory(organisation=organisation, role="admin", user__language="nn")
    send(services.arena_invite, arena=arena, organisations=[organisation], by=coordinator)
    (mail,) = mailoutbox
    assert f"https://samskap.example/nn/arenaer/{arena.pk}/pamelding/" in mail.body
    assert "Seljord sogelag er invitert til ein arena i Telemark" in mail.body
    assert "Meld deg på her:" in mail.body


def test_an_organisation_without_addresses_is_invited_but_named(
    arena, coordinator, send, mailoutbox
):
    from samskap.arenas.selectors.hosting import organisations_without_address

    silent = OrganisationFactory(name="Stille lag", contact_email="")
    loud = OrganisationFactory(name="Høylytt lag", contact_email="hoy@example.no")
    count = send(services.arena_invite, arena=arena, organisations=[silent, loud], by=coordinator)
    assert count == 1
    assert set(arena.invited_organisations.all()) == {silent, loud}
    assert organisations_without_address([silent, loud]) == ["Stille lag"]


def test_inviting_twice_in_one_call_sends_once(arena, coordinator, send, mailoutbox):
    organisation = OrganisationFactory(contact_email="lag@example.no")
    count = send(
        services.arena_invite,
        arena=arena,
        organisations=[organisation, organisation],
        by=coordinator,
    )
    assert count == 1
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"status": Arena.Status.DRAFT}, "not_published"),
        ({"status": Arena.Status.CANCELLED}, "not_published"),
        (
            {
                "registration_opens": timezone.now() - datetime.timedelta(days=3),
                "registration_closes": timezone.now() - datetime.timedelta(minutes=1),
            },
            "closed",
        ),
    ],
)
def test_no_invitations_when_registration_cannot_happen(
    coordinator, send, mailoutbox, changes, code
):
    arena = ArenaFactory(**changes)
    organisation = OrganisationFactory(contact_email="lag@example.no")
    with pytest.raises(ValidationError) as error:
        send(services.arena_invite, arena=arena, organisations=[organisation], by=coordinator)
    assert error.value.code == code
    assert not arena.invited_organisations.exists()
    assert mailoutbox == []


def test_inviting_nobody_is_an_error(arena, coordinator):
    with pytest.raises(ValidationError) as error:
        services.arena_invite(arena=arena, organisations=[], by=coordinator)
    assert error.value.code == "empty"
