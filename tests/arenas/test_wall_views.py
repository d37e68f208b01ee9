"""HTTP tests of the live wall: joining (with the rate limit), who sees the wall, posting,
support, polling, moderation and export."""

import csv
import io
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from samskap.arenas import views_live
from samskap.arenas.models import Arena, Contribution, Tag, Vote
from samskap.arenas.participants import SESSION_KEY, Participant
from samskap.arenas.services import wall as wall_services
from tests.factories import ArenaFactory, MembershipFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _english():
    """Pages in English (`/en/…`), so the tests read the source strings."""
    with translation.override("en"):
        yield


@pytest.fixture
def arena(organisation):
    return ArenaFactory(wall_open=True, hosts=[organisation], title="Samskapingsarena Telemark")


def wall_url(arena: Arena, **query: object) -> str:
    url = reverse("arenas:wall", args=[arena.pk])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def join(client: Client, arena: Arena, name: str = "Kari") -> None:
    response = client.post(
        reverse("arenas:join_code"), {"code": arena.join_code.lower(), "name": name}
    )
    assert response.status_code == 302


def as_registered(client: Client, registration) -> None:
    session = client.session
    session[SESSION_KEY] = {
        str(registration.arena_id): {
            "key": f"r{registration.pk}",
            "name": registration.name,
            "r": registration.pk,
        }
    }
    session.save()


def post(arena: Arena, text: str = "Lesestund på arabisk", key: str = "sx") -> Contribution:
    return wall_services.contribution_create(
        arena=arena,
        participant=Participant(key=key, name=""),
        question=arena.questions.first(),
        kind="answer",
        text=text,
    )


def form_data(arena: Arena, text: str = "Et bytteskap for bøker", **extra: str) -> dict:
    return {
        "question": arena.questions.first().pk,
        "kind": "idea",
        "text": text,
        "author_name": "Kari",
        **extra,
    }


# --- joining ----------------------------------------------------------------------------


def test_join_page_renders(client):
    response = client.get(reverse("arenas:join_code"))
    assert response.status_code == 200
    assert 'name="code"' in response.text


def test_join_with_code_case_and_spaces_ignored(client, arena):
    code = arena.join_code
    typed = f" {code[:4].lower()} {code[4:].lower()} "
    response = client.post(reverse("arenas:join_code"), {"code": typed, "name": "Kari N."})
    assert response.status_code == 302
    assert response.url == wall_url(arena)
    entry = client.session[SESSION_KEY][str(arena.pk)]
    assert entry["key"].startswith("s")
    assert entry["name"] == "Kari N."
    assert client.get(wall_url(arena)).status_code == 200


def test_wrong_code_says_so_and_keeps_the_value(client, arena):
    response = client.post(reverse("arenas:join_code"), {"code": "WRONG123", "name": "Kari"})
    assert response.status_code == 200
    assert "No arena has that code" in response.text
    assert 'value="WRONG123"' in response.text
    assert 'value="Kari"' in response.text
    assert SESSION_KEY not in client.session


def test_draft_arena_cannot_be_joined(client):
    draft = ArenaFactory(status="draft", wall_open=True)
    response = client.post(reverse("arenas:join_code"), {"code": draft.join_code})
    assert "No arena has that code" in response.text


def test_eleventh_wrong_code_is_rate_limited(client, arena):
    url = reverse("arenas:join_code")
    for _ in range(10):
        assert client.post(url, {"code": "NOPE2345"}).status_code == 200
    blocked = client.post(url, {"code": arena.join_code})
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.text
    assert SESSION_KEY not in client.session
    # Another client (another address and session) is not affected.
    other = Client(REMOTE_ADDR="192.0.2.44")
    assert other.post(url, {"code": arena.join_code}).status_code == 302


def test_rate_limit_follows_the_session_across_addresses(client, arena):
    url = reverse("arenas:join_code")
    for number in range(10):
        client.post(url, {"code": "NOPE2345"}, REMOTE_ADDR=f"198.51.100.{number}")
    assert client.post(url, {"code": "NOPE2345"}, REMOTE_ADDR="203.0.113.9").status_code == 429


def test_right_code_works_after_the_window(client, arena, monkeypatch):
    monkeypatch.setattr(views_live, "JOIN_CODE_WINDOW", 1)
    url = reverse("arenas:join_code")
    for _ in range(10):
        client.post(url, {"code": "NOPE2345"})
    assert client.post(url, {"code": arena.join_code}).status_code == 429
    time.sleep(1.2)
    assert client.post(url, {"code": arena.join_code}).status_code == 302


