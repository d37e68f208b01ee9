"""Django admin for people: platform admins manage county coordinators there."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def admin_client(client, platform_admin):
    client.force_login(platform_admin)
    return client


def test_user_list_loads_with_columns_and_coordinator_counties(admin_client, coordinator, user):
    response = admin_client.get("/admin/accounts/user/")
    assert response.status_code == 200
    html = response.content.decode()
    assert coordinator.email in html
    assert user.email in html
    assert "Telemark" in html  # county 40, shown for the coordinator


def test_search_by_email_and_name(admin_client, coordinator, user):
    response = admin_client.get("/admin/accounts/user/", {"q": "coordinator@"})
    html = response.content.decode()
    assert coordinator.email in html
    assert user.email not in html


def test_filter_coordinators(admin_client, coordinator, other_coordinator, user):
    response = admin_client.get("/admin/accounts/user/", {"coordinator": "yes"})
    html = response.content.decode()
    assert coordinator.email in html
    assert other_coordinator.email in html
    assert user.email not in html

    by_county = admin_client.get("/admin/accounts/user/", {"coordinator_for__number__exact": "40"})
    assert by_county.status_code == 200
    assert coordinator.email in by_county.content.decode()
    assert other_coordinator.email not in by_county.content.decode()


def test_change_page_lets_admin_appoint_a_coordinator(admin_client, user):
    url = f"/admin/accounts/user/{user.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="coordinator_for"' in page.content.decode()
    assert 'name="language"' in page.content.decode()

    form = page.context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if key not in {"password", "groups", "user_permissions", "coordinator_for"}
        and value is not None
    }
    data.update(
        {"coordinator_for": ["40"], "is_active": "on", "date_joined_0": "", "last_login_0": ""}
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(user.coordinator_for.values_list("number", flat=True)) == ["40"]


def test_add_page_creates_a_person_with_lowercase_unique_email(admin_client, user):
    assert admin_client.get("/admin/accounts/user/add/").status_code == 200
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "Ny.Koordinator@Example.no",
            "name": "Ny Koordinator",
            "language": "nn",
            "usable_password": "true",
            "password1": "Fjellvann-og-bjørk-42",
            "password2": "Fjellvann-og-bjørk-42",
        },
    )
    assert response.status_code == 302
    created = User.objects.get(email="ny.koordinator@example.no")
    assert created.language == "nn"

    duplicate = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "email": user.email.upper(),
            "language": "nb",
            "usable_password": "false",
        },
    )
    assert duplicate.status_code == 200
    assert "email" in duplicate.context["adminform"].form.errors
    assert User.objects.filter(email__iexact=user.email).count() == 1


@pytest.mark.parametrize("who", ["anonymous", "user", "coordinator"])
def test_others_cannot_open_the_user_admin(client, who, request):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
