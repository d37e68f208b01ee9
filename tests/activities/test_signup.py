"""Signing up on the platform: the public page, capacity, duplicates, and parallel sign-ups for
the last places (PostgreSQL)."""

import datetime
import threading
from importlib import import_module

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.utils import timezone

from samskap.activities import recurrence, services
from samskap.activities.models import Activity, Occurrence, SignUp
from tests.activities.test_forms import saturday
from tests.factories import ActivityFactory, SignUpFactory, UserFactory


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=recurrence.OSLO)


@pytest.fixture
def activity(db, organisation):
    """Two Saturdays, 18–20, two places each."""
    day = saturday()
    return ActivityFactory(
        organiser=organisation,
        title="Strikkekafé",
        signup="platform",
        capacity=2,
        start=at(day, 18),
        end=at(day, 20),
        rrule=recurrence.build_rrule(
            "weekly", start=at(day, 18), until=day + datetime.timedelta(weeks=1)
        ),
    )


def url(activity, prefix="/en"):
    return f"{prefix}/aktiviteter/{activity.pk}/pamelding/"


def test_the_page_lists_upcoming_times_with_places_left(client, activity):
    first, second = activity.occurrences.order_by("start")
    SignUpFactory(occurrence=first)
    past = Occurrence.objects.create(
        activity=activity,
        start=timezone.now() - datetime.timedelta(days=7),
        end=timezone.now() - datetime.timedelta(days=7, hours=-2),
    )
    response = client.get(url(activity))
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 place left" in html
    assert "2 places left" in html
    assert f'value="{past.pk}"' not in html
    assert 'autocomplete="email"' in html


def test_signed_in_people_find_their_name_and_address_filled_in(client, activity):
    person = UserFactory(name="Kari Nordmann", email="kari@example.no")
    client.force_login(person)
    html = client.get(url(activity)).content.decode()
    assert 'value="Kari Nordmann"' in html
    assert 'value="kari@example.no"' in html


def test_sign_up(client, activity, django_capture_on_commit_callbacks, mailoutbox):
    first = activity.occurrences.order_by("start").first()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(activity, prefix="/nn"),
            {"occurrence": first.pk, "name": "Ola Nordmann", "email": "ola@example.no"},
        )
    assert response.status_code == 200
    assert "ola@example.no" in response.content.decode()
    signup = SignUp.objects.get()
    assert (signup.occurrence, signup.name, signup.language, signup.user) == (
        first,
        "Ola Nordmann",
        "nn",
        None,
    )
    assert [m.to for m in mailoutbox] == [["ola@example.no"]]
    assert "laurdag" in mailoutbox[0].body


def test_a_signed_in_person_is_linked(client, activity):
    person = UserFactory()
    client.force_login(person)
    first = activity.occurrences.order_by("start").first()
    client.post(url(activity), {"occurrence": first.pk, "name": "Kari", "email": person.email})
    assert SignUp.objects.get().user == person


def test_a_full_time_is_shown_as_full_and_refused(client, activity):
    first, second = activity.occurrences.order_by("start")
    SignUpFactory(occurrence=first)
    SignUpFactory(occurrence=first)
    html = client.get(url(activity)).content.decode()
    assert f'value="{first.pk}" id="id_occurrence_0" disabled' in html
    # Someone whose page still showed a place left:
    response = client.post(
        url(activity), {"occurrence": first.pk, "name": "Sen", "email": "sen@example.no"}
    )
    assert response.status_code == 200
    assert "Sorry, this time is full" in response.content.decode()
    assert SignUp.objects.filter(occurrence=first).count() == 2
    SignUpFactory(occurrence=second)
    SignUpFactory(occurrence=second)
    html = client.get(url(activity)).content.decode()
    assert "Sorry, every time is full." in html
    assert '<form method="post" class="samskap-form' not in html


