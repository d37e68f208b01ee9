"""Arenas over HTTP: the permission matrix of every page of arenas themselves (published and
draft), the list (order, filters, drafts for hosts, constant queries), the page (video link,
participants per role, JSON-LD, constant queries), creating and editing with the formsets,
publishing, cancelling and the calendar file."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samskap.activities.recurrence import OSLO
from samskap.arenas import participants
from samskap.arenas.models import Arena, Contribution, Registration
from tests.factories import (
    ArenaFactory,
    OrganisationFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "outsider",
    "host_member",
    "org_admin",
    "coordinator",
    "other_coordinator",
    "platform_admin",
)
MANAGERS = {"host_member", "coordinator", "platform_admin"}


@pytest.fixture
def arena(hosted_arena):
    return hosted_arena


@pytest.fixture
def as_role(request, client):
    """Log the client in as a role (the unrelated organisation admin is of `organisation`,
    which does not host)."""

    def login(role: str):
        if role == "anonymous":
            return client
        user = request.getfixturevalue("user" if role == "outsider" else role)
        client.force_login(user)
        return client

    return login


def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate(timezone=OSLO) + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=OSLO)


# --- permission matrix --------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_detail_matrix(as_role, role, arena, draft):
    client = as_role(role)
    assert client.get(f"/en/arenaer/{arena.pk}/").status_code == 200
    assert client.get(f"/en/arenaer/{arena.pk}/kalender.ics").status_code == 200
    expected = 200 if role in MANAGERS else 404
    assert client.get(f"/en/arenaer/{draft.pk}/").status_code == expected
    assert client.get(f"/en/arenaer/{draft.pk}/kalender.ics").status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_list_matrix(as_role, role, arena, draft):
    response = as_role(role).get("/en/arenaer/")
    assert response.status_code == 200
    assert "Samskapingsarena Telemark" in response.text
    assert ("Hemmelig utkast" in response.text) == (role in MANAGERS)


@pytest.mark.parametrize("role", ROLES)
def test_manage_pages_matrix(as_role, role, arena, draft):
    client = as_role(role)
    for target, hidden in ((arena, 403), (draft, 404)):
        edit = client.get(f"/en/arenaer/{target.pk}/rediger/")
        cancel = client.get(f"/en/arenaer/{target.pk}/avlys/")
        if role == "anonymous":
            assert edit.status_code == 302
            assert "/konto/" in edit["Location"] or "login" in edit["Location"]
            assert cancel.status_code == 302
        elif role in MANAGERS:
            assert edit.status_code == 200
            # A draft has nothing to cancel: back to its page.
            assert cancel.status_code == (200 if target is arena else 302)
        else:
            assert edit.status_code == hidden
            assert cancel.status_code == hidden


@pytest.mark.parametrize("role", ROLES)
def test_edit_and_create_post_matrix(as_role, role, arena, draft):
    client = as_role(role)
    data = form_data(title="Endret av noen")
    del data["county"]
    for target, hidden in ((arena, 403), (draft, 404)):
        response = client.post(f"/en/arenaer/{target.pk}/rediger/", data)
        target.refresh_from_db()
        if role in MANAGERS:
            assert response.status_code == 302
            assert target.title == "Endret av noen"
        else:
            assert response.status_code == (302 if role == "anonymous" else hidden)
            assert target.title != "Endret av noen"
    response = client.post("/en/arenaer/ny/", form_data(title="Ny arena"))
    created = Arena.objects.filter(title="Ny arena").exists()
    if role in {"coordinator", "platform_admin"}:
        assert response.status_code == 302
        assert created
    else:
        # A coordinator of another county cannot choose this county; others may not create.
        expected = {"anonymous": 302, "other_coordinator": 200}.get(role, 403)
        assert response.status_code == expected
        assert not created


@pytest.mark.parametrize("role", ROLES)
def test_publish_matrix(as_role, role, draft):
    response = as_role(role).post(f"/en/arenaer/{draft.pk}/publiser/")
    draft.refresh_from_db()
    if role in MANAGERS:
        assert response.status_code == 302
        assert draft.status == Arena.Status.PUBLISHED
    else:
        assert response.status_code == (302 if role == "anonymous" else 404)
        assert draft.status == Arena.Status.DRAFT


@pytest.mark.parametrize("role", ROLES)
def test_cancel_post_matrix(as_role, role, arena):
    response = as_role(role).post(f"/en/arenaer/{arena.pk}/avlys/", {"reason": "Sykdom"})
    arena.refresh_from_db()
    if role in MANAGERS:
        assert response.status_code == 302
        assert arena.status == Arena.Status.CANCELLED
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        assert arena.status == Arena.Status.PUBLISHED


@pytest.mark.parametrize("role", ROLES)
def test_create_and_mine_matrix(as_role, role, arena, draft):
    client = as_role(role)
    create = client.get("/en/arenaer/ny/")
    mine = client.get("/en/arenaer/mine/")
    if role == "anonymous":
        assert create.status_code == 302
        assert mine.status_code == 302
        return
    creators = {"coordinator", "other_coordinator", "platform_admin"}
    assert create.status_code == (200 if role in creators else 403)
    assert mine.status_code == 200
    assert ("Hemmelig utkast" in mine.text) == (role in MANAGERS)
    assert ("Samskapingsarena Telemark" in mine.text) == (role in MANAGERS)


def test_create_county_choices(client, coordinator, other_coordinator, platform_admin):
    client.force_login(coordinator)
    page = client.get("/en/arenaer/ny/").text
    assert 'value="40"' in page
    assert 'value="39"' not in page
    client.force_login(platform_admin)
    page = client.get("/en/arenaer/ny/").text
    assert 'value="40"' in page
    assert 'value="39"' in page


# --- the list -----------------------------------------------------------------------------


def test_list_orders_upcoming_and_past(client):
    later = ArenaFactory(title="Senere", starts_at=at(40, 9), ends_at=at(40, 12))
    sooner = ArenaFactory(
        title="Snart",
        starts_at=at(10, 9),
        ends_at=at(10, 12),
        registration_closes=at(9, 9),
    )
    old = ArenaFactory(
        title="Gammel",
        starts_at=at(-100, 9),
        ends_at=at(-100, 12),
        registration_opens=at(-120, 9),
        registration_closes=at(-101, 9),
    )
    older = ArenaFactory(
        title="Eldst",
        starts_at=at(-300, 9),
        ends_at=at(-300, 12),
        registration_opens=at(-320, 9),
        registration_closes=at(-301, 9),
    )
    upcoming = client.get("/en/arenaer/").text
    assert upcoming.index(sooner.title) < upcoming.index(later.title)
    assert old.title not in upcoming
    past = client.get("/en/arenaer/?when=past").text
    assert past.index(old.title) < past.index(older.title)
    assert later.title not in past


def test_list_filters_and_status(client):
    ArenaFactory(title="Fullt", capacity=1)
    full = Arena.objects.get(title="Fullt")
    RegistrationFactory(arena=full)
    ArenaFactory(title="Kursdag Vestfold", county_id="39", kind="course_day")
    ArenaFactory(title="Åpner senere", registration_opens=at(5, 9))
    ArenaFactory(
        title="Fysisk",
        format="physical",
        video_url="",
        place_name="Skien bibliotek",
        municipality_id="4003",
    )
    page = client.get("/en/arenaer/").text
    assert "Full: waiting list" in page
    assert "Registration opens" in page
    assert "Skien bibliotek, Skien" in page
    assert "29 places left" not in page
    assert f'href="/en/arenaer/{full.pk}/pamelding/"' in page
    vestfold = client.get("/en/arenaer/?county=39").text
    assert "Kursdag Vestfold" in vestfold
    assert "Fysisk" not in vestfold
    kinds = client.get("/en/arenaer/?kind=course_day").text
    assert "Kursdag Vestfold" in kinds
    assert "Fullt" not in kinds


def test_list_shows_places_left_and_register_link(client):
    arena = ArenaFactory(capacity=30)
    RegistrationFactory.create_batch(2, arena=arena)
    page = client.get("/en/arenaer/").text
    assert "28 places left" in page
    assert f"/en/arenaer/{arena.pk}/pamelding/" in page


def test_list_htmx_fragment(client, arena):
    response = client.get("/en/arenaer/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.text
    assert arena.title in response.text


def list_queries(client, count: int) -> int:
    for _ in range(count):
        arena = ArenaFactory(hosts=[OrganisationFactory()])
        RegistrationFactory(arena=arena)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/arenaer/").status_code == 200
    return len(queries)


def test_list_constant_queries(client, coordinator):
    client.force_login(coordinator)
    few = list_queries(client, 3)
    many = list_queries(client, 22)
    assert few == many


def test_mine_constant_queries(client, coordinator):
    client.force_login(coordinator)
    ArenaFactory.create_batch(3)
    with CaptureQueriesContext(connection) as few:
        client.get("/en/arenaer/mine/")
    ArenaFactory.create_batch(15)
    with CaptureQueriesContext(connection) as many:
        client.get("/en/arenaer/mine/")
    assert len(few) == len(many)


# --- the page -----------------------------------------------------------------------------


def open_personal_link(client, registration):
    """Make this browser the registration's person, as opening the personal link does."""
    session = client.session
    session[participants.SESSION_KEY] = {
        str(registration.arena_id): {
            "key": f"r{registration.pk}",
            "name": registration.name,
            "r": registration.pk,
        }
    }
    session.save()