def test_arena_join_page(client, arena):
    url = reverse("arenas:join", args=[arena.pk])
    assert client.get(url).status_code == 200
    wrong = client.post(url, {"code": "ABCDEFGH", "name": ""})
    assert "not this arena" in wrong.text
    # Another arena's code does not let you into this one.
    other = ArenaFactory()
    assert client.post(url, {"code": other.join_code}).status_code == 200
    assert client.post(url, {"code": arena.join_code}).url == wall_url(arena)


def test_arena_join_page_wrong_codes_are_limited(client, arena):
    url = reverse("arenas:join", args=[arena.pk])
    for _ in range(10):
        client.post(url, {"code": "ABCDEFGH"})
    assert client.post(url, {"code": arena.join_code}).status_code == 429


def test_registered_person_is_recognised_on_the_join_page(client, arena):
    registration = RegistrationFactory(arena=arena)
    as_registered(client, registration)
    response = client.get(reverse("arenas:join", args=[arena.pk]))
    assert response.status_code == 302
    assert response.url == wall_url(arena)


# --- who sees the wall -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees", "moderates"),
    [
        ("anonymous", False, False),
        ("user", False, False),
        ("org_admin", True, True),  # admin of the host organisation
        ("member", True, True),
        ("coordinator", True, True),
        ("other_coordinator", False, False),
        ("platform_admin", True, True),
    ],
)
def test_wall_access_matrix(client, arena, request, role, sees, moderates):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(wall_url(arena))
    if not sees:
        assert response.status_code == 302
        assert response.url == reverse("arenas:join", args=[arena.pk])
        return
    assert response.status_code == 200
    assert ("Close the wall" in response.text) is moderates
    assert (arena.join_code in response.text) is moderates


def test_member_of_an_unrelated_organisation_must_join(client, arena):
    client.force_login(MembershipFactory(user__email="x@example.no").user)
    assert client.get(wall_url(arena)).status_code == 302


