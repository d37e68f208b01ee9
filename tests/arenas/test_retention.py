"""Personal data leaves arena registrations some time after the arena; the report's figures
stay."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from samskap.arenas.models import Arena, Contribution, Registration
from samskap.arenas.selectors.report import arena_report
from samskap.arenas.services.retention import registrations_anonymise
from tests.factories import ArenaFactory, OrganisationFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def ended(days_ago: int) -> Arena:
    end = timezone.now() - datetime.timedelta(days=days_ago)
    start = end - datetime.timedelta(hours=3)
    return ArenaFactory(
        starts_at=start,
        ends_at=end,
        registration_opens=start - datetime.timedelta(days=30),
        registration_closes=start - datetime.timedelta(days=1),
    )


@pytest.fixture
def old_arena():
    arena = ended(400)
    library = OrganisationFactory(name="Bø bibliotek", kind="library")
    for n, (organisation, sector) in enumerate([(library, "library"), (None, "voluntary")]):
        RegistrationFactory(
            arena=arena,
            name=f"Person {n}",
            email=f"person{n}@example.no",
            organisation=organisation,
            organisation_name="" if organisation else "Strikkegjengen",
            sector=sector,
            municipality_id="4020",
            role="Bibliotekar",
            accessibility_needs="Teleslynge",
            dietary_needs="Glutenfri",
            show_to_participants=True,
            user=UserFactory(),
            status="attended",
        )
    Contribution.objects.create(
        arena=arena, author_key="r1", author_name="Person 0", text="Lesestund på kafeen"
    )
    return arena


def test_personal_data_is_removed_and_the_figures_stay(old_arena):
    recent = ended(10)
    keep = RegistrationFactory(arena=recent, name="Kari Nordmann", email="kari@example.no")
    before = arena_report(old_arena, full=True)
    version = old_arena.wall_version

    changed = registrations_anonymise(ended_before=timezone.now() - datetime.timedelta(days=365))

    assert changed == 2
    for registration in Registration.objects.filter(arena=old_arena):
        assert registration.name == ""
        assert registration.email == f"anonymised-{registration.pk}@anonymised.invalid"
        assert (registration.role, registration.accessibility_needs) == ("", "")
        assert registration.dietary_needs == ""
        assert registration.user_id is None
        assert not registration.show_to_participants
        assert registration.anonymised_at is not None
        assert registration.shown_name == "Personal data removed"
    assert Contribution.objects.get().author_name == ""
    old_arena.refresh_from_db()
    assert old_arena.wall_version == version + 1
    keep.refresh_from_db()
    assert (keep.name, keep.email, keep.anonymised_at) == ("Kari Nordmann", "kari@example.no", None)

    after = arena_report(old_arena, full=True)
    assert after.registrations == before.registrations
    assert after.sectors == before.sectors
    assert after.municipalities == before.municipalities
    assert after.organisations == before.organisations


def test_a_second_run_changes_nothing(old_arena):
    cutoff = timezone.now() - datetime.timedelta(days=365)
    assert registrations_anonymise(ended_before=cutoff) == 2
    stamps = list(Registration.objects.values_list("anonymised_at", flat=True))
    assert registrations_anonymise(ended_before=cutoff) == 0
    assert list(Registration.objects.values_list("anonymised_at", flat=True)) == stamps


def test_the_command_uses_the_retention_days(old_arena, settings, capsys):
    settings.ARENA_RETENTION_DAYS = 500
    call_command("anonymise_arena_registrations")
    assert "of 0 registration(s)" in capsys.readouterr().out
    call_command("anonymise_arena_registrations", "--days", "365")
    assert "of 2 registration(s)" in capsys.readouterr().out
    assert not Registration.objects.filter(anonymised_at=None).exists()


def test_the_command_keeps_personal_links_working(old_arena):
    with pytest.raises(CommandError, match="more than 30"):
        call_command("anonymise_arena_registrations", "--days", "30")
    assert not Registration.objects.exclude(anonymised_at=None).exists()


def test_hosts_see_that_the_data_was_removed(client, old_arena, coordinator):
    registrations_anonymise(ended_before=timezone.now())
    client.force_login(coordinator)
    page = client.get(f"/en/arenaer/{old_arena.pk}/deltakere/?status=all")
    assert page.status_code == 200
    assert page.text.count("Personal data removed") >= 2
    assert "Person 0" not in page.text
