"""The registration form, the personal page behind the signed link, and changing and
cancelling through it."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from samskap.arenas import participants, tokens
from samskap.arenas.models import Arena, Registration
from tests.factories import (
    ArenaFactory,
    MembershipFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
)


@pytest.fixture
def arena(db):
    return ArenaFactory(capacity=2, title="Samskaping i Telemark")


def register_url(arena, prefix="/en"):
    return f"{prefix}/arenaer/{arena.pk}/pamelding/"


def personal_url(registration, prefix="/en", suffix=""):
    return (
        f"{prefix}/arenaer/{registration.arena_id}/meg/{tokens.make_token(registration)}/{suffix}"
    )


def form_data(**overrides):
    values = {
        "name": "Kari Nordmann",
        "email": "kari@example.no",
        "role": "Bibliotekar",
        "organisation_name": "Ukjent lag",
        "sector": "voluntary",
        "municipality": "4003",
        "accessibility_needs": "",
        "dietary_needs": "Vegetar",
    }
    values.update(overrides)
    return values


# --- the form -----------------------------------------------------------------------------


def test_the_form_page(client, arena):
    OrganisationFactory(name="Skien bibliotek", kind="library", home_municipality_id="4003")
    OrganisationFactory(name="Tønsberg bibliotek", kind="library", home_municipality_id="3905")
    response = client.get(register_url(arena))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'list="arena-organisations"' in html
    assert '<option value="Skien bibliotek">' in html
    assert "Tønsberg bibliotek" not in html  # only the county's organisations are suggested
    assert 'name="show_to_participants"' in html
    assert (
        'name="show_to_participants" class="ds-input" id="id_show_to_participants" checked'
        not in html
    )
    assert "checked" not in html.split('id="id_show_to_participants"')[0].rsplit("<input", 1)[1]
    assert "2 places left" in html
    assert "<legend" in html and 'type="radio"' in html
    # The county's municipalities come first.
    telemark = html.index('<optgroup label="Telemark">')
    others = html.index('<optgroup label="Other municipalities">')
    assert telemark < others
    assert html.index('value="4003"') < others < html.index('value="3905"')
    assert "Privacy" in html


def test_register_and_land_on_the_personal_page(
    client, arena, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(arena), form_data(), follow=True)
    assert response.status_code == 200
    registration = Registration.objects.get()
    assert registration.language == "en"
    assert registration.organisation is None
    assert registration.organisation_name == "Ukjent lag"
    assert registration.dietary_needs == "Vegetar"
    assert registration.show_to_participants is False
    path, _status = response.redirect_chain[-1]
    assert f"/en/arenaer/{arena.pk}/meg/" in path
    html = response.content.decode()
    assert "You are registered for Samskaping i Telemark" in html
    assert "We have sent you an e-mail" in html
    assert arena.video_url in html  # confirmed: the video link
    assert len(mailoutbox) == 1
    assert participants.participant_for(response.wsgi_request, arena).registration_id == (
        registration.pk
    )


def test_a_typed_directory_name_is_linked_and_gives_the_sector(client, arena):
    library = OrganisationFactory(
        name="Skien bibliotek", kind="library", home_municipality_id="4003"
    )
    client.post(register_url(arena), form_data(organisation_name="skien  bibliotek", sector=""))
    registration = Registration.objects.get()
    assert registration.organisation == library
    assert registration.sector == "library"
    assert registration.organisation_name == ""


def test_a_name_not_in_the_directory_needs_a_sector(client, arena):
    response = client.post(register_url(arena), form_data(sector=""))
    assert response.status_code == 200
    assert "Choose your sector" in response.content.decode()
    assert not Registration.objects.exists()


def test_full_arena_says_waiting_list_before_and_after(client, arena):
    RegistrationFactory(arena=arena)
    RegistrationFactory(arena=arena)
    RegistrationFactory(arena=arena, status="waitlisted", waitlisted_at=timezone.now())
    html = client.get(register_url(arena)).content.decode()
    assert "you are put on the waiting list, as number 2" in html
    assert "Join the waiting list" in html
    response = client.post(register_url(arena), form_data(), follow=True)
    html = response.content.decode()
    assert "you are on the waiting list, as number 2" in html
    assert "You are number 2 on the waiting list" in html
    assert arena.video_url not in html
    assert Registration.objects.get(email="kari@example.no").status == "waitlisted"


def test_errors_keep_what_was_typed(client, arena):
    response = client.post(
        register_url(arena), form_data(email="kari(at)example", name="Kari Nordmann")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "ds-error-summary" in html
    assert "Enter a valid email address" in html
    assert 'value="Kari Nordmann"' in html
    assert 'value="kari(at)example"' in html
    assert "Vegetar" in html
    assert 'value="4003" selected' in html
    assert not Registration.objects.exists()


def test_already_registered_offers_to_send_the_link_again(
    client, arena, django_capture_on_commit_callbacks, mailoutbox
):
    RegistrationFactory(arena=arena, email="kari@example.no")
    response = client.post(register_url(arena), form_data(email="KARI@example.no"))
    html = response.content.decode()
    assert "already have a registration" in html
    assert 'name="resend" value="1"' in html
    assert 'type="hidden" name="email" value="KARI@example.no"' in html
    assert Registration.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            register_url(arena), {"resend": "1", "email": "KARI@example.no"}, follow=True
        )
    assert "we have sent the link" in response.content.decode()
    assert [m.to for m in mailoutbox] == [["kari@example.no"]]


def test_resending_to_an_unknown_address_says_the_same(
    client, arena, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            register_url(arena), {"resend": "1", "email": "nobody@example.no"}, follow=True
        )
    assert "If nobody@example.no has a registration" in response.content.decode()
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("change", "text"),
    [
        (
            {
                "registration_opens": timezone.now() + datetime.timedelta(days=1),
                "registration_closes": timezone.now() + datetime.timedelta(days=2),
            },
            "Registration opens",
        ),
        (
            {
                "registration_opens": timezone.now() - datetime.timedelta(days=3),
                "registration_closes": timezone.now() - datetime.timedelta(minutes=1),
            },
            "Registration closed",
        ),
        ({"status": "cancelled"}, "This arena is cancelled"),
    ],
)
def test_closed_registration_says_why_and_refuses(client, arena, change, text):
    Arena.objects.filter(pk=arena.pk).update(**change)
    response = client.get(register_url(arena))
    html = response.content.decode()
    assert text in html
    assert 'name="organisation_name"' not in html
    client.post(register_url(arena), form_data())
    assert not Registration.objects.exists()


def test_a_draft_arena_is_not_found(client, arena):
    Arena.objects.filter(pk=arena.pk).update(status="draft")
    assert client.get(register_url(arena)).status_code == 404


def test_not_invited_is_told_so(client, db):
    arena = ArenaFactory(access="invited", invited_sectors=["library"])
    response = client.post(register_url(arena), form_data())
    html = response.content.decode()
    assert "This arena is by invitation" in html
    assert "Your organisation and sector are not among those invited" in html
    assert not Registration.objects.exists()
    client.post(register_url(arena), form_data(sector="library"))
    assert Registration.objects.get().sector == "library"


def test_signed_in_member_finds_their_details_filled_in(client, arena):
    organisation = OrganisationFactory(
        name="Bø bibliotek", kind="library", home_municipality_id="4003"
    )
    user = UserFactory(name="Per Hansen", email="per@example.no")
    MembershipFactory(user=user, organisation=organisation)
    client.force_login(user)
    html = client.get(register_url(arena)).content.decode()
    assert 'value="Per Hansen"' in html
    assert 'value="Bø bibliotek"' in html
    assert 'value="library" id="id_sector_0" checked' in html or 'value="library"' in html
    client.post(
        register_url(arena),
        form_data(
            name="Per Hansen", email="per@example.no", organisation_name="Bø bibliotek", sector=""
        ),
    )
    registration = Registration.objects.get()
    assert (registration.user, registration.organisation) == (user, organisation)


# --- the personal page --------------------------------------------------------------------


def test_personal_page_of_a_confirmed_participant(client, arena):
    registration = RegistrationFactory(arena=arena, name="Kari")
    response = client.get(personal_url(registration))
    assert response.status_code == 200
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "You have a place." in html
    assert arena.video_url in html
    assert "?ics=1" in html
    assert f"/en/arenaer/{arena.pk}/meg/" in html  # change and cancel links
    assert participants.participant_for(response.wsgi_request, arena).registration_id == (
        registration.pk
    )


def test_personal_page_ics_has_the_video_for_confirmed_only(client, arena):
    confirmed = RegistrationFactory(arena=arena)
    waiting = RegistrationFactory(arena=arena, status="waitlisted", waitlisted_at=timezone.now())
    response = client.get(personal_url(confirmed) + "?ics=1")
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert arena.video_url in str(event["LOCATION"])
    assert event.decoded("DTSTART") == arena.starts_at
    response = client.get(personal_url(waiting) + "?ics=1")
    assert arena.video_url.encode() not in response.content


def test_waitlisted_page_shows_the_position_and_no_video(client, arena):
    now = timezone.now()
    RegistrationFactory(arena=arena, status="waitlisted", waitlisted_at=now)
    second = RegistrationFactory(
        arena=arena, status="waitlisted", waitlisted_at=now + datetime.timedelta(seconds=1)
    )
    html = client.get(personal_url(second)).content.decode()
    assert "You are number 2 on the waiting list" in html
    assert arena.video_url not in html


def test_tampered_token_gives_400_with_help(client, arena):
    registration = RegistrationFactory(arena=arena)
    token = tokens.make_token(registration)
    bad = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = client.get(f"/en/arenaer/{arena.pk}/meg/{bad}/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "This link does not work" in html
    assert 'name="resend"' in html
    assert client.get(f"/en/arenaer/{arena.pk}/meg/not-a-token/").status_code == 400


def test_a_token_of_another_arena_gives_400(client, arena):
    other = RegistrationFactory(arena=ArenaFactory())
    token = tokens.make_token(other)
    response = client.get(f"/en/arenaer/{arena.pk}/meg/{token}/")
    assert response.status_code == 400
    response = client.get(f"/en/arenaer/{arena.pk}/meg/{token}/avmeld/")
    assert response.status_code == 400


def test_an_expired_token_gives_410(client, arena):
    registration = RegistrationFactory(arena=arena)
    url = personal_url(registration)
    later = arena.ends_at + tokens.VALID_AFTER_ARENA + datetime.timedelta(hours=1)
    with mock.patch("samskap.arenas.tokens.timezone.now", return_value=later):
        response = client.get(url)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


def test_an_old_link_after_registering_again_is_refused(client, arena):
    registration = RegistrationFactory(arena=arena, status="cancelled")
    url = personal_url(registration)
    Registration.objects.filter(pk=registration.pk).update(token_key="0" * 32)
    assert client.get(url).status_code == 400


def test_no_token_is_not_found(client, arena):
    assert client.get(f"/en/arenaer/{arena.pk}/meg/").status_code == 404


def test_a_persons_link_shows_that_persons_registration_only(client, arena):
    kari = RegistrationFactory(arena=arena, name="Kari Karisdottir", email="kari@example.no")
    ola = RegistrationFactory(arena=arena, name="Ola Olasson", email="ola@example.no")
    html = client.get(personal_url(ola)).content.decode()
    assert "ola@example.no" in html
    assert "kari@example.no" not in html
    # The link is the key: anyone holding Kari's link sees Kari's page, no one else's.
    html = client.get(personal_url(kari)).content.decode()
    assert "kari@example.no" in html
    assert "ola@example.no" not in html


# --- who sees whom -------------------------------------------------------------------------


@pytest.fixture
def crowd(arena):
    arena.capacity = 10
    arena.save()
    return {
        "shown": RegistrationFactory(arena=arena, name="Synlig Person", show_to_participants=True),
        "hidden": RegistrationFactory(
            arena=arena, name="Skjult Person", show_to_participants=False
        ),
        "waiting": RegistrationFactory(
            arena=arena,
            name="Ventende Person",
            status="waitlisted",
            waitlisted_at=timezone.now(),
            show_to_participants=True,
        ),
    }


def test_confirmed_participant_sees_only_those_who_allowed_it(client, crowd):
    html = client.get(personal_url(crowd["hidden"])).content.decode()
    assert "Synlig Person" in html
    assert "Skjult Person" not in html.split('id="participants-heading"')[1]
    assert "Ventende Person" not in html


def test_waitlisted_and_cancelled_see_no_names(client, crowd, arena):
    html = client.get(personal_url(crowd["waiting"])).content.decode()
    assert "Synlig Person" not in html
    gone = RegistrationFactory(arena=arena, status="cancelled")
    html = client.get(personal_url(gone)).content.decode()
    assert "Synlig Person" not in html


def test_the_public_sees_no_names(client, crowd, arena):
    for url in (register_url(arena), f"/en/arenaer/{arena.pk}/meg/x/"):
        html = client.get(url).content.decode()
        assert "Synlig Person" not in html
        assert "Skjult Person" not in html


def test_wall_link_when_the_wall_is_open(client, arena):
    registration = RegistrationFactory(arena=arena)
    assert (
        f"/en/arenaer/{arena.pk}/vegg/"
        not in client.get(personal_url(registration)).content.decode()
    )
    Arena.objects.filter(pk=arena.pk).update(wall_open=True)
    assert (
        f"/en/arenaer/{arena.pk}/vegg/" in client.get(personal_url(registration)).content.decode()
    )


def test_personal_page_makes_a_constant_number_of_queries(client, arena):
    arena.capacity = 100
    arena.save()
    mine = RegistrationFactory(arena=arena)
    url = personal_url(mine)
    client.get(url)  # the session exists

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    for n in range(3):
        RegistrationFactory(arena=arena, show_to_participants=True, email=f"p{n}@example.no")
    few = queries()
    for n in range(3, 30):
        RegistrationFactory(arena=arena, show_to_participants=True, email=f"p{n}@example.no")
    assert queries() == few


# --- change and cancel ----------------------------------------------------------------------


def test_change_form_is_prefilled_and_saves(client, arena):
    registration = RegistrationFactory(
        arena=arena,
        organisation=None,
        organisation_name="Mitt lag",
        sector="culture",
        dietary_needs="Nøtter",
    )
    url = personal_url(registration, suffix="endre/")
    html = client.get(url).content.decode()
    assert 'value="Mitt lag"' in html
    assert "Nøtter" in html
    assert 'value="culture" id="id_sector_2" checked' in html or (
        'value="culture"' in html and "checked" in html
    )
    response = client.post(
        url,
        form_data(
            name=registration.name,
            email=registration.email,
            organisation_name="Mitt lag",
            sector="culture",
            dietary_needs="Ingen",
            show_to_participants="on",
        ),
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.dietary_needs == "Ingen"
    assert registration.show_to_participants is True


def test_change_to_a_taken_address_is_refused(client, arena):
    mine = RegistrationFactory(
        arena=arena, organisation=None, organisation_name="Lag", sector="voluntary"
    )
    RegistrationFactory(arena=arena, email="taken@example.no")
    response = client.post(
        personal_url(mine, suffix="endre/"), form_data(name=mine.name, email="Taken@example.no")
    )
    assert response.status_code == 200
    assert "Someone else is registered" in response.content.decode()
    mine.refresh_from_db()
    assert mine.email != "taken@example.no"


def test_cancel_confirms_then_cancels_and_promotes(
    client, arena, django_capture_on_commit_callbacks, mailoutbox
):
    mine = RegistrationFactory(arena=arena)
    RegistrationFactory(arena=arena)
    waiting = RegistrationFactory(arena=arena, status="waitlisted", waitlisted_at=timezone.now())
    url = personal_url(mine, suffix="avmeld/")
    html = client.get(url).content.decode()
    assert "Yes, cancel my registration" in html
    assert Registration.objects.get(pk=mine.pk).status == "confirmed"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    html = response.content.decode()
    assert "Your registration is cancelled. You may register again" in html
    assert "Register again" in html
    assert Registration.objects.get(pk=mine.pk).status == "cancelled"
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"
    assert waiting.email in {m.to[0] for m in mailoutbox}
    # The change page of a cancelled registration sends the person back.
    response = client.get(personal_url(mine, suffix="endre/"))
    assert response.status_code == 302


def test_cancel_needs_post(client, arena):
    mine = RegistrationFactory(arena=arena)
    client.get(personal_url(mine, suffix="avmeld/"))
    assert Registration.objects.get().status == "confirmed"
