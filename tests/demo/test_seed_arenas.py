"""The arenas `seed_demo` adds: the two digital arenas of 2021, with their registrations, breakout
groups and walls, and one arena open for registration."""

import datetime
import itertools
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samskap.arenas.models import (
    Arena,
    BreakoutGroup,
    BreakoutRound,
    Contribution,
    GroupMember,
    ProgrammeItem,
    Question,
    Registration,
    Tag,
    Vote,
)
from samskap.demo.activities import this_week
from samskap.demo.arenas import demo_arena_plans, seed_arenas, upcoming_arena_plan
from samskap.demo.arenas_content import QUESTIONS, UPCOMING_TITLE
from samskap.demo.content import MUNICIPALITIES
from samskap.demo.rows import Summary
from samskap.directory.models import Membership, Organisation

pytestmark = pytest.mark.django_db

ARENA_1 = "Samskapingsarena 1: Nye målgrupper og frivilligheten"
ARENA_2 = "Samskapingsarena 2: Inkluderende lokalsamfunn"


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo seeded once for this module, in a transaction rolled back at its end; each
    test runs in a savepoint inside it, so what a test changes is undone after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed_demo()
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    """The output of the module's `seed_demo`."""
    return seeded


def past_arenas() -> list[Arena]:
    return list(Arena.objects.filter(starts_at__year=2021).order_by("starts_at"))


def upcoming_arena() -> Arena:
    return Arena.objects.get(starts_at__gt=timezone.now())


def arena_counts() -> dict[str, int]:
    return {
        model.__name__: model._default_manager.count()
        for model in (
            Arena,
            ProgrammeItem,
            Question,
            Registration,
            BreakoutRound,
            BreakoutGroup,
            GroupMember,
            Contribution,
            Vote,
            Tag,
            Contribution.tags.through,
            Arena.hosts.through,
        )
    }


def test_the_two_2021_arenas_are_past_digital_and_closed(demo):
    first, second = past_arenas()
    assert (first.title, first.county_id) == (ARENA_1, "40")
    assert (second.title, second.county_id) == (ARENA_2, "39")
    oslo = datetime.timezone(datetime.timedelta(hours=2))  # summer time in April and October
    assert first.starts_at == datetime.datetime(2021, 4, 20, 9, tzinfo=oslo)
    assert first.ends_at == datetime.datetime(2021, 4, 20, 12, tzinfo=oslo)
    assert second.starts_at == datetime.datetime(2021, 10, 26, 9, tzinfo=oslo)
    for arena in (first, second):
        assert arena.status == Arena.Status.PUBLISHED
        assert arena.kind == Arena.Kind.CO_CREATION
        assert arena.format == Arena.Format.DIGITAL
        assert arena.is_past
        assert not arena.registration_is_open()
        assert arena.capacity == 120
        assert (
            arena.created_by.email
            == f"koordinator.{'telemark' if arena is first else 'vestfold'}@demo.samskap.no"
        )
        assert {o.slug for o in arena.hosts.all()} == {
            "telemark-fylkesbibliotek",
            "vestfold-fylkesbibliotek",
        }
        assert list(arena.questions.values_list("text", flat=True)) == list(QUESTIONS)
        assert QUESTIONS[0].startswith("Hvordan kan bibliotekene nå nye målgrupper")
        titles = list(arena.programme.values_list("title", flat=True))
        assert titles[0] == "Velkommen"
        assert "Gruppearbeid, runde 1" in titles
        assert "Plenum" in titles
        assert "Gruppearbeid, runde 2" in titles
        assert titles[-1] == "Oppsummering og veien videre"
        assert arena.programme.filter(starts_at__lt=arena.starts_at).count() == 0