VIDEO = "https://video.example.no/arena"


@pytest.mark.parametrize("role", ROLES)
def test_video_link_only_for_hosts(as_role, role, arena):
    page = as_role(role).get(f"/en/arenaer/{arena.pk}/").text
    assert (VIDEO in page) == (role in MANAGERS)


def test_video_link_for_confirmed_participant_only(client, arena):
    waiting = RegistrationFactory(arena=arena, status=Registration.Status.WAITLISTED)
    open_personal_link(client, waiting)
    assert VIDEO not in client.get(f"/en/arenaer/{arena.pk}/").text
    confirmed = RegistrationFactory(arena=arena)
    open_personal_link(client, confirmed)
    assert VIDEO in client.get(f"/en/arenaer/{arena.pk}/").text


def test_video_link_of_another_arena_does_not_count(client, arena):
    other = ArenaFactory()
    open_personal_link(client, RegistrationFactory(arena=other))
    # The session names a registration of another arena under this arena's key.
    session = client.session
    session[participants.SESSION_KEY] = {
        str(arena.pk): session[participants.SESSION_KEY][str(other.pk)]
    }
    session.save()
    assert VIDEO not in client.get(f"/en/arenaer/{arena.pk}/").text


@pytest.fixture
def crowd(arena):
    shown = RegistrationFactory(
        arena=arena, name="Synlig Person", show_to_participants=True, municipality_id="4003"
    )
    hidden = RegistrationFactory(
        arena=arena, name="Skjult Person", show_to_participants=False, municipality_id="4001"
    )
    RegistrationFactory(
        arena=arena,
        name="Ventende Person",
        status=Registration.Status.WAITLISTED,
        show_to_participants=True,
    )
    return shown, hidden


