"""The profile page /aktorer/<slug>/."""

import datetime as dt

import pytest

from samskap.directory.models import IcnpoCategory, Membership, Organisation, Theme
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def url(organisation, language="en"):
    return f"/{language}/aktorer/{organisation.slug}/"


def test_profile_shows_the_organisation(client):
    organisation = OrganisationFactory(
        name="Porsgrunn bibliotek",
        kind="library",
        org_number="974760673",
        home_municipality_id="4001",
        target_groups=["children", "seniors"],
        themes=["reading"],
        description="Første linje.\nAndre linje.\n\nNytt avsnitt.",
        contact_name="Kari Nordmann",
        contact_email="post@bibliotek.example",
        contact_phone="35 00 00 00",
        website="https://bibliotek.example/",
        street_address="Storgata 1",
        postal_code="3915",
        postal_place="Porsgrunn",
    )
    organisation.municipalities_served.set(["4003", "4012"])
    IcnpoCategory.objects.create(code="1 100", name="Kunst og kultur")
    organisation.icnpo_categories.set(["1 100"])
    response = client.get(url(organisation))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Porsgrunn bibliotek</h1>" in html
    assert "Library · Library" in html  # kind · sector
    assert "Porsgrunn (Telemark)" in html
    assert "Skien" in html and "Bamble" in html
    assert "<p>Første linje.<br>Andre linje.</p>" in html
    assert "<p>Nytt avsnitt.</p>" in html
    assert "Children" in html and "Seniors" in html and "Reading and literature" in html
    assert "1 100 Kunst og kultur" in html
    assert "974 760 673" in html
    assert 'href="mailto:post@bibliotek.example"' in html
    assert 'href="https://bibliotek.example/" rel="nofollow noopener"' in html
    assert "Storgata 1, 3915 Porsgrunn" in html
    assert "Registered on Samskap" in html
    assert 'name="robots"' not in html


def test_register_source_shows_when_it_was_last_checked(client, organisation):
    organisation.source = Organisation.Source.REGISTER
    organisation.register_synced_at = dt.datetime(2025, 3, 4, 23, 30, tzinfo=dt.UTC)
    organisation.save()
    html = client.get(url(organisation)).content.decode()
    # 23:30 UTC is the next day in Oslo.
    assert "From the Brønnøysund registers, last checked" in html
    assert "March 5, 2025" in html
    nb = client.get(url(organisation, "nb").replace("/nb/", "/")).content.decode()
    assert "5. mars 2025" in nb


def test_user_text_is_rendered_inert(client):
    organisation = OrganisationFactory(
        name="<script>alert('name')</script>",
        description="<script>alert('description')</script>\n<b>bold</b>",
        contact_name="<img src=x onerror=alert(1)>",
    )
    html = client.get(url(organisation)).content.decode()
    assert "<script>alert(" not in html
    assert "<img src=x" not in html
    assert "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&#x27;description&#x27;)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_unknown_slug_is_404(client):
    assert client.get("/en/aktorer/finnes-ikke/").status_code == 404


def test_private_profile_is_marked_and_not_indexed(client, private_organisation, member):
    client.force_login(member)
    html = client.get(url(private_organisation)).content.decode()
    assert "This profile is not public" in html
    assert '<meta name="robots" content="noindex">' in html


def test_inactive_organisation_is_marked(client, organisation, member):
    organisation.status = Organisation.Status.INACTIVE
    organisation.save()
    client.force_login(member)
    html = client.get(url(organisation)).content.decode()
    assert "deleted or inactive in the Brønnøysund registers" in html


def buttons(html):
    return {
        "edit": "Edit profile" in html,
        "members": ">Members" in html,
        "join": "Ask to join</button>" in html,
        "login": "Log in to ask to join" in html,
        "pending": "waiting for approval" in html,
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", {"login"}),
        ("outsider", {"join"}),
        ("member", set()),
        ("org_admin", {"edit", "members"}),
        ("coordinator", {"join"}),
        ("platform_admin", {"edit", "members", "join"}),
    ],
)
def test_actions_depend_on_the_role(client, as_role, organisation, role, expected):
    as_role(role)
    html = client.get(url(organisation)).content.decode()
    shown = {name for name, present in buttons(html).items() if present}
    assert shown == expected


def test_pending_requester_sees_waiting_for_approval(client, organisation, user):
    MembershipFactory(organisation=organisation, user=user, status=Membership.Status.PENDING)
    client.force_login(user)
    html = client.get(url(organisation)).content.decode()
    assert buttons(html)["pending"]
    assert not buttons(html)["join"]


def test_admin_sees_the_number_of_waiting_requests(client, organisation, org_admin):
    MembershipFactory(organisation=organisation, status=Membership.Status.PENDING)
    MembershipFactory(organisation=organisation, status=Membership.Status.PENDING)
    client.force_login(org_admin)
    html = client.get(url(organisation)).content.decode()
    assert "Members (2 requests)" in html


def test_login_link_returns_to_the_join_page(client, organisation):
    html = client.get(url(organisation)).content.decode()
    assert "?next=/en/aktorer/skien-rode-kors/bli-medlem/" in html


def test_profile_in_nynorsk(client, organisation):
    organisation.themes.set(Theme.objects.filter(slug="outdoor-life"))
    html = client.get(f"/nn/aktorer/{organisation.slug}/").content.decode()
    assert '<html lang="nn"' in html
    assert "Friluftsliv og natur" in html


@pytest.mark.django_db
def test_register_profile_says_when_the_register_was_last_read_even_if_nothing_changed(client):
    from zoneinfo import ZoneInfo

    from samskap.directory.models import ImportRun

    OSLO = ZoneInfo("Europe/Oslo")

    OrganisationFactory(
        slug="skien-turlag",
        source="register",
        register_synced_at=dt.datetime(2026, 3, 2, 12, 0, tzinfo=OSLO),
        home_municipality_id="4003",
    )
    assert "sist sjekket 2. mars 2026" in client.get("/aktorer/skien-turlag/").content.decode()

    # A later run read the register for Skien and found the unit unchanged.
    run = ImportRun.objects.create(
        source=ImportRun.Source.API,
        county_id="40",
        status=ImportRun.Status.SUCCEEDED,
        finished_at=dt.datetime(2026, 11, 20, 3, 0, tzinfo=OSLO),
    )
    run.municipalities.set(["4003"])
    html = client.get("/aktorer/skien-turlag/").content.decode()
    assert "sist sjekket 20. november 2026" in html
    assert "2. mars 2026" not in html