def test_about_170_registrations_from_the_demo_directory(demo):
    first, second = past_arenas()
    registrations = Registration.objects.filter(arena__in=[first, second])
    assert 150 <= registrations.count() <= 190
    assert first.registrations.count() > 80
    assert second.registrations.count() > 60
    for arena in (first, second):
        statuses = dict(
            arena.registrations.values_list("status").annotate(n=Count("pk")).order_by()
        )
        assert statuses[Registration.Status.ATTENDED] > 0.8 * arena.registrations.count()
        assert 3 <= statuses[Registration.Status.CONFIRMED] <= 12  # no-shows
        assert 2 <= statuses[Registration.Status.CANCELLED] <= 6
        assert Registration.Status.WAITLISTED not in statuses
        assert arena.registrations.filter(created_at__gte=arena.registration_closes).count() == 0
    # Sector and municipality come from the organisation; a few typed an informal group.
    from_directory = registrations.exclude(organisation=None).select_related("organisation")
    for registration in from_directory:
        assert registration.sector == registration.organisation.sector
        assert registration.municipality_id == registration.organisation.home_municipality_id
        assert registration.organisation.public
        assert registration.organisation_name == ""
    typed = registrations.filter(organisation=None)
    assert 4 <= typed.count() <= 12
    assert not typed.filter(organisation_name="").exists()
    sectors = set(registrations.values_list("sector", flat=True))
    assert {"library", "voluntary", "culture", "public_health"} <= sectors
    assert registrations.filter(organisation__kind="volunteer_centre").exists()
    assert not registrations.filter(organisation__slug__endswith="fylkesbibliotek").exists()
    # Made-up people at an address that never delivers, in Bokmål and some Nynorsk.
    assert all(e.endswith("@example.no") for e in registrations.values_list("email", flat=True))
    assert registrations.exclude(role="").count() == registrations.count()
    assert registrations.filter(language="nn").count() >= 10
    assert registrations.filter(language="nb").count() > registrations.count() / 2
    shown = registrations.filter(show_to_participants=True).count() / registrations.count()
    assert 0.6 <= shown <= 0.85
    assert registrations.exclude(accessibility_needs="").count() >= 4
    assert not registrations.filter(status="attended", attended_at=None).exists()
    assert not registrations.filter(status="cancelled", cancelled_at=None).exists()
    # Some people came to both arenas.
    both = set(first.registrations.values_list("email", flat=True)) & set(
        second.registrations.values_list("email", flat=True)
    )
    assert len(both) >= 10


