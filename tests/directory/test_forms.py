"""Registering and editing an organisation, including bad input."""

import pytest

from samskap.directory.models import Membership, Organisation, TargetGroup, Theme
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

CREATE = "/en/aktorer/ny/"


def valid_data(**overrides):
    data = {
        "name": "Skien frivilligsentral",
        "org_number": "974 760 673",
        "kind": "volunteer_centre",
        "home_municipality": "4003",
        "municipalities_served": ["4001", "4012"],
        "target_groups": [str(TargetGroup.objects.get(slug="seniors").pk)],
        "themes": [str(Theme.objects.get(slug="meeting-place").pk)],
        "description": "Vi driver møteplasser.\nVelkommen!",
        "contact_name": "Kari Nordmann",
        "contact_email": "post@frivilligsentral.example",
        "contact_phone": "35 00 00 00",
        "website": "https://frivilligsentral.example",
        "street_address": "Torget 2",
        "postal_code": "3724",
        "postal_place": "Skien",
        "public": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_create_form_page(client, user):
    client.force_login(user)
    response = client.get(CREATE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Register an organisation</h1>" in html
    assert 'name="org_number"' in html
    assert '<optgroup label="Telemark">' in html
    assert 'type="checkbox" name="target_groups"' in html


def test_create_registers_the_organisation_with_its_creator_as_admin(client, user):
    client.force_login(user)
    response = client.post(CREATE, valid_data())
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/aktorer/{organisation.slug}/"
    assert organisation.slug == "skien-frivilligsentral"
    assert organisation.org_number == "974760673"  # stored as nine digits
    assert organisation.kind == "volunteer_centre"
    assert organisation.home_municipality_id == "4003"
    assert sorted(organisation.municipalities_served.values_list("pk", flat=True)) == [
        "4001",
        "4012",
    ]
    assert list(organisation.target_groups.values_list("slug", flat=True)) == ["seniors"]
    assert list(organisation.themes.values_list("slug", flat=True)) == ["meeting-place"]
    assert organisation.public is True
    assert organisation.source == Organisation.Source.MANUAL
    membership = Membership.objects.get()
    assert (membership.user, membership.role, membership.status) == (user, "admin", "active")
    page = client.get(response["Location"]).content.decode()
    assert "Skien frivilligsentral is registered. You are its administrator." in page
    # Findable at once.
    assert "frivilligsentral" in organisation.search_text.lower()
    found = client.get("/en/aktorer/", {"q": "frivilligsentral"})
    assert [o.pk for o in found.context["page_obj"]] == [organisation.pk]


def test_create_without_org_number_or_optional_fields(client, user):
    client.force_login(user)
    response = client.post(
        CREATE, {"name": "Lesesirkelen", "kind": "voluntary", "home_municipality": "4005"}
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.org_number is None
    assert organisation.public is False


def test_slugs_are_unique_and_readable(client, user):
    client.force_login(user)
    client.post(CREATE, valid_data(name="Bø Røde Kors", org_number=""))
    client.post(CREATE, valid_data(name="Bø Røde Kors", org_number=""))
    client.post(CREATE, valid_data(name="Ny", org_number=""))
    assert sorted(Organisation.objects.values_list("slug", flat=True)) == [
        "bo-rode-kors",
        "bo-rode-kors-2",
        "ny-aktor",  # "ny" is the address of this form
    ]


def assert_rerendered_with(response, *fragments):
    assert response.status_code == 200
    html = response.content.decode()
    assert "ds-error-summary" in html
    assert 'aria-invalid="true"' in html
    for fragment in fragments:
        assert fragment in html, fragment
    return html


@pytest.mark.parametrize(
    ("org_number", "message"),
    [
        ("974760674", "This is not a valid organisation number"),
        ("97476067", "An organisation number has nine digits"),
        ("97476067X", "An organisation number has nine digits"),
        ("974-760-673", "An organisation number has nine digits"),
    ],
)
def test_invalid_org_number(client, user, org_number, message):
    client.force_login(user)
    response = client.post(CREATE, valid_data(org_number=org_number))
    assert_rerendered_with(
        response,
        message,
        f'value="{org_number}"',  # what was typed is kept
        'value="Skien frivilligsentral"',
        "Vi driver møteplasser.",
        'value="4001" selected',
    )
    assert not Organisation.objects.exists()
    assert not Membership.objects.exists()


def test_duplicate_org_number_of_a_public_organisation_links_to_join_it(client, user):
    existing = OrganisationFactory(name="Skien Røde Kors", org_number="974760673")
    client.force_login(user)
    response = client.post(CREATE, valid_data(org_number="974 760 673"))
    html = assert_rerendered_with(response, "Skien Røde Kors is already registered")
    assert f'href="/en/aktorer/{existing.slug}/bli-medlem/">Ask to join Skien Røde Kors</a>' in html
    assert Organisation.objects.count() == 1
    assert not Membership.objects.exists()


def test_duplicate_org_number_of_a_private_organisation_does_not_reveal_it(client, user):
    OrganisationFactory(name="Hemmelig forening", org_number="974760673", public=False)
    client.force_login(user)
    response = client.post(CREATE, valid_data())
    html = assert_rerendered_with(response, "already registered")
    assert "Hemmelig forening" not in html
    assert "bli-medlem" not in html


def test_duplicate_name_in_escaped_link(client, user):
    OrganisationFactory(name="<b>Lag</b>", org_number="974760673")
    client.force_login(user)
    html = client.post(CREATE, valid_data()).content.decode()
    assert "<b>Lag</b>" not in html
    assert "&lt;b&gt;Lag&lt;/b&gt; is already registered" in html


@pytest.mark.parametrize("missing", ["name", "kind", "home_municipality"])
def test_missing_required_fields(client, user, missing):
    client.force_login(user)
    response = client.post(CREATE, valid_data(**{missing: None}))
    assert_rerendered_with(response, "This field is required", 'value="Kari Nordmann"')
    assert not Organisation.objects.exists()


def test_name_of_only_spaces_is_missing(client, user):
    client.force_login(user)
    response = client.post(CREATE, valid_data(name="   "))
    assert_rerendered_with(response)
    assert not Organisation.objects.exists()


def test_over_long_description(client, user):
    client.force_login(user)
    response = client.post(CREATE, valid_data(description="x" * 5001))
    assert_rerendered_with(response, "at most 5000 characters", "x" * 5001)
    assert not Organisation.objects.exists()


def test_description_of_exactly_5000_characters_is_fine(client, user):
    client.force_login(user)
    assert client.post(CREATE, valid_data(description="x" * 5000)).status_code == 302


@pytest.mark.parametrize("email", ["post@", "ikke en adresse", "a@b@c.no"])
def test_malformed_contact_email(client, user, email):
    client.force_login(user)
    response = client.post(CREATE, valid_data(contact_email=email))
    assert_rerendered_with(response, "Enter a valid email address")
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("website", ["javascript:alert(1)", "ftp://files.example", "not a url"])
def test_websites_must_be_web_addresses(client, user, website):
    client.force_login(user)
    response = client.post(CREATE, valid_data(website=website))
    assert_rerendered_with(response, "Enter a valid URL")
    assert not Organisation.objects.exists()


def test_unknown_municipality_or_taxonomy(client, user):
    client.force_login(user)
    response = client.post(CREATE, valid_data(home_municipality="9999", target_groups=["99999"]))
    assert_rerendered_with(response, "Select a valid choice")
    assert not Organisation.objects.exists()


def test_script_in_name_and_description_is_stored_as_text_and_shown_escaped(client, user):
    client.force_login(user)
    response = client.post(
        CREATE,
        valid_data(
            name="<script>alert('x')</script> Lag",
            description="<script>alert('y')</script>",
            org_number="",
        ),
    )
    organisation = Organisation.objects.get()
    assert organisation.name == "<script>alert('x')</script> Lag"
    assert organisation.slug == "scriptalertxscript-lag"
    html = client.get(response["Location"]).content.decode()
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Lag" in html


def test_rerendered_form_escapes_typed_values(client, user):
    client.force_login(user)
    html = client.post(
        CREATE, valid_data(name='"><script>alert(1)</script>', kind="")
    ).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


# --- editing ----------------------------------------------------------------------------


def edit_url(organisation):
    return f"/en/aktorer/{organisation.slug}/rediger/"


def test_edit_form_is_filled_in(client, org_admin, organisation):
    organisation.org_number = "974760673"
    organisation.save()
    organisation.target_groups.set(TargetGroup.objects.filter(slug="children"))
    client.force_login(org_admin)
    html = client.get(edit_url(organisation)).content.decode()
    assert "Edit Skien Røde Kors</h1>" in html
    assert 'value="Skien Røde Kors"' in html
    assert 'value="974760673"' in html
    assert 'value="4003" selected' in html
    children = TargetGroup.objects.get(slug="children").pk
    assert f'value="{children}" id="id_target_groups_0" checked' in html


def test_edit_saves_and_refreshes_search(client, org_admin, organisation):
    client.force_login(org_admin)
    response = client.post(
        edit_url(organisation),
        valid_data(name="Skien Røde Kors hjelpekorps", description="Førstehjelp og leting."),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/en/aktorer/{organisation.slug}/"
    organisation.refresh_from_db()
    assert organisation.name == "Skien Røde Kors hjelpekorps"
    assert organisation.slug == "skien-rode-kors"  # links keep working
    assert organisation.org_number == "974760673"
    assert "førstehjelp" in organisation.search_text.lower()
    found = client.get("/en/aktorer/", {"q": "førstehjelp"})
    assert [o.pk for o in found.context["page_obj"]] == [organisation.pk]


def test_edit_keeps_its_own_org_number(client, org_admin, organisation):
    organisation.org_number = "974760673"
    organisation.save()
    client.force_login(org_admin)
    response = client.post(edit_url(organisation), valid_data(org_number="974760673"))
    assert response.status_code == 302


def test_edit_refuses_another_organisations_number(client, org_admin, organisation):
    OrganisationFactory(name="Digdir", org_number="991825827")
    client.force_login(org_admin)
    response = client.post(edit_url(organisation), valid_data(org_number="991825827"))
    html = assert_rerendered_with(response, "Digdir is already registered")
    assert "Edit Skien Røde Kors</h1>" in html  # the heading keeps the stored name
    organisation.refresh_from_db()
    assert organisation.org_number != "991825827"


def test_edit_with_bad_input_changes_nothing(client, org_admin, organisation):
    client.force_login(org_admin)
    response = client.post(edit_url(organisation), valid_data(name="", description="y" * 6000))
    html = assert_rerendered_with(response)
    assert "Edit Skien Røde Kors</h1>" in html
    organisation.refresh_from_db()
    assert organisation.name == "Skien Røde Kors"
    assert organisation.description == "Et lag for alle som vil være med."
    assert organisation.target_groups.count() == 0


def test_platform_admin_can_edit(client, platform_admin, organisation):
    client.force_login(platform_admin)
    response = client.post(edit_url(organisation), valid_data(org_number=""))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Skien frivilligsentral"


@pytest.mark.parametrize("field", ["name", "org_number", "description", "contact_email"])
def test_null_characters_are_refused(client, user, field):
    client.force_login(user)
    response = client.post(CREATE, valid_data(**{field: "Lag\x00"}))
    assert_rerendered_with(response, "Null characters are not allowed")
    assert not Organisation.objects.exists()
