"""The e-mails to people who register (in their language, with the .ics invitation and the
personal link) and the arena's calendar file."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils import timezone
from icalendar import Calendar

from samskap.arenas import ical, tokens
from samskap.arenas.models import Arena, ProgrammeItem, Registration
from samskap.arenas.services import registration as services
from samskap.arenas.services.registration import RegistrationData
from samskap.places.models import Municipality
from tests.factories import ArenaFactory


def data(n=0, **overrides) -> RegistrationData:
    values = {
        "name": f"Kari {n}",
        "email": f"kari{n}@example.no",
        "organisation_name": "Bø frivilligsentral",
        "sector": "voluntary",
        "municipality": Municipality.objects.get(pk="4003"),
    }
    values.update(overrides)
    return RegistrationData(**values)


@pytest.fixture
def arena(db):
    arena = ArenaFactory(
        capacity=1,
        title="Samskaping i Telemark",
        format="hybrid",
        place_name="Skien bibliotek",
        street_address="Henrik Ibsens gate 4",
        postal_code="3724",
        postal_place="Skien",
    )
    ProgrammeItem.objects.create(
        arena=arena,
        starts_at=arena.starts_at,
        ends_at=arena.starts_at + datetime.timedelta(minutes=30),
        title="Velkommen",
    )
    return arena


def sign_up(arena, language, capture, n=0):
    with capture(execute=True):
        return services.registration_create(arena=arena, data=data(n), language=language)


def ics_of(message) -> Calendar:
    (name, content, mimetype), *_ = message.attachments
    assert (name, mimetype) == ("arena.ics", "text/calendar")
    return Calendar.from_ical(content)


def link_in(body: str) -> str:
    match = re.search(r"https?://\S+/meg/\S+/", body)
    assert match, body
    return match.group(0)


def test_confirmation_in_bokmal_with_ics_and_personal_link(
    arena, django_capture_on_commit_callbacks, mailoutbox
):
    registration = sign_up(arena, "nb", django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["kari0@example.no"]
    assert "Du er påmeldt: Samskaping i Telemark" in message.subject
    assert "Hei, Kari 0!" in message.body
    assert "Når:" in message.body
    # Dates in Bokmål, Oslo time.
    start = timezone.localtime(arena.starts_at)
    assert start.strftime("%H:%M") in message.body
    months = [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ]
    assert f"{start.day}. {months[start.month - 1]} {start.year}" in message.body
    assert "Velkommen" in message.body
    assert arena.video_url in message.body  # confirmed: the video link
    link = link_in(message.body)
    assert "/nn/" not in link and "/en/" not in link
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert tokens.registration_from_token(token, arena_id=arena.pk) == registration
    calendar = ics_of(message)
    assert calendar["METHOD"] == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == arena.starts_at
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
    assert event.decoded("DTEND") == arena.ends_at
    assert str(event["UID"]) == f"arena-{arena.pk}@{urlsplit(settings.SITE_URL).hostname}"
    assert str(event["SUMMARY"]) == "Samskaping i Telemark"
    assert arena.video_url in str(event["LOCATION"])
    assert "Skien bibliotek" in str(event["LOCATION"])
    assert str(event["STATUS"]) == "CONFIRMED"


def test_confirmation_wording_in_bokmal(arena, django_capture_on_commit_callbacks, mailoutbox):
    sign_up(arena, "nb", django_capture_on_commit_callbacks)
    body = mailoutbox[0].body
    assert "Du har plass" in body
    assert "Programmet" in body or "Program:" in body


def test_confirmation_in_nynorsk(arena, django_capture_on_commit_callbacks, mailoutbox):
    sign_up(arena, "nn", django_capture_on_commit_callbacks)
    message = mailoutbox[0]
    assert "Du er påmeld: Samskaping i Telemark" in message.subject
    assert "Hei Kari 0," in message.body
    assert "Du har plass" in message.body
    assert "Endre påmeldinga di" in message.body
    assert "/nn/arenaer/" in link_in(message.body)


def test_nynorsk_links_carry_the_language_prefix(
    arena, django_capture_on_commit_callbacks, mailoutbox
):
    registration = sign_up(arena, "nn", django_capture_on_commit_callbacks)
    assert registration.language == "nn"
    body = mailoutbox[0].body
    links = [link for link in re.findall(r"https?://\S+", body) if "/meg/" in link]
    assert len(links) == 3  # the page, change, cancel
    assert all(f"/nn/arenaer/{arena.pk}/meg/" in link for link in links)
    assert "Du er påmeld" in mailoutbox[0].subject  # an existing catalogue string


def test_waitlisted_confirmation_gives_the_position_and_no_video(
    arena, django_capture_on_commit_callbacks, mailoutbox
):
    sign_up(arena, "en", django_capture_on_commit_callbacks, n=1)
    sign_up(arena, "en", django_capture_on_commit_callbacks, n=2)
    message = mailoutbox[1]
    assert "waiting list" in message.subject
    assert "as number 1" in message.body
    assert arena.video_url not in message.body
    (event,) = ics_of(message).walk("VEVENT")
    assert arena.video_url not in str(event.get("LOCATION", ""))
    assert arena.video_url not in str(event["DESCRIPTION"])


def test_promotion_email_in_the_persons_language(
    arena, django_capture_on_commit_callbacks, mailoutbox
):
    first = sign_up(arena, "en", django_capture_on_commit_callbacks, n=1)
    sign_up(arena, "nn", django_capture_on_commit_callbacks, n=2)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first)
    promoted = [m for m in mailoutbox if m.to == ["kari2@example.no"]]
    assert len(promoted) == 1
    assert f"/nn/arenaer/{arena.pk}/meg/" in promoted[0].body
    assert arena.video_url in promoted[0].body
    (event,) = ics_of(promoted[0]).walk("VEVENT")
    assert event.decoded("DTSTART") == arena.starts_at


def test_the_link_email(arena, django_capture_on_commit_callbacks, mailoutbox):
    registration = sign_up(arena, "en", django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_resend_link(arena=arena, email="KARI0@example.no")
    (message,) = mailoutbox
    assert "Your link for Samskaping i Telemark" in message.subject
    token = link_in(message.body).rstrip("/").rsplit("/", 1)[1]
    assert tokens.registration_from_token(token).pk == registration.pk


def test_ics_of_a_cancelled_arena_and_without_video(arena):
    Arena.objects.filter(pk=arena.pk).update(status="cancelled", cancel_reason="Sykdom")
    arena.refresh_from_db()
    content = ical.arena_ics(arena, url="https://example.no/arenaer/1/", include_video=False)
    calendar = Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert "Sykdom" in str(event["DESCRIPTION"])
    assert "https://example.no/arenaer/1/" in str(event["DESCRIPTION"])
    assert str(event["URL"]) == "https://example.no/arenaer/1/"
    assert arena.video_url not in content.decode()
    assert str(event["LOCATION"]).startswith("Skien bibliotek, Henrik Ibsens gate 4, 3724 Skien")


def test_ics_uid_is_stable(arena, settings):
    settings.SITE_URL = "https://samskap.example.no"
    one = Calendar.from_ical(ical.arena_ics(arena, url="u", include_video=True))
    two = Calendar.from_ical(ical.arena_ics(arena, url="v", include_video=False))
    uids = {str(e["UID"]) for c in (one, two) for e in c.walk("VEVENT")}
    assert uids == {f"arena-{arena.pk}@samskap.example.no"}


def test_a_cancelled_registration_gets_no_confirmation_later(arena, mailoutbox):
    from samskap.arenas.notifications import registration as notifications

    registration = services.registration_create(arena=arena, data=data(), language="nb")
    Registration.objects.filter(pk=registration.pk).update(status="cancelled")
    notifications.send_confirmation(registration.pk)
    notifications.send_promoted(registration.pk)
    assert mailoutbox == []