def test_breakout_groups_cover_every_attended_person_once_per_round(demo):
    for arena, mode in zip(past_arenas(), ("mixed", "local"), strict=True):
        assert arena.groups_published
        attended = set(arena.registrations.filter(status="attended").values_list("pk", flat=True))
        rounds = list(arena.rounds.order_by("number"))
        assert [r.number for r in rounds] == [1, 2]
        for breakout_round in rounds:
            assert breakout_round.group_size == 5
            assert breakout_round.mode == mode
            assert breakout_round.question.arena_id == arena.pk
            members = list(
                GroupMember.objects.filter(round=breakout_round).values_list(
                    "registration_id", "group__round_id"
                )
            )
            ids = [pk for pk, _ in members]
            assert sorted(ids) == sorted(attended)
            assert {round_id for _, round_id in members} == {breakout_round.pk}
            sizes = [g.members.count() for g in breakout_round.groups.all()]
            assert len(sizes) == -(-len(attended) // 5)
            assert max(sizes) - min(sizes) <= 1
            for group in breakout_round.groups.all():
                assert group.video_url.startswith("https://video.example.no/arena")
                assert group.video_url.endswith(f"/rom-{group.number}")


def test_walls_with_votes_hidden_merged_and_tags(demo):
    for arena in past_arenas():
        assert arena.wall_open is False
        assert arena.wall_version > 0
        contributions = arena.contributions.all()
        assert 60 <= contributions.count() <= 90
        assert contributions.filter(kind="idea").count() >= 15
        assert contributions.exclude(group=None).count() > contributions.count() / 2
        assert not contributions.exclude(group=None).exclude(group__round__arena=arena).exists()
        assert contributions.filter(question=None).count() == 0
        for number in range(1, 5):
            assert contributions.filter(question__position=number).count() >= 10
        assert 2 <= contributions.filter(status="hidden").count() <= 4
        merged = contributions.filter(status="merged")
        assert merged.count() == 2
        for duplicate in merged:
            assert duplicate.merged_into.arena_id == arena.pk
            assert duplicate.merged_into.status == "visible"
        registration_keys = {f"r{pk}" for pk in arena.registrations.values_list("pk", flat=True)}
        for contribution in contributions.annotate(votes_stored=Count("votes")):
            assert contribution.vote_count == contribution.votes_stored, contribution
            assert contribution.author_key in registration_keys
            assert contribution.registration.arena_id == arena.pk
        voters = set(
            Vote.objects.filter(contribution__arena=arena).values_list("voter_key", flat=True)
        )
        assert voters <= registration_keys
        assert Vote.objects.filter(contribution__arena=arena).count() >= 100
        assert contributions.filter(vote_count__gte=10).exists()
        assert not contributions.exclude(status="visible").filter(vote_count__gt=0).exists()
        tags = set(arena.tags.values_list("name", flat=True))
        assert tags == {"Bibliotek", "Frivilligsentral", "Ungdom", "Følge opp"}
        assert contributions.filter(tags__name="Følge opp").count() >= 3
        assert contributions.filter(tags__name="Bibliotek").count() >= 5
        assert not contributions.filter(status="hidden", tags__isnull=False).exists()


def test_municipalities_not_reached_and_connections_made_before(demo):
    first, second = past_arenas()
    for arena in (first, second):
        county = arena.county_id
        reached = set(
            arena.registrations.filter(
                status="attended", municipality__county_id=county
            ).values_list("municipality_id", flat=True)
        )
        in_county = {m for m in MUNICIPALITIES if m.startswith(county)}
        assert 2 <= len(in_county - reached) <= 4
        # Both counties came to both arenas.
        assert arena.registrations.filter(municipality__county_id="39").exists()
        assert arena.registrations.filter(municipality__county_id="40").exists()

    def pairs(arena: Arena) -> set[frozenset[int]]:
        met: set[frozenset[int]] = set()
        for group in BreakoutGroup.objects.filter(round__arena=arena).prefetch_related(
            "members__registration"
        ):
            orgs = {
                m.registration.organisation_id
                for m in group.members.all()
                if m.registration.organisation_id
            }
            met |= {frozenset(p) for p in itertools.combinations(orgs, 2)}
        return met

    # Some pairs of organisations in the second arena's groups had met in the first: not
    # every pair is a new connection.
    again = pairs(first) & pairs(second)
    assert 1 <= len(again) < len(pairs(second)) / 4


def test_an_upcoming_arena_open_for_registration_with_places_left(demo):
    arena = upcoming_arena()
    assert arena.county_id == "40"
    assert arena.format == Arena.Format.HYBRID
    assert arena.municipality_id == "4003"
    assert arena.place_name
    assert arena.registration_is_open()
    assert Arena.objects.open_for_registration().filter(pk=arena.pk).exists()
    ahead = arena.starts_at - timezone.now()
    assert datetime.timedelta(weeks=5) < ahead < datetime.timedelta(weeks=9)
    assert arena.starts_at.weekday() == 1
    assert arena.capacity == 60
    holding = arena.registrations.holding_place().count()
    assert holding == 25
    assert arena.registrations.filter(status="confirmed").count() == 25
    assert holding < arena.capacity
    assert arena.registrations.exclude(dietary_needs="").exists()
    assert not arena.registrations.exclude(municipality__county_id="40").exists()
    assert {o.slug for o in arena.hosts.all()} == {"telemark-fylkesbibliotek", "skien-rode-kors"}
    assert arena.created_by.email == "koordinator.telemark@demo.samskap.no"
    assert arena.wall_open is False
    assert len(arena.join_code) == 8
    assert arena.questions.count() == 4
    assert arena.programme.count() >= 5
    # The demo member and organisation admin are in the co-hosting organisation.
    co_host = Organisation.objects.get(slug="skien-rode-kors")
    emails = set(
        Membership.objects.filter(organisation=co_host, status="active").values_list(
            "user__email", flat=True
        )
    )
    assert {"member@demo.samskap.no", "orgadmin@demo.samskap.no"} <= emails


def test_running_seed_demo_twice_writes_nothing(demo):
    assert "Arenas: 3 created, 0 updated, 0 unchanged" in demo
    before = arena_counts()
    join_codes = dict(Arena.objects.values_list("pk", "join_code"))
    with CaptureQueriesContext(connection) as queries:
        output = seed_demo()
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert arena_counts() == before
    assert dict(Arena.objects.values_list("pk", "join_code")) == join_codes
    assert "Arenas: 0 created, 0 updated, 3 unchanged" in output
    assert (
        f"Arena registrations: 0 created, 0 updated, {before['Registration']} unchanged" in output
    )


def test_seed_demo_repairs_a_past_arena_and_keeps_platform_registrations(demo):
    before = arena_counts()
    first = past_arenas()[0]
    Contribution.objects.filter(arena=first).order_by("pk").first().delete()
    Arena.objects.filter(pk=first.pk).update(wall_open=True)
    upcoming = upcoming_arena()
    own = Registration.objects.create(
        arena=upcoming,
        name="Kari Nordmann",
        email="kari.nordmann@example.org",
        sector="voluntary",
        municipality_id="4003",
    )
    Registration.objects.filter(arena=upcoming).order_by("pk").first().delete()
    output = seed_demo()
    assert "Arenas: 0 created, 1 updated, 2 unchanged" in output
    after = arena_counts()
    assert after == {**before, "Registration": before["Registration"] + 1}
    first.refresh_from_db()
    assert first.wall_open is False
    assert Registration.objects.filter(pk=own.pk).exists()
    assert upcoming.registrations.holding_place().count() == 26


def test_a_later_week_moves_the_upcoming_arena_without_duplicating(demo):
    from samskap.demo.seeding import seed_organisations, seed_users

    before = arena_counts()
    arena = upcoming_arena()
    summary = Summary()
    organisations = seed_organisations(summary)
    users = seed_users(summary, organisations)
    seed_arenas(summary, organisations, users, week=this_week() + datetime.timedelta(weeks=2))
    moved = Arena.objects.get(pk=arena.pk)
    assert moved.starts_at - arena.starts_at == datetime.timedelta(weeks=2)
    assert moved.join_code == arena.join_code
    assert arena_counts() == before
    first_item = moved.programme.order_by("starts_at").first()
    assert first_item.starts_at == moved.starts_at


def test_seeding_the_arenas_takes_few_queries(demo):
    from samskap.demo.seeding import seed_organisations, seed_users

    summary = Summary()
    organisations = seed_organisations(summary)
    users = seed_users(summary, organisations)
    Arena.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        seed_arenas(summary, organisations, users, week=this_week())
    assert Registration.objects.count() > 190
    assert len(queries.captured_queries) < 100


def test_plans_are_deterministic():
    first, again = demo_arena_plans(), demo_arena_plans()
    assert first == again
    week = datetime.date(2031, 3, 3)
    upcoming = upcoming_arena_plan(week)
    assert upcoming == upcoming_arena_plan(week)
    later = upcoming_arena_plan(week + datetime.timedelta(weeks=1))
    assert later.values["starts_at"] - upcoming.values["starts_at"] == datetime.timedelta(weeks=1)
    assert later.registrations[0].person == upcoming.registrations[0].person
    # Never in the Christmas holiday: a week in mid-November moves to January.
    christmas = upcoming_arena_plan(datetime.date(2031, 11, 10))
    assert christmas.values["starts_at"].date() == datetime.date(2032, 1, 6)
    assert christmas.values["registration_closes"] < christmas.values["starts_at"]
    emails = [r.person.email for plan in first for r in plan.registrations]
    assert len(set(emails)) > 0.8 * len(emails)
    for plan in first:
        assert len({r.person.email for r in plan.registrations}) == len(plan.registrations)


# --- Pages ---------------------------------------------------------------------------------


def test_the_arena_pages_respond(demo, client):
    response = client.get("/arenaer/")
    assert response.status_code == 200
    assert UPCOMING_TITLE.encode() in response.content
    for arena in Arena.objects.all():
        response = client.get(arena.get_absolute_url())
        assert response.status_code == 200, arena
        assert arena.title.encode() in response.content
