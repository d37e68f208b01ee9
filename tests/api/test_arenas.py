"""`/api/v1/arenas`, `/api/v1/arenas/{id}` and `/api/v1/arenas/{id}/report`."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samskap.arenas.models import Arena, ProgrammeItem, Registration
from samskap.directory.models import Kind
from tests.arenas.test_report import build_scenario, past_arena, register
from tests.factories import ArenaFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ARENA_FIELDS = {
    "id",
    "url",
    "report_url",
    "title",
    "description",
    "kind",
    "format",
    "status",
    "cancel_reason",
    "starts_at",
    "ends_at",
    "place",
    "municipality",
    "county",
    "hosts",
    "capacity",
    "places_left",
    "registration",
    "questions",
    "programme",
}


def _json(response):
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def assert_nothing_personal(body: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in body, secret


@pytest.fixture
def arenas(db):
    host = OrganisationFactory(name="Telemark fylkesbibliotek", slug="tfb", kind=Kind.LIBRARY)
    upcoming = ArenaFactory(
        title="Kommende arena",
        hosts=[host],
        capacity=3,
        place_name="Skien bibliotek",
        municipality_id="4003",
        format="hybrid",
    )
    ProgrammeItem.objects.create(
        arena=upcoming, starts_at=upcoming.starts_at, title="Velkommen", description="Kaffe"
    )
    register(upcoming, status=Registration.Status.CONFIRMED, name="Per Hemmelig")
    register(upcoming, status=Registration.Status.WAITLISTED)
    past = past_arena(title="Tidligere arena", kind="course_day")
    cancelled = ArenaFactory(
        title="Avlyst arena", status=Arena.Status.CANCELLED, cancel_reason="For få påmeldte"
    )
    vestfold = ArenaFactory(title="Vestfold-arena", county_id="39", kind="network_meeting")
    draft = ArenaFactory(title="Utkast-arena", status=Arena.Status.DRAFT)
    return {
        "host": host,
        "upcoming": upcoming,
        "past": past,
        "cancelled": cancelled,
        "vestfold": vestfold,
        "draft": draft,
    }


def titles(body):
    return [item["title"] for item in body["items"]]


def test_list_shows_published_and_cancelled_arenas(api_get, arenas):
    body = _json(api_get("arenas"))
    assert body["count"] == 4
    assert set(titles(body)) == {
        "Kommende arena",
        "Tidligere arena",
        "Avlyst arena",
        "Vestfold-arena",
    }
    assert "Utkast-arena" not in json.dumps(body)
    assert set(body["items"][0]) == ARENA_FIELDS


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"county": "39"}, ["Vestfold-arena"]),
        ({"county": "40", "kind": "course_day"}, ["Tidligere arena"]),
        ({"when": "past"}, ["Tidligere arena"]),
        ({"county": "03"}, []),
        ({"kind": ""}, None),
    ],
)
def test_list_filters(api_get, arenas, params, expected):
    body = _json(api_get("arenas", **params))
    if expected is None:
        assert body["count"] == 4
    else:
        assert titles(body) == expected


def test_upcoming_soonest_first(api_get, arenas):
    arenas["vestfold"].starts_at = timezone.now() + dt.timedelta(days=3)
    arenas["vestfold"].registration_closes = timezone.now() + dt.timedelta(days=2)
    arenas["vestfold"].ends_at = arenas["vestfold"].starts_at + dt.timedelta(hours=2)
    arenas["vestfold"].save()
    body = _json(api_get("arenas", when="upcoming"))
    assert titles(body)[0] == "Vestfold-arena"
    assert "Tidligere arena" not in titles(body)


@pytest.mark.parametrize(
    "params",
    [{"county": "4"}, {"kind": "party"}, {"when": "tomorrow"}, {"page_size": "101"}],
)
def test_malformed_filters_give_422(api_get, arenas, params):
    assert api_get("arenas", **params).status_code == 422


def test_list_paginates(api_get, arenas):
    body = _json(api_get("arenas", page_size=2))
    assert body["count"] == 4
    assert len(body["items"]) == 2
    assert body["next"] == "http://testserver/api/v1/arenas?page_size=2&page=2"
    assert body["previous"] is None


def test_list_makes_a_constant_number_of_queries(api_get, arenas):
    with CaptureQueriesContext(connection) as few:
        _json(api_get("arenas"))
    for index in range(10):
        arena = ArenaFactory(hosts=[OrganisationFactory(), arenas["host"]])
        ProgrammeItem.objects.create(arena=arena, starts_at=arena.starts_at, title=f"Punkt {index}")
        register(arena, status=Registration.Status.CONFIRMED)
    with CaptureQueriesContext(connection) as many:
        body = _json(api_get("arenas", page_size=100))
    assert body["count"] == 14
    assert len(many) == len(few)


def test_detail(api_get, arenas):
    arena = arenas["upcoming"]
    body = _json(api_get(f"arenas/{arena.pk}"))
    assert set(body) == ARENA_FIELDS
    assert body["id"] == arena.pk
    assert body["title"] == "Kommende arena"
    assert body["kind"] == "co_creation"
    assert body["format"] == "hybrid"
    assert body["status"] == "published"
    assert body["url"] == f"http://testserver/arenaer/{arena.pk}/"
    assert body["report_url"] == f"http://testserver/api/v1/arenas/{arena.pk}/report"
    assert body["starts_at"].endswith(("+01:00", "+02:00"))
    assert body["place"]["name"] == "Skien bibliotek"
    assert body["municipality"] == {"number": "4003", "name": "Skien"}
    assert body["county"] == {"number": "40", "name": "Telemark"}
    assert body["hosts"] == [
        {"slug": "tfb", "name": "Telemark fylkesbibliotek", "url": "http://testserver/aktorer/tfb/"}
    ]
    assert body["capacity"] == 3
    assert body["places_left"] == 2
    assert body["registration"]["is_open"] is True
    assert body["registration"]["access"] == "open"
    assert [q["text"] for q in body["questions"]] == [
        "Hvordan kan biblioteket nå nye målgrupper?",
        "Hva kan vi skape sammen?",
    ]
    assert body["programme"][0]["title"] == "Velkommen"
    assert body["programme"][0]["ends_at"] is None


def test_detail_of_a_cancelled_arena(api_get, arenas):
    body = _json(api_get(f"arenas/{arenas['cancelled'].pk}"))
    assert body["status"] == "cancelled"
    assert body["cancel_reason"] == "For få påmeldte"
    assert body["registration"]["is_open"] is False


def test_places_left_is_never_negative(api_get):
    arena = ArenaFactory(capacity=1)
    register(arena, status=Registration.Status.CONFIRMED)
    register(arena, status=Registration.Status.ATTENDED)
    assert _json(api_get(f"arenas/{arena.pk}"))["places_left"] == 0


@pytest.mark.parametrize("suffix", ["", "/report"])
def test_drafts_and_unknown_numbers_give_404(api_get, arenas, suffix, client, coordinator):
    # Not even for a coordinator who may see the draft on the site.
    client.force_login(coordinator)
    for pk in (arenas["draft"].pk, 999999):
        response = api_get(f"arenas/{pk}{suffix}")
        assert response.status_code == 404
        assert json.loads(response.content)["detail"]


def test_no_personal_data_anywhere(api_get, arenas):
    scenario = build_scenario()
    secrets = [
        "Per Hemmelig",
        "Lise Bibliotekar",
        "Kari Nordmann",
        "Ola Dunk",
        "@example.no",
        "video.example.no",
        "Skien helsestasjon",
        "Bø Husflidslag",
        "Hemmelig idé",
        "author",
        "join_code",
        "video",
    ]
    codes = list(Arena.objects.values_list("join_code", flat=True))

    def text(response):
        # Decoded, so non-ASCII letters are compared as themselves, not as \u escapes.
        return json.dumps(_json(response), ensure_ascii=False)

    bodies = [text(api_get("arenas", page_size=100))]
    for arena in Arena.objects.published():
        bodies.append(text(api_get(f"arenas/{arena.pk}")))
        bodies.append(text(api_get(f"arenas/{arena.pk}/report")))
    assert any("Lesestund på asylmottaket" in body for body in bodies)
    for body in bodies:
        assert_nothing_personal(body, *secrets, *codes)
    assert scenario.arena.video_url


def test_report(api_get):
    scenario = build_scenario()
    body = _json(api_get(f"arenas/{scenario.arena.pk}/report"))
    assert body["arena"]["id"] == scenario.arena.pk
    assert body["arena"]["report_page_url"].endswith(f"/arenaer/{scenario.arena.pk}/rapport/")
    assert body["basis"] == "attended"
    assert body["basis_total"] == 9
    assert body["registrations"] == {
        "registered": 11,
        "confirmed": 2,
        "attended": 9,
        "waitlisted": 1,
        "cancelled": 1,
        "attendance_marked": True,
        "attendance_rate": pytest.approx(81.818, abs=0.01),
    }
    sectors = {item["sector"]: item["count"] for item in body["sectors"]}
    assert sectors["voluntary"] == 5
    assert body["municipalities"][0] == {
        "number": "4003",
        "name": "Skien",
        "count": 5,
        "percent": pytest.approx(100 * 5 / 9),
    }
    organisations = body["organisations"]
    assert organisations["total"] == 7
    assert [o["name"] for o in organisations["listed"]] == [
        "Notodden kulturskole",
        "Porsgrunn frivilligsentral",
        "Porsgrunn turlag",
        "Skien bibliotek",
        "Skien Røde Kors",
    ]
    assert (organisations["others"], organisations["others_people"]) == (2, 3)
    reach = body["reach"]
    assert reach["county"] == {"number": "40", "name": "Telemark"}
    assert [m["name"] for m in reach["reached"]] == ["Skien", "Porsgrunn", "Notodden"]
    assert len(reach["not_reached"]) == 14
    assert reach["outside_county"] == 1
    first = body["questions"][0]
    assert (first["answers"], first["ideas"]) == (2, 1)
    assert first["top"][0] == {"text": "Lesestund på asylmottaket", "kind": "answer", "support": 4}
    connections = body["new_connections"]
    assert connections["count"] == 5
    assert connections["unnamed"] == 1
    assert {"first": "Notodden kulturskole", "second": "Skien bibliotek"} in connections["named"]


def test_report_is_public_even_for_hosts(api_get, client):
    scenario = build_scenario()
    client.force_login(MembershipFactory(organisation=scenario.host).user)
    body = json.dumps(_json(api_get(f"arenas/{scenario.arena.pk}/report")), ensure_ascii=False)
    assert "Skien Røde Kors" in body
    assert "Skien helsestasjon" not in body
    assert "Kari Nordmann" not in body


def test_report_of_an_upcoming_arena(api_get, arenas):
    body = _json(api_get(f"arenas/{arenas['upcoming'].pk}/report"))
    assert body["basis"] == "registered"
    assert body["registrations"]["attendance_marked"] is False
    assert body["registrations"]["attendance_rate"] is None
