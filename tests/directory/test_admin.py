"""The Django admin for the directory (platform admins only)."""

import pytest

from samskap.directory.models import IcnpoCategory, Membership, Organisation, TargetGroup
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, platform_admin):
    client.force_login(platform_admin)
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/en/admin/directory/organisation/",
        "/en/admin/directory/organisation/?q=974760673",
        "/en/admin/directory/organisation/?q=Røde",
        "/en/admin/directory/organisation/?kind__exact=voluntary&sector__exact=voluntary",
        "/en/admin/directory/organisation/?home_municipality__county__number__exact=40",
        "/en/admin/directory/organisation/?status__exact=active&source__exact=manual&public__exact=1",
        "/en/admin/directory/organisation/add/",
        "/en/admin/directory/membership/",
        "/en/admin/directory/membership/?q=admin@example.no",
        "/en/admin/directory/targetgroup/",
        "/en/admin/directory/theme/",
        "/en/admin/directory/icnpocategory/",
        "/en/admin/autocomplete/?app_label=directory&model_name=organisation&field_name=home_municipality&term=Ski",
    ],
)
def test_admin_pages_load(admin_client, organisation, org_admin, path):
    response = admin_client.get(path)
    assert response.status_code == 200


def test_organisation_change_page_has_membership_inline(admin_client, organisation, org_admin):
    html = admin_client.get(
        f"/en/admin/directory/organisation/{organisation.pk}/change/"
    ).content.decode()
    assert "memberships-TOTAL_FORMS" in html
    assert org_admin.email in html or str(org_admin.pk) in html


def test_admin_search_finds_by_org_number(admin_client, organisation):
    organisation.org_number = "974760673"
    organisation.save()
    response = admin_client.get("/en/admin/directory/organisation/", {"q": "974760673"})
    assert list(response.context["cl"].result_list) == [organisation]


def test_admin_save_normalises_org_number_and_refreshes_search(admin_client, organisation):
    url = f"/en/admin/directory/organisation/{organisation.pk}/change/"
    response = admin_client.post(
        url,
        {
            "name": "Skien Røde Kors besøkstjeneste",
            "slug": organisation.slug,
            "org_number": "974 760 673",
            "kind": "voluntary",
            "home_municipality": "4003",
            "description": "Besøksvenner på sykehjem.",
            "source": "manual",
            "status": "active",
            "public": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    organisation.refresh_from_db()
    assert organisation.org_number == "974760673"
    assert "besøkstjeneste" in organisation.search_text


def test_admin_refuses_an_invalid_org_number(admin_client, organisation):
    url = f"/en/admin/directory/organisation/{organisation.pk}/change/"
    response = admin_client.post(
        url,
        {
            "name": organisation.name,
            "slug": organisation.slug,
            "org_number": "974760674",
            "kind": "voluntary",
            "source": "manual",
            "status": "active",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "not a valid organisation number" in response.content.decode()


def test_taxonomy_names_are_editable_in_the_list(admin_client):
    group = TargetGroup.objects.get(slug="children")
    groups = list(TargetGroup.objects.order_by("position", "slug"))
    data = {
        "form-TOTAL_FORMS": str(len(groups)),
        "form-INITIAL_FORMS": str(len(groups)),
        "_save": "Save",
    }
    for i, g in enumerate(groups):
        data.update(
            {
                f"form-{i}-id": str(g.pk),
                f"form-{i}-name_nb": g.name_nb,
                f"form-{i}-name_nn": g.name_nn,
                f"form-{i}-name_en": g.name_en,
                f"form-{i}-position": str(g.position),
            }
        )
    index = groups.index(group)
    data[f"form-{index}-name_nn"] = "Born og unge"
    response = admin_client.post("/en/admin/directory/targetgroup/", data)
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name_nn == "Born og unge"


def test_icnpo_and_membership_change_pages(admin_client, organisation):
    IcnpoCategory.objects.create(code="1 100", name="Kunst og kultur")
    membership = MembershipFactory(organisation=organisation)
    assert admin_client.get("/en/admin/directory/icnpocategory/1%20100/change/").status_code == 200
    assert (
        admin_client.get(f"/en/admin/directory/membership/{membership.pk}/change/").status_code
        == 200
    )


@pytest.mark.parametrize("role", ["org_admin", "coordinator", "user"])
def test_admin_is_closed_to_everyone_else(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get("/en/admin/directory/organisation/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert Organisation.objects.count() <= 1
    assert Membership.objects.count() <= 1
