"""Breakout groups: the services (making rounds, moving people, links, publishing) and the
selectors (the hosts' overview with its score, a participant's own groups)."""

import collections

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from samskap.arenas.models import BreakoutGroup, BreakoutRound, GroupMember, Registration
from samskap.arenas.selectors import groups as selectors
from samskap.arenas.services import groups as services
from tests.factories import ArenaFactory, LibraryFactory, OrganisationFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

MUNICIPALITIES = ("4001", "4003", "4005")


def populate(arena, count, *, start=0):
    """`count` confirmed people: every third from a library, the rest from voluntary
    organisations of two or three people each, in three municipalities."""
    libraries = [LibraryFactory() for _ in range(max(1, count // 6))]
    voluntary = [OrganisationFactory() for _ in range(max(1, count // 3))]
    people = []
    for i in range(start, start + count):
        organisation = (
            libraries[i % len(libraries)] if i % 3 == 0 else voluntary[i % len(voluntary)]
        )
        people.append(
            RegistrationFactory(
                arena=arena,
                organisation=organisation,
                municipality_id=MUNICIPALITIES[i % 3],
                name=f"Person {i:03d}",
            )
        )
    return people


def generate(arena, **kwargs):
    options = {"group_size": 5, "rounds": 3, "mode": "mixed", "seed": 0, "by": None}
    options.update(kwargs)
    return services.rounds_generate(arena=arena, **options)


def state(arena):
    return sorted(
        GroupMember.objects.filter(round__arena=arena).values_list(
            "round__number", "group__number", "registration_id"
        )
    )


# --- participant mappings --------------------------------------------------------------------


def test_participant_mapping_uses_directory_or_typed_organisation():
    arena = ArenaFactory()
    listed = RegistrationFactory(arena=arena)
    typed = RegistrationFactory(
        arena=arena, organisation=None, organisation_name="  Skien   Bibliotek ", sector="library"
    )
    same_typed = RegistrationFactory(
        arena=arena, organisation=None, organisation_name="skien bibliotek", sector="library"
    )
    none = RegistrationFactory(arena=arena, organisation=None, organisation_name="")
    assert selectors.participant_mapping(listed) == {
        "id": listed.pk,
        "sector": "voluntary",
        "municipality": "4003",
        "organisation": listed.organisation_id,
    }
    assert selectors.participant_mapping(typed)["organisation"] == "name:skien bibliotek"
    assert selectors.participant_mapping(same_typed)["organisation"] == "name:skien bibliotek"
    assert selectors.participant_mapping(none)["organisation"] is None


# --- generating ------------------------------------------------------------------------------


def test_generate_puts_everyone_in_one_balanced_group_per_round():
    arena = ArenaFactory()
    people = populate(arena, 23)
    made = generate(arena, group_size=5, rounds=3, mode="local", seed=7)
    assert [r.number for r in made] == [1, 2, 3]
    rounds = BreakoutRound.objects.filter(arena=arena).order_by("number")
    assert [(r.group_size, r.mode, r.seed) for r in rounds] == [(5, "local", 7)] * 3
    for breakout_round in rounds:
        groups = list(breakout_round.groups.order_by("number"))
        assert [g.number for g in groups] == [1, 2, 3, 4, 5]
        sizes = [g.members.count() for g in groups]
        assert sorted(sizes) == [4, 4, 5, 5, 5]
        members = list(breakout_round.members.values_list("registration_id", flat=True))
        assert sorted(members) == sorted(p.pk for p in people)
        assert all(m.group.round_id == breakout_round.pk for m in breakout_round.members.all())


def test_generate_takes_only_people_holding_a_place():
    arena = ArenaFactory()
    confirmed = populate(arena, 6)
    attended = RegistrationFactory(arena=arena, status=Registration.Status.ATTENDED)
    RegistrationFactory(arena=arena, status=Registration.Status.WAITLISTED)
    RegistrationFactory(arena=arena, status=Registration.Status.CANCELLED)
    RegistrationFactory(status=Registration.Status.CONFIRMED)  # another arena
    generate(arena, group_size=3, rounds=1)
    placed = set(GroupMember.objects.values_list("registration_id", flat=True))
    assert placed == {p.pk for p in confirmed} | {attended.pk}


def test_the_same_seed_gives_the_same_groups():
    arena = ArenaFactory()
    populate(arena, 17)
    generate(arena, seed=3)
    first = state(arena)
    generate(arena, seed=3)
    assert state(arena) == first


@pytest.mark.parametrize(
    ("group_size", "count", "code", "message"),
    [
        (0, 6, "group_size", "A group needs at least one person"),
        (-2, 6, "group_size", "A group needs at least one person"),
        (7, 6, "too_few_participants", "only 6 people hold a place"),
        (5, 0, "empty", "No one holds a place at this arena yet"),
    ],
)
def test_generate_refusals_change_nothing(group_size, count, code, message):
    arena = ArenaFactory()
    people = populate(arena, 6)
    generate(arena, group_size=2, rounds=2)
    before = state(arena)
    if count == 0:
        Registration.objects.filter(pk__in=[p.pk for p in people]).update(status="cancelled")
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        generate(arena, group_size=group_size, rounds=3)
    assert caught.value.code == code
    with translation.override("en"):
        assert message in " ".join(caught.value.messages)
    assert state(arena) == before
    assert BreakoutRound.objects.filter(arena=arena).count() == 2


@pytest.mark.parametrize("rounds", [0, 11])
def test_generate_refuses_a_bad_number_of_rounds(rounds):
    arena = ArenaFactory()
    populate(arena, 6)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        generate(arena, rounds=rounds)
    assert caught.value.code == "rounds"
    with translation.override("en"):
        assert caught.value.messages == ["Choose between 1 and 10 rounds."]
    assert not BreakoutRound.objects.exists()


def test_generate_refuses_an_unknown_mode():
    arena = ArenaFactory()
    populate(arena, 6)
    with pytest.raises(ValidationError) as caught:
        generate(arena, mode="random")
    assert caught.value.code == "mode"


def test_regenerating_replaces_rounds_links_and_publication_but_keeps_titles():
    arena = ArenaFactory()
    populate(arena, 12)
    generate(arena, group_size=4, rounds=3)
    old_groups = set(BreakoutGroup.objects.values_list("pk", flat=True))
    question = arena.questions.first()
    first = BreakoutRound.objects.get(arena=arena, number=1)
    services.group_links_set(
        arena=arena,
        links={g.pk: "https://meet.example.no/x" for g in first.groups.all()},
        rounds={first.pk: services.RoundDetails(title="Oppvarming", question=question)},
    )
    services.groups_publish(arena=arena, by=None)
    generate(arena, group_size=3, rounds=2, seed=9)
    arena.refresh_from_db()
    assert arena.groups_published_at is None
    assert BreakoutRound.objects.filter(arena=arena).count() == 2
    assert not set(BreakoutGroup.objects.values_list("pk", flat=True)) & old_groups
    assert not BreakoutGroup.objects.exclude(video_url="").exists()
    assert GroupMember.objects.count() == 12 * 2
    new_first = BreakoutRound.objects.get(arena=arena, number=1)
    assert (new_first.title, new_first.question) == ("Oppvarming", question)
    assert BreakoutGroup.objects.filter(round=new_first).count() == 4


def test_generating_in_one_arena_leaves_another_alone():
    arena, other = ArenaFactory(), ArenaFactory()
    populate(arena, 6)
    populate(other, 6)
    generate(other, group_size=3)
    before = state(other)
    generate(arena, group_size=2)
    assert state(other) == before


# --- moving ----------------------------------------------------------------------------------


def test_move_to_another_group_of_the_round():
    arena = ArenaFactory()
    populate(arena, 10)
    generate(arena, group_size=5, rounds=2)
    first = BreakoutRound.objects.get(arena=arena, number=1)
    member = first.members.select_related("group", "registration").first()
    target = first.groups.exclude(pk=member.group_id).get()
    services.group_member_move(
        arena=arena, registration=member.registration, round=first, to_group=target, by=None
    )
    member.refresh_from_db()
    assert member.group == target
    assert GroupMember.objects.filter(round=first, registration=member.registration).count() == 1
    assert sorted(g.members.count() for g in first.groups.all()) == [4, 6]
    # The other round is untouched.
    assert GroupMember.objects.filter(round__number=2).count() == 10


def test_move_to_a_group_of_another_round_is_refused():
    arena = ArenaFactory()
    populate(arena, 10)
    generate(arena, group_size=5, rounds=2)
    first, second = BreakoutRound.objects.filter(arena=arena).order_by("number")
    member = first.members.select_related("registration").first()
    before = state(arena)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.group_member_move(
            arena=arena,
            registration=member.registration,
            round=first,
            to_group=second.groups.first(),
            by=None,
        )
    assert caught.value.code == "other_round"
    assert state(arena) == before


def test_move_across_arenas_is_refused():
    arena, other = ArenaFactory(), ArenaFactory()
    populate(arena, 4)
    outsider = populate(other, 4)[0]
    generate(arena, group_size=2, rounds=1)
    breakout_round = BreakoutRound.objects.get(arena=arena)
    with pytest.raises(ValidationError) as caught:
        services.group_member_move(
            arena=arena,
            registration=outsider,
            round=breakout_round,
            to_group=breakout_round.groups.first(),
            by=None,
        )
    assert caught.value.code == "wrong_arena"
    assert not GroupMember.objects.filter(registration=outsider).exists()


def test_place_someone_who_registered_after_the_groups_were_made():
    arena = ArenaFactory()
    populate(arena, 4)
    generate(arena, group_size=2, rounds=1)
    late = RegistrationFactory(arena=arena)
    waiting = RegistrationFactory(arena=arena, status=Registration.Status.WAITLISTED)
    breakout_round = BreakoutRound.objects.get(arena=arena)
    overview = selectors.groups_overview(arena)
    assert overview.unassigned_count == 1
    assert overview.rounds[0].unassigned == [late]
    group = breakout_round.groups.first()
    services.group_member_move(
        arena=arena, registration=late, round=breakout_round, to_group=group, by=None
    )
    assert GroupMember.objects.get(registration=late).group == group
    with pytest.raises(ValidationError) as caught:
        services.group_member_move(
            arena=arena, registration=waiting, round=breakout_round, to_group=group, by=None
        )
    assert caught.value.code == "not_participant"
    assert selectors.groups_overview(arena).unassigned_count == 0


# --- links and round details -----------------------------------------------------------------


def test_links_are_saved_together_and_get_https():
    arena = ArenaFactory()
    populate(arena, 6)
    generate(arena, group_size=3, rounds=1)
    first, second = BreakoutGroup.objects.order_by("number")
    changed = services.group_links_set(
        arena=arena, links={first.pk: "meet.example.no/rom-1", second.pk: " "}
    )
    assert changed == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.video_url == "https://meet.example.no/rom-1"
    assert second.video_url == ""


@pytest.mark.parametrize(
    "bad", ["not a link", "javascript:alert(1)", "ftp://files.example.no/x", "https://" + "a" * 600]
)
def test_a_bad_link_saves_nothing(bad):
    arena = ArenaFactory()
    populate(arena, 6)
    generate(arena, group_size=3, rounds=1)
    first, second = BreakoutGroup.objects.order_by("number")
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.group_links_set(
            arena=arena, links={first.pk: "https://meet.example.no/ok", second.pk: bad}
        )
    assert set(caught.value.message_dict) == {str(second.pk)}
    assert not BreakoutGroup.objects.exclude(video_url="").exists()


def test_links_of_another_arenas_groups_are_refused():
    arena, other = ArenaFactory(), ArenaFactory()
    populate(arena, 4)
    populate(other, 4)
    generate(other, group_size=2, rounds=1)
    foreign = BreakoutGroup.objects.first()
    with pytest.raises(ValidationError):
        services.group_links_set(arena=arena, links={foreign.pk: "https://meet.example.no/x"})
    foreign.refresh_from_db()
    assert foreign.video_url == ""


def test_a_question_of_another_arena_is_refused():
    arena, other = ArenaFactory(), ArenaFactory()
    populate(arena, 4)
    generate(arena, group_size=2, rounds=1)
    breakout_round = BreakoutRound.objects.get()
    with pytest.raises(ValidationError):
        services.group_links_set(
            arena=arena,
            links={},
            rounds={
                breakout_round.pk: services.RoundDetails(
                    title="x", question=other.questions.first()
                )
            },
        )
    breakout_round.refresh_from_db()
    assert (breakout_round.title, breakout_round.question_id) == ("", None)


# --- publishing ------------------------------------------------------------------------------


def test_publish_and_unpublish():
    arena = ArenaFactory()
    with pytest.raises(ValidationError) as caught:
        services.groups_publish(arena=arena, by=None)
    assert caught.value.code == "no_groups"
    populate(arena, 4)
    generate(arena, group_size=2, rounds=1)
    services.groups_publish(arena=arena, by=None)
    arena.refresh_from_db()
    published = arena.groups_published_at
    assert published is not None
    services.groups_publish(arena=arena, by=None)
    arena.refresh_from_db()
    assert arena.groups_published_at == published
    services.groups_unpublish(arena=arena, by=None)
    arena.refresh_from_db()
    assert arena.groups_published_at is None


# --- a participant's own groups --------------------------------------------------------------


def test_groups_for_registration_respect_consent_and_publication(django_assert_num_queries):
    arena = ArenaFactory()
    people = populate(arena, 8)
    generate(arena, group_size=4, rounds=2)
    me = people[0]
    assert selectors.groups_for_registration(me) == []

    # Half the others allow showing their name; one of my group-mates cancels later.
    Registration.objects.filter(pk__in=[p.pk for p in people[1::2]]).update(
        show_to_participants=True
    )
    first_round = BreakoutRound.objects.get(arena=arena, number=1)
    my_group = GroupMember.objects.get(round=first_round, registration=me).group
    my_group.video_url = "https://meet.example.no/gruppe"
    my_group.save()
    mates = [m.registration for m in my_group.members.exclude(registration=me)]
    cancelled = mates[0]
    cancelled.status = Registration.Status.CANCELLED
    cancelled.save()
    services.groups_publish(arena=arena, by=None)

    me = Registration.objects.select_related("arena").get(pk=me.pk)
    with django_assert_num_queries(2):
        mine = selectors.groups_for_registration(me)
    assert [place.round.number for place in mine] == [1, 2]
    first = mine[0]
    assert first.group == my_group
    assert first.group.video_url == "https://meet.example.no/gruppe"
    remaining = [m for m in mates if m.pk != cancelled.pk]
    assert first.others_count == len(remaining)
    assert {r.pk for r in first.shown} == {
        m.pk for m in remaining if Registration.objects.get(pk=m.pk).show_to_participants
    }
    assert all(r.show_to_participants for r in first.shown)
    assert first.hidden_count == first.others_count - len(first.shown)
    assert me.pk not in {r.pk for place in mine for r in place.shown}

    # Someone who no longer holds a place sees no groups.
    cancelled.arena = arena
    cancelled.arena.refresh_from_db()
    assert selectors.groups_for_registration(cancelled) == []


# --- the overview and its score --------------------------------------------------------------


def test_overview_score_follows_moves(django_assert_num_queries):
    arena = ArenaFactory()
    library = LibraryFactory()
    voluntary = OrganisationFactory()
    people = [
        RegistrationFactory(arena=arena, organisation=library, name="A"),
        RegistrationFactory(arena=arena, organisation=library, name="B"),
        RegistrationFactory(arena=arena, organisation=voluntary, name="C"),
        RegistrationFactory(arena=arena, organisation=voluntary, name="D"),
    ]
    generate(arena, group_size=2, rounds=1)
    overview = selectors.groups_overview(arena)
    assert overview.score is not None
    assert overview.score.same_organisation_pairs == 0
    assert overview.score.groups_lacking_library == 0
    assert (overview.group_size, overview.mode, overview.seed) == (2, "mixed", 0)

    # Put both library people together: colleagues meet, and a group lacks a library.
    breakout_round = BreakoutRound.objects.get()
    a_group = GroupMember.objects.get(registration=people[0]).group
    services.group_member_move(
        arena=arena, registration=people[1], round=breakout_round, to_group=a_group, by=None
    )
    score = selectors.groups_overview(arena).score
    assert score.same_organisation_pairs == 1
    assert score.avoidable_same_organisation_pairs == 1
    assert score.groups_lacking_library == 1

    with django_assert_num_queries(4):
        selectors.groups_overview(arena)


def test_overview_without_groups():
    arena = ArenaFactory()
    populate(arena, 3)
    overview = selectors.groups_overview(arena)
    assert not overview.has_groups
    assert overview.score is None
    assert len(overview.participants) == 3
    assert collections.Counter(r.status for r in overview.participants) == {"confirmed": 3}
