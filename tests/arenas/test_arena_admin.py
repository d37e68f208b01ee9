"""The arenas' admin pages open for platform admins (with search and filters) and are closed
to everyone else."""

import pytest

from tests.factories import ArenaFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/admin/arenas/arena/",
    "/admin/arenas/registration/",
    "/admin/arenas/breakoutround/",
    "/admin/arenas/breakoutgroup/",
    "/admin/arenas/contribution/",
    "/admin/arenas/tag/",
]


@pytest.mark.parametrize("url", PAGES)
def test_admin_lists_open_for_platform_admins(client, platform_admin, url):
    registration = RegistrationFactory(name="Kari Søk")
    client.force_login(platform_admin)
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "Kari"}).status_code == 200
    assert client.get(f"/admin/arenas/arena/{registration.arena_id}/change/").status_code == 200


def test_registration_search_and_filters(client, platform_admin):
    arena = ArenaFactory(title="Arena med søk")
    RegistrationFactory(arena=arena, name="Kari Søk", sector="library")
    RegistrationFactory(arena=arena, name="Ola Annen", sector="voluntary")
    client.force_login(platform_admin)
    page = client.get("/admin/arenas/registration/", {"q": "Kari"}).text
    assert "Kari Søk" in page
    assert "Ola Annen" not in page
    page = client.get("/admin/arenas/registration/", {"sector": "voluntary"}).text
    assert "Ola Annen" in page
    assert "Kari Søk" not in page
    assert client.get("/admin/arenas/registration/add/").status_code == 403


@pytest.mark.parametrize("role", ["coordinator", "user"])
def test_admin_closed_to_others(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get("/admin/arenas/arena/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
