"""Registration services and selectors: capacity, the waiting list, re-registering, duplicates,
the registration window and invitations."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samskap.arenas.models import Arena, Registration
from samskap.arenas.selectors import registration as selectors
from samskap.arenas.services import registration as services
from samskap.arenas.services.registration import RegistrationData
from samskap.places.models import Municipality
from tests.factories import ArenaFactory, OrganisationFactory, RegistrationFactory


def data(n: int | str = 0, **overrides) -> RegistrationData:
    values = {
        "name": f"Person {n}",
        "email": f"person{n}@example.no",
        "organisation_name": "Skien frivilligsentral",
        "sector": "voluntary",
        "municipality": Municipality.objects.get(pk="4003"),
    }
    values.update(overrides)
    return RegistrationData(**values)


def register(arena, n: int | str = 0, **overrides) -> Registration:
    return services.registration_create(arena=arena, data=data(n, **overrides), language="nb")


def codes(error: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return services.error_codes(error.value)


@pytest.fixture
def arena(db):
    return ArenaFactory(capacity=3)


def test_confirmed_up_to_capacity_then_waitlisted(arena):
    people = [register(arena, n) for n in range(5)]
    assert [p.status for p in people] == ["confirmed"] * 3 + ["waitlisted"] * 2
    assert all(p.waitlisted_at is None for p in people[:3])
    assert people[3].waitlisted_at <= people[4].waitlisted_at
    assert selectors.places_left(arena) == 0
    assert [selectors.waitlist_position(p) for p in people] == [None, None, None, 1, 2]
    assert selectors.registration_counts(arena) == {
        "confirmed": 3,
        "waitlisted": 2,
        "attended": 0,
        "cancelled": 0,
    }


def test_details_are_stored_tidily(arena):
    registration = register(
        arena,
        "x",
        name="  Kari   Nordmann ",
        email="  Kari.Nordmann@Example.NO ",
        role=" Bibliotekar ",
        show_to_participants=True,
    )
    registration.refresh_from_db()
    assert registration.name == "Kari Nordmann"
    assert registration.email == "kari.nordmann@example.no"
    assert registration.role == "Bibliotekar"
    assert registration.language == "nb"
    assert registration.show_to_participants is True


def test_a_directory_organisation_wins_over_a_typed_name(arena):
    organisation = OrganisationFactory(name="Porsgrunn bibliotek", kind="library")
    registration = register(
        arena, organisation=organisation, organisation_name="Something typed", sector="library"
    )
    assert registration.organisation == organisation
    assert registration.organisation_name == ""
    assert registration.organisation_label == "Porsgrunn bibliotek"


def test_organisation_sector_and_municipality_are_required(arena):
    with pytest.raises(ValidationError) as error:
        register(arena, organisation_name="  ", sector="", municipality=None)
    assert set(error.value.error_dict) == {"organisation_name", "sector", "municipality"}
    with pytest.raises(ValidationError) as error:
        register(arena, sector="pirates")
    assert "invalid" in codes(error)
    assert not Registration.objects.exists()


def test_a_malformed_email_is_refused(arena):
    with pytest.raises(ValidationError) as error:
        register(arena, email="not an address")
    assert "email" in error.value.error_dict
    assert not Registration.objects.exists()


def test_cancellations_promote_the_waiting_list_in_order(
    arena, django_capture_on_commit_callbacks, mailoutbox
):
    confirmed = [register(arena, n) for n in range(3)]
    waiting = [register(arena, n) for n in range(3, 8)]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for registration in confirmed:
            services.registration_cancel(registration=registration)
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert [statuses[r.email] for r in waiting] == ["confirmed"] * 3 + ["waitlisted"] * 2
    promoted_to = [m.to[0] for m in mailoutbox if "arena.ics" in str(m.attachments)]
    assert promoted_to == [r.email for r in waiting[:3]]
    assert {m.to[0] for m in mailoutbox} == {r.email for r in confirmed + waiting[:3]}
    fourth = Registration.objects.get(pk=waiting[3].pk)
    assert selectors.waitlist_position(fourth) == 1
    assert selectors.places_left(arena) == 0


def test_the_waiting_list_order_is_by_time_not_by_id(arena):
    for n in range(3):
        register(arena, n)
    later, earlier = register(arena, "later"), register(arena, "earlier")
    now = timezone.now()
    Registration.objects.filter(pk=later.pk).update(waitlisted_at=now)
    Registration.objects.filter(pk=earlier.pk).update(
        waitlisted_at=now - datetime.timedelta(minutes=5)
    )
    services.registration_cancel(registration=Registration.objects.filter(status="confirmed")[0])
    assert Registration.objects.get(pk=earlier.pk).status == "confirmed"
    assert Registration.objects.get(pk=later.pk).status == "waitlisted"


def test_cancelling_a_waitlisted_person_promotes_nobody(arena):
    for n in range(3):
        register(arena, n)
    first, second = register(arena, 3), register(arena, 4)
    services.registration_cancel(registration=first)
    second.refresh_from_db()
    assert second.status == "waitlisted"
    assert selectors.waitlist_position(second) == 1


def test_cancel_is_idempotent(arena, django_capture_on_commit_callbacks, mailoutbox):
    registration = register(arena)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=registration)
    cancelled_at = Registration.objects.get().cancelled_at
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = services.registration_cancel(registration=registration)
    assert again.status == "cancelled"
    assert Registration.objects.get().cancelled_at == cancelled_at
    assert mailoutbox == []


def test_nobody_is_promoted_after_the_arena_ended(db):
    arena = ArenaFactory(capacity=1)
    first = register(arena, 1)
    second = register(arena, 2)
    Arena.objects.filter(pk=arena.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=1),
        registration_opens=timezone.now() - datetime.timedelta(days=9),
        registration_closes=timezone.now() - datetime.timedelta(days=3),
    )
    services.registration_cancel(registration=first)
    second.refresh_from_db()
    assert second.status == "waitlisted"


def test_register_again_after_cancelling_reuses_the_row_with_a_new_link(arena):
    registration = register(arena, 1, name="Ola")
    old_key = registration.token_key
    services.registration_cancel(registration=registration)
    again = register(arena, 1, name="Ola Nordmann", email="PERSON1@example.no")
    assert again.pk == registration.pk
    assert again.status == "confirmed"
    assert again.cancelled_at is None
    assert again.token_key != old_key
    assert again.name == "Ola Nordmann"
    assert Registration.objects.count() == 1


def test_register_again_when_full_goes_to_the_waiting_list(arena):
    first = register(arena, 1)
    services.registration_cancel(registration=first)
    for n in range(2, 5):
        register(arena, n)
    again = register(arena, 1)
    assert (again.pk, again.status) == (first.pk, "waitlisted")
    assert again.waitlisted_at is not None


def test_the_same_email_twice_is_refused_whatever_its_case(arena):
    register(arena, 1)
    with pytest.raises(ValidationError) as error:
        register(arena, 1, email="Person1@EXAMPLE.no", name="Someone else")
    assert "duplicate" in codes(error)
    message = " ".join(error.value.message_dict["email"])
    assert "already have a registration" in message
    assert "send you the e-mail with your personal link again" in message
    assert Registration.objects.count() == 1
    assert Registration.objects.get().name == "Person 1"


def test_an_existing_mixed_case_address_is_found(arena):
    RegistrationFactory(arena=arena, email="Kari@Example.no")
    with pytest.raises(ValidationError) as error:
        register(arena, email="kari@example.no")
    assert "duplicate" in codes(error)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (
            {
                "registration_opens": timezone.now() + datetime.timedelta(days=1),
                "registration_closes": timezone.now() + datetime.timedelta(days=2),
            },
            "not_open_yet",
        ),
        (
            {
                "registration_opens": timezone.now() - datetime.timedelta(days=3),
                "registration_closes": timezone.now() - datetime.timedelta(minutes=1),
            },
            "closed",
        ),
        ({"status": "cancelled"}, "cancelled"),
        ({"status": "draft"}, "not_published"),
    ],
)
def test_outside_the_registration_window_is_refused(arena, change, code):
    Arena.objects.filter(pk=arena.pk).update(**change)
    arena.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        register(arena)
    assert code in codes(error)
    assert not Registration.objects.exists()


def test_closing_message_names_the_time(arena):
    closes = timezone.now() - datetime.timedelta(minutes=1)
    Arena.objects.filter(pk=arena.pk).update(
        registration_opens=closes - datetime.timedelta(days=3), registration_closes=closes
    )
    with pytest.raises(ValidationError) as error:
        register(arena)
    assert timezone.localtime(closes).strftime("%H:%M") in error.value.messages[0]


def test_by_invitation_only_the_invited_may_register(db):
    invited = OrganisationFactory(name="Invitert lag")
    arena = ArenaFactory(access="invited", invited_sectors=["library"])
    arena.invited_organisations.add(invited)
    with pytest.raises(ValidationError) as error:
        register(arena, 1, sector="voluntary")
    assert "not_invited" in codes(error)
    assert register(arena, 2, sector="library").status == "confirmed"
    assert register(arena, 3, organisation=invited, sector="voluntary").status == "confirmed"
    assert Registration.objects.count() == 2


def test_update_changes_details_and_refuses_a_taken_address(
    arena, django_capture_on_commit_callbacks, mailoutbox
):
    mine = register(arena, 1)
    register(arena, 2)
    with pytest.raises(ValidationError) as error:
        services.registration_update(registration=mine, data=data(1, email="PERSON2@example.no"))
    assert "email_taken" in codes(error)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_update(
            registration=mine, data=data(1, email="ny@example.no", dietary_needs="Vegetar")
        )
    mine.refresh_from_db()
    assert (mine.email, mine.dietary_needs, mine.status) == (
        "ny@example.no",
        "Vegetar",
        "confirmed",
    )
    assert [m.to for m in mailoutbox] == [["ny@example.no"]]


def test_a_cancelled_registration_cannot_be_changed(arena):
    mine = register(arena, 1)
    services.registration_cancel(registration=mine)
    with pytest.raises(ValidationError) as error:
        services.registration_update(registration=mine, data=data(1, name="Ny"))
    assert "cancelled" in codes(error)


def test_resend_link_only_to_a_registered_address_and_not_too_often(
    arena, django_capture_on_commit_callbacks, mailoutbox
):
    register(arena, 1)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_resend_link(arena=arena, email="nobody@example.no")
        services.registration_resend_link(arena=arena, email=" PERSON1@example.no ")
        services.registration_resend_link(arena=arena, email="person1@example.no")
    assert [m.to for m in mailoutbox] == [["person1@example.no"]]
    assert f"/arenaer/{arena.pk}/meg/" in mailoutbox[0].body


def test_a_raised_capacity_lets_the_waiting_list_in_before_newcomers(arena):
    for n in range(3):
        register(arena, n)
    waiting = register(arena, "waiting")
    Arena.objects.filter(pk=arena.pk).update(capacity=4)
    arena.refresh_from_db()
    newcomer = register(arena, "new")
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert newcomer.status == "waitlisted"


def test_host_cancel_takes_by(arena, coordinator, django_capture_on_commit_callbacks, mailoutbox):
    registration = register(arena)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=registration, by=coordinator)
    assert Registration.objects.get().status == "cancelled"
    assert len(mailoutbox) == 1
    assert "Arrangørene har meldt deg av" in mailoutbox[0].body


# --- selectors ------------------------------------------------------------------------------


def test_visible_participants_are_confirmed_and_consenting(arena):
    organisation = OrganisationFactory(name="Bø bibliotek", kind="library")
    RegistrationFactory(
        arena=arena, name="Åse", organisation=organisation, show_to_participants=True
    )
    RegistrationFactory(
        arena=arena,
        name="Bjørn",
        organisation=None,
        organisation_name="Lag uten profil",
        show_to_participants=True,
        status="attended",
    )
    RegistrationFactory(arena=arena, name="Hidden", show_to_participants=False)
    RegistrationFactory(arena=arena, name="Waiting", show_to_participants=True, status="waitlisted")
    RegistrationFactory(arena=arena, name="Gone", show_to_participants=True, status="cancelled")
    people = selectors.visible_participants(arena)
    assert {(p.name, p.organisation) for p in people} == {
        ("Bjørn", "Lag uten profil"),
        ("Åse", "Bø bibliotek"),
    }
    assert len(people) == 2


@pytest.mark.parametrize("rows", [3, 30])
def test_selectors_make_a_constant_number_of_queries(arena, rows, django_assert_num_queries):
    for n in range(rows):
        RegistrationFactory(arena=arena, show_to_participants=True, email=f"q{n}@example.no")
    with django_assert_num_queries(3):
        selectors.visible_participants(arena)
        selectors.registration_counts(arena)
        selectors.places_left(arena)


def test_organisation_by_name_prefers_the_county(db):
    OrganisationFactory(name="Frivilligsentralen", home_municipality_id="4003")
    OrganisationFactory(name="Frivilligsentralen", home_municipality_id="3905")
    OrganisationFactory(name="Unik forening", home_municipality_id="3905")
    found = selectors.organisation_by_name(" frivilligsentralen ", county_id="40")
    assert found is not None and found.home_municipality_id == "4003"
    assert selectors.organisation_by_name("Unik forening", county_id="40").name == "Unik forening"
    assert selectors.organisation_by_name("Ukjent", county_id="40") is None
    assert "Frivilligsentralen" in selectors.organisation_names("40")
    assert "Unik forening" not in selectors.organisation_names("40")
