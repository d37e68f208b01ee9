"""Services and selectors of the live wall: posting, support, moderation."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from samskap.arenas.models import (
    Arena,
    BreakoutGroup,
    BreakoutRound,
    Contribution,
    GroupMember,
    Tag,
    Vote,
)
from samskap.arenas.participants import Participant
from samskap.arenas.selectors import wall as wall_selectors
from samskap.arenas.services import wall as wall_services
from tests.factories import ArenaFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

JOINED = Participant(key="sjoined", name="Kari")


def version(arena: Arena) -> int:
    return Arena.objects.values_list("wall_version", flat=True).get(pk=arena.pk)


def post(arena: Arena, text: str = "Lesestund på norsk og arabisk", **kwargs) -> Contribution:
    kwargs.setdefault("participant", JOINED)
    kwargs.setdefault("question", arena.questions.first())
    kwargs.setdefault("kind", "answer")
    return wall_services.contribution_create(arena=arena, text=text, **kwargs)


@pytest.fixture
def arena():
    return ArenaFactory(wall_open=True)


def test_create_saves_and_bumps_version(arena):
    before = version(arena)
    contribution = post(arena, "  Bok-bytte på biblioteket  ", author_name=" Kari ", kind="idea")
    contribution.refresh_from_db()
    assert contribution.text == "Bok-bytte på biblioteket"
    assert contribution.author_name == "Kari"
    assert contribution.author_key == "sjoined"
    assert contribution.kind == "idea"
    assert contribution.status == "visible"
    assert version(arena) == before + 1


def test_create_remembers_the_registration(arena):
    registration = RegistrationFactory(arena=arena)
    participant = Participant(key=f"r{registration.pk}", name="X", registration_id=registration.pk)
    contribution = post(arena, participant=participant)
    assert contribution.registration_id == registration.pk


def test_create_refused_when_the_wall_is_closed():
    arena = ArenaFactory(wall_open=False)
    with pytest.raises(ValidationError) as error:
        post(arena)
    assert error.value.code == "closed"
    assert not Contribution.objects.exists()
    assert version(arena) == 0


def test_create_refused_when_the_arena_is_cancelled():
    arena = ArenaFactory(wall_open=True, status="cancelled")
    with pytest.raises(ValidationError):
        post(arena)
    assert not Contribution.objects.exists()


@pytest.mark.parametrize("text", ["", "   ", "x" * 1001, "x" * 5000])
def test_create_refuses_empty_and_too_long_text(arena, text):
    with pytest.raises(ValidationError) as error:
        post(arena, text)
    assert "text" in error.value.error_dict
    assert not Contribution.objects.exists()
    assert version(arena) == 0


def test_exactly_1000_characters_is_fine(arena):
    assert len(post(arena, "æ" * 1000).text) == 1000


def test_create_refuses_another_arenas_question(arena):
    other = ArenaFactory()
    with pytest.raises(ValidationError) as error:
        post(arena, question=other.questions.first())
    assert "question" in error.value.error_dict


def test_create_refuses_an_unknown_kind(arena):
    with pytest.raises(ValidationError) as error:
        post(arena, kind="rant")
    assert "kind" in error.value.error_dict


def make_group(arena: Arena, registrations, number: int = 4) -> BreakoutGroup:
    round_ = BreakoutRound.objects.get_or_create(
        arena=arena, number=1, defaults={"group_size": 4, "mode": "mixed"}
    )[0]
    group = BreakoutGroup.objects.create(round=round_, number=number)
    for registration in registrations:
        GroupMember.objects.create(round=round_, group=group, registration=registration)
    return group


def test_create_from_own_published_group(arena):
    registration = RegistrationFactory(arena=arena)
    group = make_group(arena, [registration])
    Arena.objects.filter(pk=arena.pk).update(groups_published_at="2026-01-01T10:00:00Z")
    arena.refresh_from_db()
    participant = Participant(key=f"r{registration.pk}", name="", registration_id=registration.pk)
    contribution = post(arena, participant=participant, group=group)
    assert contribution.group == group


def test_create_refuses_someone_elses_group(arena):
    mine = RegistrationFactory(arena=arena)
    other = RegistrationFactory(arena=arena)
    make_group(arena, [mine], number=1)
    their_group = make_group(arena, [other], number=2)
    Arena.objects.filter(pk=arena.pk).update(groups_published_at="2026-01-01T10:00:00Z")
    arena.refresh_from_db()
    participant = Participant(key=f"r{mine.pk}", name="", registration_id=mine.pk)
    with pytest.raises(ValidationError) as error:
        post(arena, participant=participant, group=their_group)
    assert "group" in error.value.error_dict
    # Someone who joined with the code has no group at all.
    with pytest.raises(ValidationError):
        post(arena, group=their_group)
    assert not Contribution.objects.exists()


def test_create_refuses_a_group_before_publishing(arena):
    registration = RegistrationFactory(arena=arena)
    group = make_group(arena, [registration])
    participant = Participant(key=f"r{registration.pk}", name="", registration_id=registration.pk)
    with pytest.raises(ValidationError):
        post(arena, participant=participant, group=group)


# --- support ---------------------------------------------------------------------------


def test_vote_toggles_and_counts_once_per_person(arena):
    contribution = post(arena)
    before = version(arena)
    assert wall_services.vote_toggle(contribution=contribution, voter_key="sa") is True
    assert contribution.vote_count == 1
    assert wall_services.vote_toggle(contribution=contribution, voter_key="sb") is True
    contribution.refresh_from_db()
    assert contribution.vote_count == 2
    assert wall_services.vote_toggle(contribution=contribution, voter_key="sa") is False
    contribution.refresh_from_db()
    assert contribution.vote_count == 1
    assert list(Vote.objects.values_list("voter_key", flat=True)) == ["sb"]
    assert version(arena) == before + 3


def test_vote_refused_on_hidden_contribution_and_closed_wall(arena, coordinator):
    contribution = post(arena)
    wall_services.contribution_hide(contribution=contribution, by=coordinator)
    with pytest.raises(ValidationError):
        wall_services.vote_toggle(contribution=contribution, voter_key="sa")
    wall_services.contribution_show(contribution=contribution, by=coordinator)
    wall_services.wall_open_set(arena=arena, is_open=False, by=coordinator)
    with pytest.raises(ValidationError):
        wall_services.vote_toggle(contribution=contribution, voter_key="sa")
    assert not Vote.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_keep_the_count_exact(reference_data):
    arena = ArenaFactory(wall_open=True)
    contribution = post(arena)
    # 12 people support at once, and one person clicks twice at once.
    keys = [f"s{n}" for n in range(12)] + ["sdouble", "sdouble"]
    barrier = threading.Barrier(len(keys))
    errors: list[BaseException] = []

    def click(key: str) -> None:
        from django.db import connections

        try:
            barrier.wait()
            wall_services.vote_toggle(
                contribution=Contribution.objects.get(pk=contribution.pk), voter_key=key
            )
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    contribution.refresh_from_db()
    votes = Vote.objects.filter(contribution=contribution).count()
    assert contribution.vote_count == votes
    # The double click toggled on and off (serialised by the row lock).
    assert votes == 12


# --- moderation --------------------------------------------------------------------------


def test_hide_and_show(arena, coordinator):
    contribution = post(arena)
    before = version(arena)
    wall_services.contribution_hide(contribution=contribution, by=coordinator)
    contribution.refresh_from_db()
    assert contribution.status == "hidden"
    with pytest.raises(ValidationError):
        wall_services.contribution_hide(contribution=contribution, by=coordinator)
    wall_services.contribution_show(contribution=contribution, by=coordinator)
    contribution.refresh_from_db()
    assert contribution.status == "visible"
    assert version(arena) == before + 2


def test_wall_open_set(arena, coordinator):
    before = version(arena)
    wall_services.wall_open_set(arena=arena, is_open=False, by=coordinator)
    arena.refresh_from_db()
    assert arena.wall_open is False
    assert arena.wall_version == before + 1


def test_cancelled_arena_wall_cannot_open(coordinator):
    arena = ArenaFactory(status="cancelled")
    with pytest.raises(ValidationError):
        wall_services.wall_open_set(arena=arena, is_open=True, by=coordinator)


def test_merge_moves_votes_without_double_counting(arena, coordinator):
    target = post(arena, "Felles arrangementskalender")
    duplicate = post(arena, "En felles kalender for alt som skjer")
    for key in ("sa", "sb"):
        wall_services.vote_toggle(contribution=duplicate, voter_key=key)
    for key in ("sa", "sc"):
        wall_services.vote_toggle(contribution=target, voter_key=key)
    tag = Tag.objects.create(arena=arena, name="kalender")
    duplicate.tags.add(tag)
    before = version(arena)

    wall_services.contribution_merge(contribution=duplicate, into=target, by=coordinator)

    duplicate.refresh_from_db()
    target.refresh_from_db()
    assert duplicate.status == "merged"
    assert duplicate.merged_into == target
    assert duplicate.vote_count == 0
    assert target.vote_count == 3
    assert sorted(target.votes.values_list("voter_key", flat=True)) == ["sa", "sb", "sc"]
    assert not duplicate.votes.exists()
    assert list(target.tags.all()) == [tag]
    assert version(arena) == before + 1

    wall = wall_selectors.wall_for(arena, include_hidden=False)
    shown = wall.cards()
    assert [c.pk for c in shown] == [target.pk]
    assert shown[0].merged_count == 1
    assert shown[0].vote_count == 3
    assert shown[0].tag_names == ("kalender",)
    assert wall_selectors.supported_ids(arena, "sb") == {target.pk}
    assert wall_selectors.supported_ids(arena, "sx") == set()


def test_merge_chain_points_at_the_final_target(arena, coordinator):
    a, b, c = (post(arena, text) for text in ("a", "b", "c"))
    wall_services.contribution_merge(contribution=a, into=b, by=coordinator)
    wall_services.contribution_merge(contribution=b, into=c, by=coordinator)
    a.refresh_from_db()
    assert a.merged_into == c
    assert c.merged.count() == 2


def test_merge_refusals(arena, coordinator):
    first = post(arena, "a")
    second = post(arena, "b", question=arena.questions.last())
    with pytest.raises(ValidationError):
        wall_services.contribution_merge(contribution=first, into=first, by=coordinator)
    with pytest.raises(ValidationError):
        wall_services.contribution_merge(contribution=first, into=second, by=coordinator)
    third = post(arena, "c")
    wall_services.contribution_merge(contribution=first, into=third, by=coordinator)
    with pytest.raises(ValidationError):
        wall_services.contribution_merge(contribution=third, into=first, by=coordinator)
    first.refresh_from_db()
    assert first.status == "merged"
    assert third.status == "visible"


def test_tag_creates_reuses_and_replaces(arena, coordinator):
    Tag.objects.create(arena=arena, name="Ungdom")
    contribution = post(arena)
    before = version(arena)
    wall_services.contribution_tag(
        contribution=contribution, tags=["ungdom", " følge opp ", "", "Følge  opp"], by=coordinator
    )
    assert sorted(contribution.tags.values_list("name", flat=True)) == ["Ungdom", "følge opp"]
    assert Tag.objects.filter(arena=arena).count() == 2
    wall_services.contribution_tag(contribution=contribution, tags=["kalender"], by=coordinator)
    assert list(contribution.tags.values_list("name", flat=True)) == ["kalender"]
    assert version(arena) == before + 2


def test_tag_refuses_long_and_many(arena, coordinator):
    contribution = post(arena)
    with pytest.raises(ValidationError):
        wall_services.contribution_tag(contribution=contribution, tags=["x" * 61], by=coordinator)
    with pytest.raises(ValidationError):
        wall_services.contribution_tag(
            contribution=contribution, tags=[f"t{n}" for n in range(11)], by=coordinator
        )
    assert not Tag.objects.exists()


def test_wall_selector_orders_and_hides(arena, coordinator):
    old = post(arena, "old")
    new = post(arena, "new")
    hidden = post(arena, "hidden")
    wall_services.vote_toggle(contribution=old, voter_key="sa")
    wall_services.contribution_hide(contribution=hidden, by=coordinator)

    by_time = wall_selectors.wall_for(arena, include_hidden=False)
    assert [c.pk for c in by_time.sections[0].cards] == [new.pk, old.pk]
    assert by_time.visible_count == 2
    assert by_time.last_id == new.pk
    by_support = wall_selectors.wall_for(arena, include_hidden=True, sort="support")
    assert [c.pk for c in by_support.sections[0].cards] == [old.pk, hidden.pk, new.pk]
    assert by_support.sections[0].cards[1].status == "hidden"
    assert by_support.sections[1].cards == []
    assert wall_selectors.visible_ids(by_time) == [new.pk, old.pk]