def test_participants_public_sees_counts(client, arena, crowd):
    page = client.get(f"/en/arenaer/{arena.pk}/").text
    assert "2 confirmed" in page
    assert "1 on the waiting list" in page
    assert "From 2 organisations" in page
    assert "in 2 municipalities" in page
    for name in ("Synlig Person", "Skjult Person", "Ventende Person"):
        assert name not in page
    assert f"/en/arenaer/{arena.pk}/deltakere/" not in page


def test_participants_confirmed_participant_sees_consenting_names(client, arena, crowd):
    shown, hidden = crowd
    open_personal_link(client, hidden)
    page = client.get(f"/en/arenaer/{arena.pk}/").text
    assert "Synlig Person" in page
    assert shown.organisation.name in page
    assert "Skjult Person" not in page  # not even their own name in the list
    assert "Ventende Person" not in page


def test_participants_host_sees_counts_and_link(client, host_member, arena, crowd):
    client.force_login(host_member)
    page = client.get(f"/en/arenaer/{arena.pk}/").text
    assert "2 confirmed" in page
    assert f"/en/arenaer/{arena.pk}/deltakere/" in page
    assert "Synlig Person" not in page


def test_host_tools_only_for_hosts(client, host_member, arena):
    tools = [
        f"/en/arenaer/{arena.pk}/rediger/",
        f"/en/arenaer/{arena.pk}/inviter/",
        f"/en/arenaer/{arena.pk}/melding/",
        f"/en/arenaer/{arena.pk}/grupper/",
        f"/en/arenaer/{arena.pk}/vegg/",
        f"/en/arenaer/{arena.pk}/avlys/",
    ]
    page = client.get(f"/en/arenaer/{arena.pk}/").text
    assert not any(url in page for url in tools)
    client.force_login(host_member)
    page = client.get(f"/en/arenaer/{arena.pk}/").text
    assert all(url in page for url in tools)