def test_the_same_address_twice_is_a_clear_message(client, activity):
    first = activity.occurrences.order_by("start").first()
    SignUpFactory(occurrence=first, email="ola@example.no")
    response = client.post(
        url(activity),
        {"occurrence": first.pk, "name": "Ola", "email": "Ola@Example.no"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This e-mail address is already signed up for this time." in html
    assert 'value="Ola"' in html
    assert SignUp.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Ola", "email": "ola@example.no"}, "Choose a time."),
        ({"occurrence": "999999", "name": "Ola", "email": "ola@example.no"}, "no longer open"),
        ({"occurrence": "FIRST", "name": " ", "email": "ola@example.no"}, "This field is required"),
        ({"occurrence": "FIRST", "name": "Ola", "email": "ola@"}, "valid email"),
    ],
)
def test_bad_input(client, activity, data, message):
    first = activity.occurrences.order_by("start").first()
    data = {k: (str(first.pk) if v == "FIRST" else v) for k, v in data.items()}
    response = client.post(url(activity), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SignUp.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"signup": Activity.SignUp.NONE},
        {"signup": Activity.SignUp.LINK, "signup_url": "https://example.no"},
        {"status": Activity.Status.DRAFT},
        {"hidden_at": "2026-01-01T10:00Z"},
    ],
)
def test_404_without_platform_sign_up_or_when_not_public(client, activity, change, member):
    Activity.objects.filter(pk=activity.pk).update(**change)
    assert client.get(url(activity)).status_code == 404
    client.force_login(member)  # not even the organiser's members get a sign-up page
    assert client.get(url(activity)).status_code == 404


def test_a_cancelled_activity_says_so_and_takes_no_sign_ups(client, activity):
    Activity.objects.filter(pk=activity.pk).update(status="cancelled", cancel_reason="Sykdom")
    response = client.get(url(activity))
    assert response.status_code == 200
    assert "This activity is cancelled" in response.content.decode()
    first = activity.occurrences.order_by("start").first()
    client.post(url(activity), {"occurrence": first.pk, "name": "Ola", "email": "o@example.no"})
    assert not SignUp.objects.exists()


def test_sign_up_beyond_capacity_through_the_service_fails_cleanly(activity):
    first = activity.occurrences.order_by("start").first()
    for n in range(2):
        services.signup_create(
            occurrence=first, name="N", email=f"p{n}@example.no", user=None, language="nb"
        )
    with pytest.raises(ValidationError, match="full"):
        services.signup_create(
            occurrence=first, name="N", email="x@example.no", user=None, language="nb"
        )


# --- parallel sign-ups (PostgreSQL) ---------------------------------------------------------

REFERENCE_DATA = [
    ("samskap.places.migrations.0002_load_municipalities_2024", "load", "places.County"),
    ("samskap.directory.migrations.0002_taxonomies", "seed", "directory.TargetGroup"),
    ("samskap.directory.migrations.0006_icnpo_categories", "load", "directory.IcnpoCategory"),
    ("samskap.activities.migrations.0002_languages", "seed", "activities.Language"),
]


@pytest.fixture
def reference_data(transactional_db):
    """A transactional test that ran before ends by emptying every table, the reference data of
    the data migrations included: load it again."""
    from django.apps import apps

    for module, function, model in REFERENCE_DATA:
        if not apps.get_model(model).objects.exists():
            getattr(import_module(module), function)(apps, None)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs row locks (SELECT … FOR UPDATE) and concurrent writers: PostgreSQL only. "
    "SQLite serialises all writers, so there is no race to test there.",
)
def test_parallel_sign_ups_for_the_last_places_give_exactly_the_capacity(reference_data):
    from tests.factories import OrganisationFactory

    capacity, taken, people = 5, 2, 12
    activity = ActivityFactory(
        organiser=OrganisationFactory(), signup="platform", capacity=capacity
    )
    occurrence = activity.occurrences.get()
    for n in range(taken):
        SignUpFactory(occurrence=occurrence, email=f"early{n}@example.no")

    barrier = threading.Barrier(people)
    results: list[str] = []
    lock = threading.Lock()

    def sign_up(n: int) -> None:
        try:
            barrier.wait()
            services.signup_create(
                occurrence=occurrence,
                name=f"Person {n}",
                email=f"person{n}@example.no",
                user=None,
                language="nb",
            )
            outcome = "ok"
        except ValidationError as error:
            outcome = error.code or "error"
        except Exception as error:  # noqa: BLE001 - reported in the assertion below
            outcome = repr(error)
        finally:
            close_old_connections()
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == sorted(
        ["ok"] * (capacity - taken) + ["full"] * (people - capacity + taken)
    )
    assert SignUp.objects.filter(occurrence=occurrence).count() == capacity
