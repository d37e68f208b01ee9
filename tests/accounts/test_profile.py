"""The profile page: name, language, notifications and organisation memberships."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from samskap.directory.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory

from .conftest import in_language

pytestmark = pytest.mark.django_db

VALID = {"name": "Kari Nordmann-Li", "language": "nb", "notifications": "immediate"}


def test_profile_requires_login(client, db):
    response = client.get("/konto/profil/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=/konto/profil/")


def test_profile_shows_the_form_with_current_values(client, person):
    client.force_login(person)
    response = client.get("/konto/profil/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="ds-heading" data-size="lg">' in html
    assert person.email in html
    assert 'value="Kari Nordmann"' in html
    assert 'name="language" value="nb" id="id_language_0" checked' in html
    assert 'name="notifications" value="digest"' in html
    assert 'href="/konto/email/"' in html
    assert 'href="/konto/password/change/"' in html
    assert 'href="/aktorer/ny/"' in html
    assert 'href="/aktorer/"' in html
    no_memberships = (
        "You do not belong to any organisation yet. Find yours in the directory and ask to "
        "join, or register it."
    )
    assert escape(in_language("nb", no_memberships)) in html


def test_profile_lists_memberships_with_role_status_and_link(client, person):
    organisation = OrganisationFactory(name="Skien bibliotek", slug="skien-bibliotek")
    pending = OrganisationFactory(name="Porsgrunn Røde Kors", slug="porsgrunn-rode-kors")
    MembershipFactory(user=person, organisation=organisation, role=Membership.Role.ADMIN)
    MembershipFactory(
        user=person, organisation=pending, role="member", status=Membership.Status.PENDING
    )
    client.force_login(person)

    html = client.get("/nn/konto/profil/").content.decode()

    assert 'href="/nn/aktorer/skien-bibliotek/"' in html
    assert 'href="/nn/aktorer/porsgrunn-rode-kors/"' in html
    assert html.index("Porsgrunn Røde Kors") < html.index("Skien bibliotek")  # sorted by name
    assert escape(in_language("nn", "Administrator")) in html
    assert escape(in_language("nn", "Waiting for approval")) in html
    assert "<caption" in html
    assert 'scope="col"' in html


def test_profile_query_count_does_not_grow_with_memberships(client, person):
    client.force_login(person)
    MembershipFactory(user=person)
    client.get("/konto/profil/")  # warm caches (site, content types)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/konto/profil/").status_code == 200
    for _ in range(5):
        MembershipFactory(user=person)
    with CaptureQueriesContext(connection) as six:
        assert client.get("/konto/profil/").status_code == 200
    assert len(six) == len(one)


def test_saving_the_profile_updates_the_person(client, person):
    client.force_login(person)
    response = client.post("/konto/profil/", VALID)

    assert response.status_code == 302
    assert response["Location"] == "/konto/profil/"
    person.refresh_from_db()
    assert person.name == "Kari Nordmann-Li"
    assert person.notifications == "immediate"
    page = client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        in_language("nb", "Your profile has been saved.")
    ]


def test_changing_language_redirects_to_the_profile_in_the_new_language(client, person):
    client.force_login(person)
    response = client.post("/konto/profil/", {**VALID, "language": "nn"})

    assert response.status_code == 302
    assert response["Location"] == "/nn/konto/profil/"
    person.refresh_from_db()
    assert person.language == "nn"
    page = client.get(response["Location"])
    assert '<html lang="nn"' in page.content.decode()
    assert [str(m) for m in page.context["messages"]] == [
        in_language("nn", "Your profile has been saved.")
    ]


def test_english_profile_switches_to_bokmal_without_prefix(client, person):
    person.language = "en"
    person.save()
    client.force_login(person)
    response = client.post("/en/konto/profil/", {**VALID, "language": "nb"})
    assert response["Location"] == "/konto/profil/"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "x" * 151}, "name"),
        ({"language": "de"}, "language"),
        ({"language": ""}, "language"),
        ({"notifications": "hourly"}, "notifications"),
    ],
)
def test_bad_input_keeps_what_was_typed_and_saves_nothing(client, person, changes, field):
    client.force_login(person)
    data = {**VALID, "name": "Nytt namn", **changes}
    response = client.post("/konto/profil/", data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert f'value="{data["name"]}"' in html
    person.refresh_from_db()
    assert person.name == "Kari Nordmann"
    assert person.notifications == "digest"
    assert person.language == "nb"


@pytest.mark.django_db
def test_coordinators_find_the_register_imports_from_their_profile(client, coordinator, user):
    from allauth.account.models import EmailAddress

    for person in (coordinator, user):
        EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    client.force_login(coordinator)
    assert 'href="/aktorer/registeret/"' in client.get("/konto/profil/").content.decode()
    client.force_login(user)
    assert 'href="/aktorer/registeret/"' not in client.get("/konto/profil/").content.decode()