def test_page_registration_states(client):
    open_arena = ArenaFactory(capacity=2)
    page = client.get(f"/en/arenaer/{open_arena.pk}/").text
    assert f"/en/arenaer/{open_arena.pk}/pamelding/" in page
    assert "2 places" in page
    RegistrationFactory.create_batch(2, arena=open_arena)
    page = client.get(f"/en/arenaer/{open_arena.pk}/").text
    assert "Join the waiting list" in page
    assert "0 left" in page
    closed = ArenaFactory(registration_closes=timezone.now() - datetime.timedelta(minutes=1))
    page = client.get(f"/en/arenaer/{closed.pk}/").text
    assert "Registration is closed." in page
    assert f"/en/arenaer/{closed.pk}/pamelding/" not in page
    soon = ArenaFactory(registration_opens=at(3, 12))
    page = client.get(f"/en/arenaer/{soon.pk}/").text
    assert "Registration opens" in page


def test_page_wall_and_report_links(client):
    live = ArenaFactory(wall_open=True)
    assert f"/en/arenaer/{live.pk}/bli-med/" in client.get(f"/en/arenaer/{live.pk}/").text
    past = ArenaFactory(
        starts_at=at(-30, 9),
        ends_at=at(-30, 12),
        registration_opens=at(-60, 9),
        registration_closes=at(-31, 9),
    )
    page = client.get(f"/en/arenaer/{past.pk}/").text
    assert f"/en/arenaer/{past.pk}/rapport/" in page
    assert f"/en/arenaer/{past.pk}/bli-med/" not in page


def test_page_cancelled_shows_reason(client, coordinator, arena):
    client.force_login(coordinator)
    client.post(f"/en/arenaer/{arena.pk}/avlys/", {"reason": "For få påmeldte"})
    client.logout()
    page = client.get(f"/en/arenaer/{arena.pk}/").text
    assert "This arena is cancelled" in page
    assert "Reason: For få påmeldte" in page
    assert f"/en/arenaer/{arena.pk}/pamelding/" not in page


def test_page_programme_questions_and_place(client):
    arena = ArenaFactory(
        format="hybrid",
        place_name="Skien bibliotek",
        street_address="Henrik Ibsens gate 4",
        postal_code="3724",
        postal_place="Skien",
        municipality_id="4003",
        questions=["Hva kan vi skape sammen?"],
    )
    arena.programme.create(
        title="Velkommen",
        starts_at=arena.starts_at,
        ends_at=arena.starts_at + datetime.timedelta(minutes=15),
    )
    page = client.get(f"/en/arenaer/{arena.pk}/").text
    assert "Velkommen" in page
    assert "09:00" in page
    assert "Hva kan vi skape sammen?" in page
    assert "Henrik Ibsens gate 4" in page
    assert "3724 Skien" in page


