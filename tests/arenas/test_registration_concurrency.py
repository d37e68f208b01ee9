"""50 people register at once for the last 5 places (PostgreSQL): exactly 5 get a place and
45 wait in line; cancellations then promote the waiting list in order."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from samskap.arenas.models import Registration
from samskap.arenas.selectors import registration as selectors
from samskap.arenas.services import registration as services
from samskap.arenas.services.registration import RegistrationData
from samskap.places.models import Municipality
from tests.factories import ArenaFactory, RegistrationFactory

POSTGRES_ONLY = (
    "Needs row locks (SELECT … FOR UPDATE) and concurrent writers: PostgreSQL only. "
    "SQLite serialises all writers, so there is no race to test there."
)


def in_parallel(count: int, work) -> list[str]:
    """Run `work(n)` for n in 0..count-1 in as many threads released at once; the outcomes
    ("ok", an error code, or the unexpected exception)."""
    barrier = threading.Barrier(count)
    results: list[str] = []
    lock = threading.Lock()

    def run(n: int) -> None:
        try:
            barrier.wait()
            work(n)
            outcome = "ok"
        except ValidationError as error:
            outcome = ",".join(sorted(services.error_codes(error))) or "error"
        except Exception as error:  # noqa: BLE001 - reported in the assertion
            outcome = repr(error)
        finally:
            close_old_connections()
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_fifty_sign_ups_for_the_last_five_places(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip(POSTGRES_ONLY)
    capacity, people = 30, 50
    arena = ArenaFactory(capacity=capacity)
    for n in range(capacity - 5):
        RegistrationFactory(
            arena=arena,
            email=f"early{n}@example.no",
            organisation=None,
            organisation_name="Tidlig lag",
            sector="library",
        )
    municipality = Municipality.objects.get(pk="4003")

    def sign_up(n: int) -> None:
        services.registration_create(
            arena=arena,
            data=RegistrationData(
                name=f"Person {n}",
                email=f"person{n}@example.no",
                organisation_name="Lag",
                sector="voluntary",
                municipality=municipality,
            ),
            language="nb",
        )

    results = in_parallel(people, sign_up)
    assert results == ["ok"] * people
    newcomers = Registration.objects.filter(arena=arena, email__startswith="person")
    assert newcomers.filter(status="confirmed").count() == 5
    assert newcomers.filter(status="waitlisted").count() == 45
    assert Registration.objects.filter(arena=arena).holding_place().count() == capacity
    assert selectors.places_left(arena) == 0
    queue = list(Registration.objects.filter(arena=arena).waitlisted())
    assert [selectors.waitlist_position(r) for r in queue] == list(range(1, 46))
    assert all(r.waitlisted_at is not None for r in queue)

    # Ten confirmed people cancel at the same time: the first ten in line get the places.
    leaving = list(Registration.objects.filter(arena=arena, status="confirmed").order_by("pk")[:10])
    results = in_parallel(
        len(leaving), lambda n: services.registration_cancel(registration=leaving[n])
    )
    assert results == ["ok"] * len(leaving)
    promoted = {r.pk for r in queue[:10]}
    still_waiting = [r.pk for r in queue[10:]]
    statuses = dict(Registration.objects.filter(arena=arena).values_list("pk", "status"))
    assert {pk for pk in promoted if statuses[pk] == "confirmed"} == promoted
    assert [statuses[pk] for pk in still_waiting] == ["waitlisted"] * 35
    assert Registration.objects.filter(arena=arena).holding_place().count() == capacity
    first_left = Registration.objects.get(pk=still_waiting[0])
    assert selectors.waitlist_position(first_left) == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_address_at_once_gives_one_registration(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip(POSTGRES_ONLY)
    arena = ArenaFactory(capacity=5)
    municipality = Municipality.objects.get(pk="4003")

    def sign_up(n: int) -> None:
        services.registration_create(
            arena=arena,
            data=RegistrationData(
                name=f"Kari {n}",
                email="Kari@Example.no" if n % 2 else "kari@example.no",
                organisation_name="Lag",
                sector="voluntary",
                municipality=municipality,
            ),
            language="nb",
        )

    results = in_parallel(10, sign_up)
    assert sorted(results) == ["duplicate"] * 9 + ["ok"]
    assert Registration.objects.filter(arena=arena).count() == 1
    assert Registration.objects.get(arena=arena).email == "kari@example.no"