@pytest.mark.parametrize("role", ["anonymous", "user", "other_coordinator"])
def test_joined_people_see_the_wall_without_moderation(client, arena, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    join(client, arena)
    post(arena, "Et synlig bidrag")
    response = client.get(wall_url(arena))
    assert response.status_code == 200
    assert "Et synlig bidrag" in response.text
    assert "Close the wall" not in response.text
    assert "Merge or tag" not in response.text
    assert 'name="text"' in response.text


def test_registered_participant_sees_the_wall(client, arena):
    registration = RegistrationFactory(arena=arena, name="Ola Nordmann")
    as_registered(client, registration)
    response = client.get(wall_url(arena))
    assert response.status_code == 200
    assert "You take part as Ola Nordmann" in response.text
    assert 'value="Ola Nordmann"' in response.text


def test_draft_arena_wall_is_hidden_from_participants(client):
    draft = ArenaFactory(status="draft", wall_open=True)
    session = client.session
    session[SESSION_KEY] = {str(draft.pk): {"key": "sabc", "name": ""}}
    session.save()
    assert client.get(wall_url(draft)).status_code == 404
    assert client.get(wall_url(draft, v=0), **HTMX).status_code == 404


def test_hidden_contributions_only_for_hosts(client, arena, coordinator):
    hidden = post(arena, "Skjult bidrag")
    wall_services.contribution_hide(contribution=hidden, by=coordinator)
    join(client, arena)
    assert "Skjult bidrag" not in client.get(wall_url(arena)).text
    host = Client()
    host.force_login(coordinator)
    page = host.get(wall_url(arena)).text
    assert "Skjult bidrag" in page
    assert "wall-card--hidden" in page
    assert "Show again" in page


# --- posting -----------------------------------------------------------------------------


def test_post_without_javascript(client, arena):
    join(client, arena)
    response = client.post(wall_url(arena), form_data(arena))
    assert response.status_code == 302
    assert response.url == wall_url(arena) + "#wall"
    contribution = Contribution.objects.get()
    assert contribution.text == "Et bytteskap for bøker"
    assert contribution.kind == "idea"
    assert contribution.author_name == "Kari"
    assert contribution.author_key == client.session[SESSION_KEY][str(arena.pk)]["key"]
    page = client.get(response.url).text
    assert "Your contribution is on the wall." in page
    assert "Et bytteskap for bøker" in page


def test_post_with_htmx_empties_the_form_and_updates_the_wall(client, arena):
    join(client, arena)
    response = client.post(wall_url(arena), form_data(arena), **HTMX)
    assert response.status_code == 200
    html = response.text
    assert html.lstrip().startswith('<section id="wall-form"')
    assert '<section id="wall"' in html
    assert 'hx-swap-oob="true"' in html
    assert "Et bytteskap for bøker</p>" in html  # on the wall
    assert "Et bytteskap for bøker</textarea>" not in html  # not in the form
    assert "Your contribution is on the wall." in html
    assert "<html" not in html


def test_host_can_post_with_their_account_key(client, arena, coordinator):
    client.force_login(coordinator)
    client.post(wall_url(arena), form_data(arena))
    assert Contribution.objects.get().author_key == f"u{coordinator.pk}"


def test_post_on_closed_wall_is_refused(client, organisation):
    arena = ArenaFactory(wall_open=False, hosts=[organisation])
    join(client, arena)
    page = client.get(wall_url(arena)).text
    assert "The wall is closed for contributions" in page
    assert 'name="text"' not in page
    response = client.post(wall_url(arena), form_data(arena, text="Teksten min"))
    assert response.status_code == 200
    assert "The wall is closed for contributions" in response.text
    assert "Teksten min</textarea>" in response.text  # kept, to copy
    htmx = client.post(wall_url(arena), form_data(arena, text="Teksten min"), **HTMX)
    assert "The wall is closed for contributions" in htmx.text
    assert "Teksten min</textarea>" in htmx.text
    assert not Contribution.objects.exists()


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_post_of_5000_characters_keeps_the_text(client, arena, headers):
    join(client, arena)
    text = "Lang tekst. " * 416 + "slutt"
    assert len(text) > 4990
    response = client.post(wall_url(arena), form_data(arena, text=text), **headers)
    assert response.status_code == 200
    assert f"The text is {len(text)} characters long; the most is 1000." in response.text
    assert text in response.text
    assert not Contribution.objects.exists()


def test_post_with_a_question_of_another_arena(client, arena):
    join(client, arena)
    other = ArenaFactory()
    data = form_data(arena, question=str(other.questions.first().pk))
    response = client.post(wall_url(arena), data)
    assert response.status_code == 200
    assert not Contribution.objects.exists()


def test_post_without_joining_redirects(client, arena):
    response = client.post(wall_url(arena), form_data(arena))
    assert response.status_code == 302
    assert not Contribution.objects.exists()


# --- support -----------------------------------------------------------------------------


def test_support_toggles_once_per_person(client, arena):
    contribution = post(arena)
    join(client, arena)
    url = reverse("arenas:vote", args=[arena.pk, contribution.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == wall_url(arena) + f"#c{contribution.pk}"
    contribution.refresh_from_db()
    assert contribution.vote_count == 1
    second = Client()
    join(second, arena, name="Ola")
    second.post(url, **HTMX)
    contribution.refresh_from_db()
    assert contribution.vote_count == 2
    html = client.post(url, **HTMX).text  # taken back
    assert "You took back your support." in html
    contribution.refresh_from_db()
    assert contribution.vote_count == 1
    assert Vote.objects.count() == 1


def test_support_shows_pressed_state(client, arena):
    contribution = post(arena)
    join(client, arena)
    html = client.post(reverse("arenas:vote", args=[arena.pk, contribution.pk]), **HTMX).text
    assert f'id="vote-{contribution.pk}"' in html
    assert 'aria-pressed="true"' in html
    assert "You support this contribution." in html


def test_support_refused_when_closed(client, arena, coordinator):
    contribution = post(arena)
    join(client, arena)
    wall_services.wall_open_set(arena=arena, is_open=False, by=coordinator)
    client.post(reverse("arenas:vote", args=[arena.pk, contribution.pk]))
    assert not Vote.objects.exists()


def test_support_requires_joining(client, arena):
    contribution = post(arena)
    response = client.post(reverse("arenas:vote", args=[arena.pk, contribution.pk]))
    assert response.status_code == 302
    assert response.url == reverse("arenas:join", args=[arena.pk])
    assert not Vote.objects.exists()


def test_support_of_another_arenas_contribution_is_404(client, arena):
    other = ArenaFactory(wall_open=True)
    contribution = post(other)
    join(client, arena)
    response = client.post(reverse("arenas:vote", args=[arena.pk, contribution.pk]))
    assert response.status_code == 404


# --- polling -----------------------------------------------------------------------------


def test_poll_with_current_version_is_204_after_two_queries(client, arena):
    post(arena)
    join(client, arena)
    arena.refresh_from_db()
    client.get(wall_url(arena))  # the page, as a browser would load it first
    with CaptureQueriesContext(connection) as queries:
        response = client.get(wall_url(arena, v=arena.wall_version, last=0, sort="new"), **HTMX)
    assert response.status_code == 204
    assert response.content == b""
    # The session, and the wall's version.
    assert len(queries) == 2


def test_host_poll_with_current_version_is_204(client, arena, coordinator):
    client.force_login(coordinator)
    arena.refresh_from_db()
    response = client.get(wall_url(arena, v=arena.wall_version), **HTMX)
    assert response.status_code == 204


def test_poll_with_old_version_returns_the_fragment(client, arena):
    first = post(arena, "Første bidrag")
    join(client, arena)
    arena.refresh_from_db()
    old = arena.wall_version
    post(arena, "Andre bidrag")
    post(arena, "Tredje bidrag")
    response = client.get(wall_url(arena, v=old, last=first.pk, sort="new"), **HTMX)
    assert response.status_code == 200
    html = response.text
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="wall"')
    assert "Andre bidrag" in html
    assert f"?v={old + 2}&amp;last=" in html
    assert 'id="wall-status" hx-swap-oob="innerHTML">2 new contributions' in html


def test_poll_without_joining_is_sent_to_join(client, arena):
    response = client.get(wall_url(arena, v=0), **HTMX)
    # A whole-page redirect by htmx, not a join page swapped into the wall.
    assert response["HX-Redirect"] == reverse("arenas:join", args=[arena.pk])
    assert b"<section" not in response.content


def make_contributions(arena: Arena, count: int) -> None:
    tag = Tag.objects.create(arena=arena, name=f"tag{count}")
    questions = list(arena.questions.all())
    for number in range(count):
        contribution = Contribution.objects.create(
            arena=arena,
            question=questions[number % len(questions)],
            author_key=f"s{number}",
            text=f"Bidrag {number}",
            kind="idea" if number % 2 else "answer",
        )
        contribution.tags.add(tag)
        Vote.objects.create(contribution=contribution, voter_key="sreader")
    Arena.objects.filter(pk=arena.pk).update(wall_version=count + 1)


@pytest.mark.parametrize("as_host", [False, True])
def test_wall_fragment_query_count_is_constant(as_host, organisation, coordinator):
    counts = []
    for size in (5, 100):
        arena = ArenaFactory(wall_open=True, hosts=[organisation])
        make_contributions(arena, size)
        client = Client()
        if as_host:
            client.force_login(coordinator)
        else:
            join(client, arena)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(wall_url(arena, v=0), **HTMX)
        assert response.status_code == 200
        assert response.text.count('<li id="c') == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_full_wall_page_query_count_is_constant(organisation):
    counts = []
    for size in (5, 100):
        arena = ArenaFactory(wall_open=True, hosts=[organisation])
        make_contributions(arena, size)
        client = Client()
        join(client, arena)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(wall_url(arena)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_sort_by_support(client, arena):
    popular = post(arena, "Populært")
    post(arena, "Nyere")
    wall_services.vote_toggle(contribution=popular, voter_key="sa")
    join(client, arena)
    html = client.get(wall_url(arena, sort="support")).text
    assert html.index("Populært") < html.index("Nyere")
    html = client.get(wall_url(arena, sort="new")).text
    assert html.index("Nyere") < html.index("Populært")


# --- moderation --------------------------------------------------------------------------


def moderate_url(arena: Arena, contribution: Contribution) -> str:
    return reverse("arenas:contribution_moderate", args=[arena.pk, contribution.pk])


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("user", 403), ("other_coordinator", 403)],
)
def test_moderation_refused_to_non_hosts(client, arena, request, role, status):
    contribution = post(arena)
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
        join(client, arena)
    for response in (
        client.post(moderate_url(arena, contribution), {"action": "hide"}),
        client.get(moderate_url(arena, contribution)),
        client.post(reverse("arenas:wall_control", args=[arena.pk]), {"open": "0"}),
        client.get(reverse("arenas:wall_csv", args=[arena.pk])),
    ):
        assert response.status_code == status
    contribution.refresh_from_db()
    arena.refresh_from_db()
    assert contribution.status == "visible"
    assert arena.wall_open is True


def test_moderation_of_draft_arena_is_404_for_other_coordinator(client, other_coordinator):
    draft = ArenaFactory(status="draft")
    client.force_login(other_coordinator)
    assert client.get(reverse("arenas:wall_csv", args=[draft.pk])).status_code == 404


def test_host_hides_and_shows(client, arena, member):
    contribution = post(arena)
    client.force_login(member)
    response = client.post(moderate_url(arena, contribution), {"action": "hide"})
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == "hidden"
    html = client.post(moderate_url(arena, contribution), {"action": "show"}, **HTMX).text
    assert "The contribution is shown again." in html
    contribution.refresh_from_db()
    assert contribution.status == "visible"


def test_host_merges_through_the_page(client, arena, coordinator):
    target = post(arena, "Felles kalender", key="sa")
    duplicate = post(arena, "Kalender for alle", key="sb")
    other_question = wall_services.contribution_create(
        arena=arena,
        participant=Participant(key="sc", name=""),
        question=arena.questions.last(),
        kind="answer",
        text="Annet spørsmål",
    )
    wall_services.vote_toggle(contribution=duplicate, voter_key="sv")
    wall_services.vote_toggle(contribution=target, voter_key="sv")
    client.force_login(coordinator)
    page = client.get(moderate_url(arena, duplicate)).text
    assert "Felles kalender</option>" in page
    assert "Annet spørsmål" not in page
    response = client.post(
        moderate_url(arena, duplicate), {"action": "merge", "into": str(target.pk)}
    )
    assert response.status_code == 302
    assert response.url.endswith(f"#c{target.pk}")
    duplicate.refresh_from_db()
    target.refresh_from_db()
    assert duplicate.status == "merged"
    assert target.vote_count == 1
    html = client.get(wall_url(arena)).text
    assert "merged from 1 other" in html
    assert "Kalender for alle" not in html
    # Merging into a contribution of another question is refused with a message.
    refused = client.post(
        moderate_url(arena, target), {"action": "merge", "into": str(other_question.pk)}
    )
    assert refused.status_code == 200
    target.refresh_from_db()
    assert target.status == "visible"


def test_merge_without_a_choice_says_so(client, arena, coordinator):
    contribution = post(arena)
    post(arena, "annet")
    client.force_login(coordinator)
    response = client.post(moderate_url(arena, contribution), {"action": "merge", "into": ""})
    assert response.status_code == 200
    assert "Choose the contribution to merge into." in response.text


def test_host_tags(client, arena, coordinator):
    contribution = post(arena)
    client.force_login(coordinator)
    response = client.post(
        moderate_url(arena, contribution), {"action": "tag", "tags": "ungdom, Følge opp,"}
    )
    assert response.status_code == 302
    assert sorted(contribution.tags.values_list("name", flat=True)) == ["Følge opp", "ungdom"]
    html = client.get(wall_url(arena)).text
    assert '<li class="ds-tag" data-color="info">ungdom</li>' in html
    page = client.get(moderate_url(arena, contribution)).text
    assert 'value="Følge opp, ungdom"' in page


def test_host_tag_too_long_keeps_input(client, arena, coordinator):
    contribution = post(arena)
    client.force_login(coordinator)
    long_tag = "x" * 70
    response = client.post(moderate_url(arena, contribution), {"action": "tag", "tags": long_tag})
    assert response.status_code == 200
    assert f'value="{long_tag}"' in response.text
    assert not Tag.objects.exists()


def test_wall_control_opens_and_closes(client, arena, coordinator):
    client.force_login(coordinator)
    url = reverse("arenas:wall_control", args=[arena.pk])
    assert client.post(url, {"open": "0"}).status_code == 302
    arena.refresh_from_db()
    assert arena.wall_open is False
    page = client.get(wall_url(arena)).text
    assert "Open the wall" in page
    client.post(url, {"open": "1"})
    arena.refresh_from_db()
    assert arena.wall_open is True


# --- export ------------------------------------------------------------------------------


def test_csv_export(client, arena, coordinator):
    target = post(arena, '=HYPERLINK("http://x")')
    duplicate = post(arena, "Duplikat")
    wall_services.vote_toggle(contribution=target, voter_key="sa")
    wall_services.contribution_merge(contribution=duplicate, into=target, by=coordinator)
    wall_services.contribution_tag(contribution=target, tags=["ungdom"], by=coordinator)
    client.force_login(coordinator)
    response = client.get(reverse("arenas:wall_csv", args=[arena.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Question", "Kind", "Text"]
    assert len(rows) == 3
    by_text = {row[2]: row for row in rows[1:]}
    safe = '\'=HYPERLINK("http://x")'
    assert by_text[safe][7] == "ungdom"
    assert by_text[safe][8] == "1"
    assert by_text["Duplikat"][5] == "Merged into another"
    assert by_text["Duplikat"][6] == safe


def test_wall_in_nynorsk(client, arena):
    join(client, arena)
    with translation.override("nn"):
        url = wall_url(arena)
    assert url.startswith("/nn/")
    response = client.get(url)
    assert response.status_code == 200
    assert 'lang="nn"' in response.text
    assert 'hx-get="/nn/arenaer/' in response.text


def test_other_users_session_does_not_leak(arena):
    first = Client()
    join(first, arena, name="A")
    second = Client()
    assert second.get(wall_url(arena)).status_code == 302


def test_shared_wall_carries_each_persons_own_support_and_token(arena):
    contribution = post(arena)
    first, second = Client(), Client()
    join(first, arena, name="A")
    join(second, arena, name="B")
    first.post(reverse("arenas:vote", args=[arena.pk, contribution.pk]))
    arena.refresh_from_db()
    html_first = first.get(wall_url(arena, v=0), **HTMX).text
    with CaptureQueriesContext(connection) as cached:
        html_second = second.get(wall_url(arena, v=0), **HTMX).text
    assert f'id="vote-{contribution.pk}" aria-pressed="true"' in html_first
    assert f'id="vote-{contribution.pk}" aria-pressed="false"' in html_second
    assert "csrf-placeholder" not in html_first + html_second
    assert 'name="csrfmiddlewaretoken" value="' in html_second
    # The second person got the wall rendered for the first: no contribution queries.
    assert not any("arenas_contribution" in q["sql"] and "tags" in q["sql"] for q in cached)
    assert len(cached) <= 6


def test_no_javascript_support_posts_the_csrf_token(arena):
    contribution = post(arena)
    client = Client(enforce_csrf_checks=True)
    html = client.get(reverse("arenas:join_code")).text
    middleware_token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    client.post(
        reverse("arenas:join_code"),
        {"code": arena.join_code, "csrfmiddlewaretoken": middleware_token},
    )
    page = client.get(wall_url(arena)).text
    wall_token = page.split('id="wall"')[1].split('name="csrfmiddlewaretoken" value="')[1]
    wall_token = wall_token.split('"')[0]
    response = client.post(
        reverse("arenas:vote", args=[arena.pk, contribution.pk]),
        {"csrfmiddlewaretoken": wall_token},
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.vote_count == 1


def test_after_a_vote_only_that_card_is_rendered_again(client, arena):
    contributions = [post(arena, f"Bidrag {n}") for n in range(5)]
    join(client, arena)
    client.get(wall_url(arena, v=0), **HTMX)  # every card rendered and kept
    wall_services.vote_toggle(contribution=contributions[2], voter_key="sother")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(wall_url(arena, v=0), **HTMX).text
    assert "1 supports this" in html
    full_reads = [q["sql"] for q in queries if "arenas_breakoutgroup" in q["sql"]]
    assert len(full_reads) == 1
    assert f"IN ({contributions[2].pk})" in full_reads[0]


def test_registered_participant_posts_from_their_published_group(client, arena):
    from django.utils import timezone

    from samskap.arenas.models import BreakoutGroup, BreakoutRound, GroupMember

    registration = RegistrationFactory(arena=arena)
    round_ = BreakoutRound.objects.create(arena=arena, number=1, group_size=4, mode="mixed")
    group = BreakoutGroup.objects.create(round=round_, number=4)
    GroupMember.objects.create(round=round_, group=group, registration=registration)
    other_group = BreakoutGroup.objects.create(round=round_, number=5)
    Arena.objects.filter(pk=arena.pk).update(groups_published_at=timezone.now())
    as_registered(client, registration)
    page = client.get(wall_url(arena)).text
    assert 'name="group"' in page
    assert f'value="{group.pk}"' in page
    refused = client.post(wall_url(arena), form_data(arena, group=str(other_group.pk)))
    assert refused.status_code == 200
    assert not Contribution.objects.exists()
    client.post(wall_url(arena), form_data(arena, group=str(group.pk)))
    contribution = Contribution.objects.get()
    assert contribution.group == group
    assert contribution.registration == registration
    assert "Group 4</span>" in client.get(wall_url(arena)).text


def test_person_without_a_group_gets_no_group_field(client, arena):
    join(client, arena)
    assert 'name="group"' not in client.get(wall_url(arena)).text