def jsonld_of(page: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert match is not None
    return json.loads(match.group(1))


def test_jsonld_digital(client, arena):
    data = jsonld_of(client.get(f"/en/arenaer/{arena.pk}/").text)
    assert data["@type"] == "Event"
    assert data["name"] == "Samskapingsarena Telemark"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["@type"] == "VirtualLocation"
    assert data["location"]["url"].endswith(f"/arenaer/{arena.pk}/")
    assert data["startDate"] == timezone.localtime(arena.starts_at).isoformat(timespec="seconds")
    assert data["organizer"]["name"] == "Skien bibliotek"
    assert VIDEO not in json.dumps(data)


def test_jsonld_hybrid_cancelled(client, coordinator):
    arena = ArenaFactory(
        format="hybrid",
        place_name="Skien bibliotek",
        street_address="Henrik Ibsens gate 4",
        postal_code="3724",
        municipality_id="4003",
        status=Arena.Status.CANCELLED,
    )
    data = jsonld_of(client.get(f"/en/arenaer/{arena.pk}/").text)
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    place, virtual = data["location"]
    assert place["@type"] == "Place"
    assert place["address"]["streetAddress"] == "Henrik Ibsens gate 4"
    assert place["address"]["addressLocality"] == "Skien"
    assert virtual["@type"] == "VirtualLocation"
    assert VIDEO not in json.dumps(data)


def test_jsonld_physical_and_none_for_draft(client, coordinator):
    arena = ArenaFactory(
        format="physical", video_url="", place_name="Bø bibliotek", municipality_id="4003"
    )
    data = jsonld_of(client.get(f"/en/arenaer/{arena.pk}/").text)
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["name"] == "Bø bibliotek"
    draft = ArenaFactory(status=Arena.Status.DRAFT)
    client.force_login(coordinator)
    assert "application/ld+json" not in client.get(f"/en/arenaer/{draft.pk}/").text


def detail_queries(client, arena, registrations: int) -> int:
    for index in range(registrations):
        RegistrationFactory(arena=arena, show_to_participants=index % 2 == 0)
        arena.programme.create(title=f"Punkt {index}", starts_at=arena.starts_at)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/en/arenaer/{arena.pk}/").status_code == 200
    return len(queries)


@pytest.mark.parametrize("viewer", ["anonymous", "participant", "coordinator"])
def test_detail_constant_queries(client, arena, coordinator, viewer):
    if viewer == "participant":
        open_personal_link(client, RegistrationFactory(arena=arena, show_to_participants=True))
    elif viewer == "coordinator":
        client.force_login(coordinator)
    few = detail_queries(client, arena, 3)
    many = detail_queries(client, arena, 25)
    assert few == many


# --- create and edit ----------------------------------------------------------------------


def form_data(**changes):
    day = (timezone.localdate(timezone=OSLO) + datetime.timedelta(days=30)).isoformat()
    closes = (timezone.localdate(timezone=OSLO) + datetime.timedelta(days=29)).isoformat()
    opens = timezone.localdate(timezone=OSLO).isoformat()
    data = {
        "county": "40",
        "kind": "co_creation",
        "format": "digital",
        "title": "Samskapingsarena høst",
        "description": "Vi møtes.",
        "start_date": day,
        "start_time": "09:00",
        "end_time": "12:00",
        "end_date": "",
        "place_name": "",
        "street_address": "",
        "postal_code": "",
        "postal_place": "",
        "municipality": "",
        "video_url": "https://video.example.no/rom",
        "capacity": "40",
        "registration_opens_date": opens,
        "registration_opens_time": "00:00",
        "registration_closes_date": closes,
        "registration_closes_time": "12:00",
        "access": "open",
        "programme-TOTAL_FORMS": "3",
        "programme-INITIAL_FORMS": "0",
        "programme-MIN_NUM_FORMS": "0",
        "programme-MAX_NUM_FORMS": "50",
        "programme-0-title": "Velkommen",
        "programme-0-date": "",
        "programme-0-start_time": "09:00",
        "programme-0-end_time": "09:15",
        "programme-0-description": "",
        "programme-1-title": "Grupper",
        "programme-1-start_time": "09:15",
        "questions-TOTAL_FORMS": "3",
        "questions-INITIAL_FORMS": "2",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "20",
        "questions-0-text": "Hvordan kan biblioteket nå nye målgrupper?",
        "questions-1-text": "Hva kan vi skape sammen?",
        "questions-1-DELETE": "",
        "questions-2-text": "Hvem mangler?",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_create_form_starts_with_default_questions_in_users_language(client, coordinator):
    client.force_login(coordinator)
    english = client.get("/en/arenaer/ny/").text
    assert "What can we co-create and develop together?" in english
    assert 'name="questions-INITIAL_FORMS" value="4"' in english
    assert 'type="date"' in english
    assert 'type="time"' in english
    # Adding rows with JavaScript: an empty row to copy, and a button hidden without it.
    assert '<template data-empty-row="programme">' in english
    assert 'name="programme-__prefix__-title"' in english
    assert 'data-add-row="questions" hidden' in english
    assert "arenas/arena-form.js" in english


def test_create_through_the_form(client, coordinator, organisation):
    client.force_login(coordinator)
    response = client.post("/en/arenaer/ny/", form_data(hosts=[str(organisation.pk)], publish="1"))
    assert response.status_code == 302
    arena = Arena.objects.get()
    assert response["Location"] == f"/en/arenaer/{arena.pk}/"
    assert arena.status == Arena.Status.PUBLISHED
    assert arena.created_by == coordinator
    assert timezone.localtime(arena.starts_at).hour == 9
    assert timezone.localtime(arena.starts_at).tzinfo is not None
    assert arena.starts_at.astimezone(OSLO).strftime("%H:%M") == "09:00"
    assert [p.title for p in arena.programme.all()] == ["Velkommen", "Grupper"]
    assert list(arena.questions.values_list("text", flat=True)) == [
        "Hvordan kan biblioteket nå nye målgrupper?",
        "Hva kan vi skape sammen?",
        "Hvem mangler?",
    ]
    assert list(arena.hosts.all()) == [organisation]


def test_create_as_draft_and_delete_a_question(client, coordinator):
    client.force_login(coordinator)
    client.post("/en/arenaer/ny/", form_data(**{"questions-1-DELETE": "on", "save": "1"}))
    arena = Arena.objects.get()
    assert arena.status == Arena.Status.DRAFT
    assert list(arena.questions.values_list("text", flat=True)) == [
        "Hvordan kan biblioteket nå nye målgrupper?",
        "Hvem mangler?",
    ]


def test_create_in_another_county_is_refused(client, coordinator):
    client.force_login(coordinator)
    response = client.post("/en/arenaer/ny/", form_data(county="39"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Arena.objects.exists()


def test_create_errors_keep_input_and_land_on_fields(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        "/en/arenaer/ny/",
        form_data(
            end_time="08:00",
            format="physical",
            video_url="",
            place_name="",
            title="Min tittel beholdes",
            **{"programme-2-title": "Lunsj", "programme-2-start_time": "11:00"},
        ),
    )
    assert response.status_code == 200
    assert not Arena.objects.exists()
    page = response.text
    assert "Correct the following to continue" in page
    assert "The arena must end after it starts." in page
    assert 'id="id_end_time_error"' in page
    assert "A physical or hybrid arena needs a place" in page
    assert 'id="id_place_name_error"' in page
    assert 'value="Min tittel beholdes"' in page
    assert 'value="Lunsj"' in page
    assert "Hvem mangler?" in page


def test_create_programme_row_error(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        "/en/arenaer/ny/",
        form_data(**{"programme-1-end_time": "09:00"}),
    )
    assert response.status_code == 200
    assert "It must end after it starts." in response.text
    assert 'id="id_programme-1-end_time_error"' in response.text
    assert not Arena.objects.exists()


def test_edit_capacity_error_says_how_many(client, host_member, arena):
    RegistrationFactory.create_batch(3, arena=arena)
    client.force_login(host_member)
    page = client.get(f"/en/arenaer/{arena.pk}/rediger/").text
    assert 'name="county"' not in page
    assert f'value="{arena.title}"' in page
    data = form_data(capacity="2", title="Nytt navn")
    del data["county"]
    questions = list(arena.questions.all())
    data.update(
        {
            "questions-TOTAL_FORMS": "2",
            "questions-INITIAL_FORMS": "2",
            "questions-0-pk": str(questions[0].pk),
            "questions-0-text": questions[0].text,
            "questions-1-pk": str(questions[1].pk),
            "questions-1-text": questions[1].text,
        }
    )
    response = client.post(f"/en/arenaer/{arena.pk}/rediger/", data)
    assert response.status_code == 200
    assert "3 people are confirmed, so there must be at least 3 places." in response.text
    assert 'id="id_capacity_error"' in response.text
    assert 'value="Nytt navn"' in response.text
    assert (
        '<h1 class="ds-heading" data-size="xl">Edit Samskapingsarena Telemark</h1>' in response.text
    )
    arena.refresh_from_db()
    assert arena.title == "Samskapingsarena Telemark"
    data["capacity"] = "3"
    response = client.post(f"/en/arenaer/{arena.pk}/rediger/", data)
    assert response.status_code == 302
    arena.refresh_from_db()
    assert arena.title == "Nytt navn"
    assert arena.county_id == "40"
    assert [q.pk for q in arena.questions.all()] == [q.pk for q in questions]


def test_edit_keeps_question_with_contributions(client, coordinator, arena):
    question = arena.questions.first()
    Contribution.objects.create(arena=arena, question=question, author_key="s1", text="Svar")
    client.force_login(coordinator)
    data = form_data()
    del data["county"]
    data.update(
        {
            "questions-TOTAL_FORMS": "1",
            "questions-INITIAL_FORMS": "1",
            "questions-0-pk": str(question.pk),
            "questions-0-text": question.text,
            "questions-0-DELETE": "on",
        }
    )
    response = client.post(f"/en/arenaer/{arena.pk}/rediger/", data)
    assert response.status_code == 200
    assert "has contributions on the wall and cannot be removed" in response.text
    assert arena.questions.filter(pk=question.pk).exists()


def test_edit_form_shows_stored_times_in_oslo(client, coordinator, arena):
    client.force_login(coordinator)
    page = client.get(f"/en/arenaer/{arena.pk}/rediger/").text
    assert 'name="start_time" value="09:00"' in page
    assert 'name="end_time" value="12:00"' in page


# --- publish, cancel, calendar ------------------------------------------------------------


def test_cancel_page_and_emails(
    client, coordinator, arena, django_capture_on_commit_callbacks, mailoutbox
):
    RegistrationFactory.create_batch(2, arena=arena)
    client.force_login(coordinator)
    page = client.get(f"/en/arenaer/{arena.pk}/avlys/").text
    assert "2 people are confirmed" in page
    response = client.post(f"/en/arenaer/{arena.pk}/avlys/", {"reason": ""})
    assert response.status_code == 200
    arena.refresh_from_db()
    assert arena.status == Arena.Status.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/arenaer/{arena.pk}/avlys/", {"reason": "Sykdom"})
    assert response.status_code == 302
    assert len(mailoutbox) == 2


def test_ics_is_public_without_video(client, arena):
    response = client.get(f"/en/arenaer/{arena.pk}/kalender.ics")
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body
    assert "Samskapingsarena Telemark" in body
    assert VIDEO not in body


def test_home_links_to_arenas(client):
    page = client.get("/en/").text
    assert 'href="/en/arenaer/" id="home-arenas-link"' in page
