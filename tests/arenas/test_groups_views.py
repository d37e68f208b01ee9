"""The hosts' breakout groups pages over HTTP: permissions, making groups, moving people
(full page and htmx), video room links, publishing, the printable page, the participant's
block on their personal page, and query counts."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from samskap.arenas.models import (
    BreakoutGroup,
    BreakoutRound,
    Contribution,
    GroupMember,
    Registration,
)
from samskap.arenas.selectors import groups as selectors
from samskap.arenas.services import groups as services
from tests.arenas.test_groups import generate, populate, state
from tests.factories import ArenaFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def arena(organisation):
    return ArenaFactory(hosts=[organisation])


@pytest.fixture
def host(member):
    return member


def url(arena, name=""):
    suffix = {
        "": "",
        "move": "flytt/",
        "links": "lenker/",
        "publish": "publiser/",
        "print": "utskrift/",
    }
    return f"/en/arenaer/{arena.pk}/grupper/{suffix[name]}"


# --- permissions -----------------------------------------------------------------------------


def _unrelated_admin():
    return MembershipFactory(
        organisation=OrganisationFactory(), user__email="other.admin@example.no", role="admin"
    ).user


ROLES = {
    "anonymous": (lambda f: None, "login"),
    "outsider": (lambda f: f["user"], 403),
    "host_member": (lambda f: f["member"], "ok"),
    "unrelated_org_admin": (lambda f: _unrelated_admin(), 403),
    "coordinator": (lambda f: f["coordinator"], "ok"),
    "other_coordinator": (lambda f: f["other_coordinator"], 403),
    "platform_admin": (lambda f: f["platform_admin"], "ok"),
}

REQUESTS = {
    "page": ("get", "", {}, 200),
    "print": ("get", "print", {}, 200),
    "generate": ("post", "", {"group_size": "2", "rounds": "1", "mode": "mixed"}, 302),
    "links": ("post", "links", {}, 302),
    "publish": ("post", "publish", {"action": "publish"}, 302),
    "move": ("post", "move", None, 302),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("request_name", REQUESTS)
def test_permission_matrix(
    client, role, request_name, user, member, coordinator, other_coordinator, platform_admin, arena
):
    people = populate(arena, 4)
    if request_name != "generate":
        generate(arena, group_size=2, rounds=1)
    fixtures = {
        "user": user,
        "member": member,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "platform_admin": platform_admin,
    }
    who, expected = ROLES[role]
    person = who(fixtures)
    if person is not None:
        client.force_login(person)
    method, name, data, ok_status = REQUESTS[request_name]
    if data is None:
        member_row = (
            GroupMember.objects.select_related("round").filter(registration=people[0]).get()
        )
        target = BreakoutGroup.objects.exclude(pk=member_row.group_id).first()
        data = {"registration": people[0].pk, "round": member_row.round_id, "group": target.pk}
    before = (state(arena), arena.groups_published_at)
    response = getattr(client, method)(url(arena, name), data)
    if expected == "login":
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    elif expected == 403:
        assert response.status_code == 403
    else:
        assert response.status_code == ok_status
    if expected != "ok":
        arena.refresh_from_db()
        assert (state(arena), arena.groups_published_at) == before


@pytest.mark.parametrize("name", ["", "print"])
def test_a_draft_arena_is_not_found_for_outsiders(client, user, organisation, name):
    draft = ArenaFactory(hosts=[organisation], status="draft")
    client.force_login(user)
    assert client.get(url(draft, name)).status_code == 404


def test_get_on_post_only_urls(client, host, arena):
    client.force_login(host)
    assert client.get(url(arena, "move")).status_code == 405
    assert client.get(url(arena, "publish")).status_code == 405
    response = client.get(url(arena, "links"))
    assert response.status_code == 302
    assert response["Location"].endswith("#links-heading")


# --- the page --------------------------------------------------------------------------------


def test_empty_state_when_no_one_holds_a_place(client, host, arena):
    client.force_login(host)
    response = client.get(url(arena))
    html = response.content.decode()
    assert "No one holds a place at this arena yet" in html
    assert 'name="group_size"' not in html


def test_the_page_before_groups_are_made(client, host, arena):
    populate(arena, 7)
    client.force_login(host)
    html = client.get(url(arena)).content.decode()
    assert "7 people hold a place" in html
    assert 'name="group_size"' in html and 'value="5"' in html
    assert 'name="rounds"' in html and 'value="3"' in html
    assert "Mix municipalities" in html and "Keep municipalities together" in html
    assert "Shuffle again" in html
    assert 'name="replace"' not in html
    assert "Publish the groups" not in html


def test_generate_over_http(client, host, arena):
    populate(arena, 12)
    client.force_login(host)
    response = client.post(
        url(arena), {"group_size": "4", "rounds": "2", "mode": "local", "seed": "5"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/en/arenaer/{arena.pk}/grupper/#groups-heading"
    assert BreakoutRound.objects.filter(arena=arena, seed=5, mode="local").count() == 2
    assert GroupMember.objects.count() == 24
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "The groups are made: 2 rounds." in html
    assert "Round 1" in html and "Group 3 (4 people)" in html
    assert "How well the groups mix" in html
    assert "of the pairs of people in a group come from the same municipality" in html
    assert "Publish the groups" in html
    assert 'name="replace"' in html
    # Every person appears once per round with a move control.
    assert html.count('name="registration"') == 24


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"group_size": "0"}, "A group needs at least one person"),
        ({"group_size": "13"}, "The group size (13) is larger than the number of participants"),
        ({"group_size": "x"}, "Enter a whole number."),
        ({"rounds": "20"}, "Choose between 1 and 10 rounds."),
    ],
)
def test_generate_refusals_re_render_with_what_was_typed(client, host, arena, data, message):
    populate(arena, 12)
    client.force_login(host)
    form = {"group_size": "4", "rounds": "2", "mode": "mixed", **data}
    response = client.post(url(arena), form)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'value="{form["group_size"]}"' in html
    assert not BreakoutRound.objects.exists()


def test_generate_with_nobody_registered(client, host, arena):
    client.force_login(host)
    response = client.post(url(arena), {"group_size": "4", "rounds": "2", "mode": "mixed"})
    assert response.status_code == 200
    assert "No one holds a place at this arena yet" in response.content.decode()
    assert not BreakoutRound.objects.exists()


def test_regenerating_needs_the_box_ticked(client, host, arena):
    populate(arena, 8)
    generate(arena, group_size=4, rounds=2)
    services.groups_publish(arena=arena, by=None)
    before = state(arena)
    client.force_login(host)
    page = client.get(url(arena)).content.decode()
    assert "The groups are published. New groups replace them" in page
    form = {"group_size": "2", "rounds": "1", "mode": "mixed"}
    response = client.post(url(arena), form)
    assert response.status_code == 200
    assert "Tick the box to replace the current groups." in response.content.decode()
    assert state(arena) == before
    response = client.post(url(arena), {**form, "replace": "on"})
    assert response.status_code == 302
    arena.refresh_from_db()
    assert arena.groups_published_at is None
    assert BreakoutRound.objects.filter(arena=arena).count() == 1


def test_the_page_warns_that_new_groups_unlink_the_walls_group_posts(client, host, arena):
    populate(arena, 8)
    generate(arena, group_size=4, rounds=1)
    client.force_login(host)
    warning = "no longer say which group they came from"
    assert warning not in client.get(url(arena)).content.decode()
    group = BreakoutGroup.objects.filter(round__arena=arena).first()
    Contribution.objects.create(arena=arena, group=group, author_key="s1", text="Bokbuss")
    assert warning in client.get(url(arena)).content.decode()


def test_shuffle_again_picks_a_new_seed(client, host, arena, monkeypatch):
    populate(arena, 8)
    monkeypatch.setattr(services, "new_seed", lambda: 4242)
    client.force_login(host)
    response = client.post(
        url(arena), {"group_size": "4", "rounds": "1", "mode": "mixed", "seed": "1", "shuffle": "1"}
    )
    assert response.status_code == 302
    assert BreakoutRound.objects.get().seed == 4242
    assert 'value="4242"' in client.get(url(arena)).content.decode()


# --- moving ----------------------------------------------------------------------------------


def _move_data(arena, registration, round_number=1, *, other_round=False):
    breakout_round = BreakoutRound.objects.get(arena=arena, number=round_number)
    current = GroupMember.objects.get(round=breakout_round, registration=registration).group
    if other_round:
        target = BreakoutGroup.objects.exclude(round=breakout_round).first()
    else:
        target = breakout_round.groups.exclude(pk=current.pk).first()
    return (
        breakout_round,
        target,
        {
            "registration": registration.pk,
            "round": breakout_round.pk,
            "group": target.pk,
        },
    )


def test_move_without_javascript(client, host, arena):
    people = populate(arena, 10)
    generate(arena, group_size=5, rounds=2)
    breakout_round, target, data = _move_data(arena, people[0], 2)
    client.force_login(host)
    response = client.post(url(arena, "move"), data)
    assert response.status_code == 302
    assert response["Location"] == f"/en/arenaer/{arena.pk}/grupper/#round-2"
    assert GroupMember.objects.get(round=breakout_round, registration=people[0]).group == target
    html = client.get(response["Location"]).content.decode()
    assert f"{people[0].name} is now in group {target.number} in round 2." in html
    assert "Group 1 (6 people)" in html or "Group 2 (6 people)" in html


def test_move_with_htmx_returns_the_round(client, host, arena):
    people = populate(arena, 10)
    generate(arena, group_size=5, rounds=2)
    breakout_round, target, data = _move_data(arena, people[0], 1)
    client.force_login(host)
    response = client.post(url(arena, "move"), data, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="round-1"' in html and 'id="round-2"' not in html
    assert 'id="groups-score" hx-swap-oob="innerHTML"' in html
    assert 'id="groups-feedback" hx-swap-oob="innerHTML"' in html
    assert "is now in group" in html
    assert "(6 people)" in html
    assert GroupMember.objects.get(round=breakout_round, registration=people[0]).group == target


def test_move_to_a_group_of_another_round_is_refused(client, host, arena):
    people = populate(arena, 10)
    generate(arena, group_size=5, rounds=2)
    _, _, data = _move_data(arena, people[0], 1, other_round=True)
    before = state(arena)
    client.force_login(host)
    response = client.post(url(arena, "move"), data, **HTMX)
    assert response.status_code == 200
    assert "The group is in another round" in response.content.decode()
    response = client.post(url(arena, "move"), data, follow=True)
    assert "The group is in another round" in response.content.decode()
    assert state(arena) == before


def test_move_of_someone_from_another_arena_is_not_found(client, host, arena):
    populate(arena, 4)
    generate(arena, group_size=2, rounds=1)
    stranger = populate(ArenaFactory(), 1)[0]
    breakout_round = BreakoutRound.objects.get(arena=arena)
    data = {
        "registration": stranger.pk,
        "round": breakout_round.pk,
        "group": breakout_round.groups.first().pk,
    }
    before = state(arena)
    client.force_login(host)
    response = client.post(url(arena, "move"), data, **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/en/arenaer/{arena.pk}/grupper/"
    response = client.post(url(arena, "move"), data, follow=True)
    assert "That person or group was not found" in response.content.decode()
    assert state(arena) == before


# --- links -----------------------------------------------------------------------------------


def _links_data(arena, link="https://meet.example.no/rom"):
    data = {}
    for breakout_round in BreakoutRound.objects.filter(arena=arena):
        data[f"title_{breakout_round.pk}"] = f"Runde {breakout_round.number}"
        data[f"question_{breakout_round.pk}"] = ""
        for group in breakout_round.groups.all():
            data[f"link_{group.pk}"] = f"{link}-{group.pk}"
    return data


def test_links_saved_together(client, host, arena):
    populate(arena, 6)
    generate(arena, group_size=3, rounds=2)
    question = arena.questions.first()
    data = _links_data(arena)
    first = BreakoutRound.objects.get(arena=arena, number=1)
    data[f"question_{first.pk}"] = str(question.pk)
    client.force_login(host)
    response = client.post(url(arena, "links"), data)
    assert response.status_code == 302
    assert all(
        g.video_url == f"https://meet.example.no/rom-{g.pk}" for g in BreakoutGroup.objects.all()
    )
    first.refresh_from_db()
    assert (first.title, first.question) == ("Runde 1", question)
    html = client.get(url(arena)).content.decode()
    assert "Round 1: Runde 1" in html
    assert f"Question: {question.text}" in html


def test_a_bad_link_keeps_what_was_typed_and_saves_nothing(client, host, arena):
    populate(arena, 6)
    generate(arena, group_size=3, rounds=1)
    data = _links_data(arena)
    bad_group = BreakoutGroup.objects.order_by("number").last()
    data[f"link_{bad_group.pk}"] = "ikke en lenke"
    client.force_login(host)
    response = client.post(url(arena, "links"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a full web address" in html
    assert 'value="ikke en lenke"' in html
    assert f'value="https://meet.example.no/rom-{BreakoutGroup.objects.first().pk}"' in html
    assert not BreakoutGroup.objects.exclude(video_url="").exists()
    assert not BreakoutRound.objects.exclude(title="").exists()


# --- publishing ------------------------------------------------------------------------------


def test_publish_and_hide(client, host, arena):
    populate(arena, 4)
    client.force_login(host)
    response = client.post(url(arena, "publish"), {"action": "publish"}, follow=True)
    assert "Make the groups before you publish them." in response.content.decode()
    generate(arena, group_size=2, rounds=1)
    response = client.post(url(arena, "publish"), {"action": "publish"}, follow=True)
    arena.refresh_from_db()
    assert arena.groups_published_at is not None
    assert "The groups are published." in response.content.decode()
    assert "Hide the groups from the participants" in response.content.decode()
    client.post(url(arena, "publish"), {"action": "unpublish"})
    arena.refresh_from_db()
    assert arena.groups_published_at is None
    response = client.post(url(arena, "publish"), {"action": "delete"}, follow=True)
    assert "Unknown action" in response.content.decode()


# --- the printable page ----------------------------------------------------------------------


def test_print_page(client, host, arena):
    people = populate(arena, 6)
    generate(arena, group_size=3, rounds=2)
    client.force_login(host)
    response = client.get(url(arena, "print"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="arenas-print__round') == 2
    assert "arenas/groups.css" in html and "arenas/groups-print.js" in html
    assert "<script>" not in html and "style=" not in html
    for person in people:
        assert html.count(person.name) == 2
    assert people[0].organisation.name in html
    assert "Ctrl+P" in html


def test_print_page_without_groups(client, host, arena):
    client.force_login(host)
    assert "No groups have been made yet." in client.get(url(arena, "print")).content.decode()


# --- the participant's block -----------------------------------------------------------------


def test_my_groups_block_shows_consenting_members_and_the_room():
    arena = ArenaFactory()
    people = populate(arena, 4)
    generate(arena, group_size=4, rounds=1)
    shown, hidden = people[1], people[2]
    Registration.objects.filter(pk=shown.pk).update(show_to_participants=True)
    BreakoutGroup.objects.update(video_url="https://meet.example.no/g1")
    services.groups_publish(arena=arena, by=None)
    me = Registration.objects.select_related("arena").get(pk=people[0].pk)
    from django.utils import translation

    with translation.override("en"):
        html = render_to_string(
            "arenas/groups/_my_groups.html", {"groups": selectors.groups_for_registration(me)}
        )
    assert "Round 1: group 1" in html
    assert 'href="https://meet.example.no/g1"' in html
    assert "You and 3 other people." in html
    assert shown.name in html
    assert hidden.name not in html
    assert "2 people in the group have not chosen to show their names." in html
    assert render_to_string("arenas/groups/_my_groups.html", {"groups": []}).strip() == ""


# --- query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "move-fragment"])
def test_constant_queries(client, host, headers):
    counts = []
    for size in (10, 60):
        arena = ArenaFactory(hosts=[host.memberships.first().organisation])
        people = populate(arena, size)
        generate(arena, group_size=5, rounds=3)
        BreakoutGroup.objects.filter(round__arena=arena).update(video_url="https://x.example.no/")
        client.force_login(host)
        with CaptureQueriesContext(connection) as queries:
            if headers:
                _, _, data = _move_data(arena, people[0], 2)
                response = client.post(url(arena, "move"), data, **headers)
            else:
                response = client.get(url(arena))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_print_page_constant_queries(client, host):
    counts = []
    for size in (10, 60):
        arena = ArenaFactory(hosts=[host.memberships.first().organisation])
        populate(arena, size)
        generate(arena, group_size=5, rounds=3)
        client.force_login(host)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(arena, "print")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_host_sees_everyones_name_on_the_page(client, host, arena):
    people = populate(arena, 5)
    generate(arena, group_size=5, rounds=1)
    assert not any(p.show_to_participants for p in people)
    client.force_login(host)
    html = client.get(url(arena)).content.decode()
    assert all(p.name in html for p in people)


def test_pages_have_no_inline_code_and_unique_ids(client, host, arena):
    import re

    from tests.test_security import inline_code

    populate(arena, 12)
    generate(arena, group_size=4, rounds=3)
    services.group_links_set(
        arena=arena, links={g.pk: "https://meet.example.no/r" for g in BreakoutGroup.objects.all()}
    )
    client.force_login(host)
    for name in ("", "print"):
        html = client.get(url(arena, name)).content.decode()
        assert not inline_code(html).problems, name
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
        # Every form control on the page has a label.
        for control in re.findall(r'<(?:select|input)[^>]*\sid="([^"]+)"', html):
            assert f'for="{control}"' in html, control


def test_print_leaves_out_people_who_cancelled(client, host, arena):
    people = populate(arena, 6)
    generate(arena, group_size=3, rounds=1)
    Registration.objects.filter(pk=people[0].pk).update(status=Registration.Status.CANCELLED)
    client.force_login(host)
    html = client.get(url(arena, "print")).content.decode()
    assert people[0].name not in html
    assert people[1].name in html
    page = client.get(url(arena)).content.decode()
    assert "1 person in the groups has cancelled since the groups were made." in page
    assert f'{people[0].name}</span> <span class="samskap-muted">(Cancelled)</span>' in page
