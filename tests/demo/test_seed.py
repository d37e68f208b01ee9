"""`seed_demo` and `seed_scale`: what they create, and that running them again changes nothing."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samskap.demo.content import DEMO_PASSWORD, DEMO_USERS
from samskap.demo.scale import SCALE_PREFIX
from samskap.directory import orgnr
from samskap.directory.models import ImportRun, Kind, Membership, Organisation, RegisterUnit
from samskap.directory.selectors import OrganisationFilters, organisation_list
from samskap.places.models import Municipality
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
DEMO_COUNTIES = ["39", "40"]


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def seed_scale(**options: object) -> str:
    out = StringIO()
    call_command("seed_scale", stdout=out, **options)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "target groups": Organisation.target_groups.through.objects.count(),
        "themes": Organisation.themes.through.objects.count(),
        "served": Organisation.municipalities_served.through.objects.count(),
        "users": User.objects.count(),
        "addresses": EmailAddress.objects.count(),
        "memberships": Membership.objects.count(),
    }


@pytest.fixture
def demo():
    """The demo seeded once; the command's output."""
    return seed_demo()


# --- seed_demo ---------------------------------------------------------------------------


def test_every_municipality_of_vestfold_and_telemark_has_its_library(demo):
    municipalities = Municipality.objects.filter(county_id__in=DEMO_COUNTIES)
    assert municipalities.count() == 23
    libraries = Organisation.objects.filter(kind=Kind.LIBRARY).exclude(
        name__endswith="fylkesbibliotek"
    )
    for municipality in municipalities:
        assert libraries.filter(municipalities_served=municipality).exists(), municipality
    assert Organisation.objects.get(slug="skien-bibliotek").home_municipality_id == "4003"
    assert Organisation.objects.filter(name="Midt-Telemark bibliotek").exists()
    assert Organisation.objects.filter(name="Tønsberg og Færder bibliotek").exists()


def test_both_county_libraries_serve_their_whole_county(demo):
    for slug, county, size in [
        ("vestfold-fylkesbibliotek", "39", 6),
        ("telemark-fylkesbibliotek", "40", 17),
    ]:
        library = Organisation.objects.get(slug=slug)
        assert library.kind == Kind.LIBRARY
        served = library.municipalities_served.all()
        assert served.count() == size
        assert {m.county_id for m in served} == {county}


def test_voluntary_organisations_are_many_varied_and_spread_over_all_municipalities(demo):
    voluntary = Organisation.objects.filter(kind=Kind.VOLUNTARY, source=Organisation.Source.MANUAL)
    assert voluntary.count() >= 60
    assert voluntary.values("home_municipality").distinct().count() == 23
    assert Organisation.objects.filter(kind=Kind.VOLUNTEER_CENTRE).count() >= 5
    assert Organisation.objects.filter(kind=Kind.CULTURE).count() >= 10
    assert Organisation.objects.filter(kind=Kind.PUBLIC_HEALTH).count() >= 10
    # Varied taxonomies: most target groups and themes are in use.
    used_groups = voluntary.values("target_groups__slug").distinct().count()
    used_themes = voluntary.values("themes__slug").distinct().count()
    assert used_groups >= 10
    assert used_themes >= 12
    for org in voluntary.prefetch_related("target_groups", "themes"):
        assert org.target_groups.all(), org
        assert org.themes.all(), org
        assert org.description, org
        assert org.search_text and org.search_stems, org
        assert org.org_number is None or orgnr.is_valid(org.org_number), org
    # Informal groups have no number; a couple of profiles are not public.
    assert voluntary.filter(org_number=None).count() >= 3
    assert 1 <= voluntary.filter(public=False).count() <= 5


def test_inland_telemark_describes_itself_in_nynorsk(demo):
    vinje = Organisation.objects.get(slug="vinje-bibliotek")
    assert "ein gratis møtestad" in vinje.description
    skien = Organisation.objects.get(slug="skien-bibliotek")
    assert "en gratis møteplass" in skien.description


def test_demo_organisations_are_found_by_search(demo):
    found = organisation_list(filters=OrganisationFilters(q="bibliotek", county="40"))
    assert "skien-bibliotek" in {org.slug for org in found}
    found = organisation_list(filters=OrganisationFilters(q="sanitetsforening"))
    assert "skien-sanitetsforening" in {org.slug for org in found}


def test_one_demo_user_per_role_with_a_verified_address_and_the_demo_password(demo):
    for spec in DEMO_USERS:
        user = User.objects.get(email=spec.email)
        assert user.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.filter(
            user=user, email=spec.email, verified=True, primary=True
        ).exists()
    domain = "@demo.samskap.no"
    skien_rode_kors = Organisation.objects.get(slug="skien-rode-kors")
    member = User.objects.get(email=f"member{domain}")
    assert Membership.objects.get(user=member, organisation=skien_rode_kors).role == "member"
    org_admin = User.objects.get(email=f"orgadmin{domain}")
    membership = Membership.objects.get(user=org_admin, organisation=skien_rode_kors)
    assert (membership.role, membership.status) == ("admin", "active")
    telemark = User.objects.get(email=f"koordinator.telemark{domain}")
    assert list(telemark.coordinator_for.values_list("number", flat=True)) == ["40"]
    vestfold = User.objects.get(email=f"koordinator.vestfold{domain}")
    assert list(vestfold.coordinator_for.values_list("number", flat=True)) == ["39"]
    reviewer = User.objects.get(email=f"reviewer{domain}")
    assert reviewer.memberships.filter(status="active").exists()
    admin = User.objects.get(email=f"admin{domain}")
    assert admin.is_staff and admin.is_superuser
    plain = User.objects.filter(email__endswith=domain).exclude(email=f"admin{domain}")
    assert not plain.filter(is_staff=True).exists()
    assert User.objects.filter(email__endswith=domain, language="nn").count() == 1
    assert authenticate(username=f"member{domain}", password=DEMO_PASSWORD) == member


def test_the_org_admin_has_a_membership_request_to_approve(demo):
    pending = Membership.objects.get(status=Membership.Status.PENDING)
    assert pending.organisation.slug == "skien-rode-kors"
    assert pending.message


def test_running_seed_demo_twice_changes_and_duplicates_nothing(demo):
    before = row_counts()
    updated_at = dict(Organisation.objects.values_list("slug", "updated_at"))
    passwords = dict(User.objects.values_list("email", "password"))
    with CaptureQueriesContext(connection) as queries:
        output = seed_demo()
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert row_counts() == before
    assert dict(Organisation.objects.values_list("slug", "updated_at")) == updated_at
    assert dict(User.objects.values_list("email", "password")) == passwords
    assert "Organisations: 0 created, 0 updated" in output
    assert "Users: 0 created, 0 updated" in output
    manual = Organisation.objects.filter(source=Organisation.Source.MANUAL).count()
    assert f"Organisations: {manual} created" in demo
    assert "Register import runs: 0 created, 0 updated, 2 unchanged" in output


def test_demo_imports_its_register_extract_through_the_real_pipeline(demo):
    runs = ImportRun.objects.filter(source=ImportRun.Source.FILE).order_by("county_id")
    assert [(run.county_id, run.status) for run in runs] == [
        ("39", ImportRun.Status.SUCCEEDED),
        ("40", ImportRun.Status.SUCCEEDED),
    ]
    # Vestfold's extract has a unit being wound up; Telemark's a record without a number.
    assert [issue.code for issue in runs[0].issues.all()] == ["winding_up"]
    assert [issue.code for issue in runs[1].issues.all()] == ["no_org_number"]
    turlag = Organisation.objects.get(
        org_number=RegisterUnit.objects.get(name="SKIEN TURLAG").org_number
    )
    assert turlag.name == "Skien Turlag"
    assert turlag.source == Organisation.Source.REGISTER
    assert turlag.home_municipality_id == "4003"  # written as 3807 in the extract
    assert list(turlag.icnpo_categories.values_list("code", flat=True)) == ["1200"]
    assert turlag.themes.filter(slug="public-health").exists()
    assert not Organisation.objects.filter(name__icontains="Dataklubb").exists()


def test_seed_demo_puts_back_what_was_changed_and_keeps_what_it_does_not_own(demo):
    Organisation.objects.filter(slug="skien-bibliotek").update(description="Endret.")
    Organisation.objects.get(slug="vinje-bibliotek").themes.clear()
    Membership.objects.filter(status=Membership.Status.PENDING).update(status="active")
    own = OrganisationFactory(name="Eget lag", slug="eget-lag")
    MembershipFactory(organisation=own, user=User.objects.get(email="member@demo.samskap.no"))
    output = seed_demo()
    assert "Organisations: 0 created, 2 updated" in output
    assert "Memberships: 0 created, 1 updated" in output
    assert Organisation.objects.get(slug="skien-bibliotek").description.startswith(
        "Folkebiblioteket i Skien"
    )
    assert Organisation.objects.get(slug="vinje-bibliotek").themes.exists()
    assert Membership.objects.filter(status=Membership.Status.PENDING).count() == 1
    assert Membership.objects.filter(organisation=own).count() == 1


# --- seed_scale --------------------------------------------------------------------------


def test_seed_scale_creates_exactly_the_requested_number_spread_over_the_country():
    output = seed_scale(organisations=500, seed=1)
    scale = Organisation.objects.filter(slug__startswith=SCALE_PREFIX)
    assert scale.count() == 500
    assert scale.values("home_municipality").distinct().count() == 357
    assert "Created 500 synthetic organisations in 357 municipalities" in output
    assert not scale.filter(search_text="").exists()
    assert not scale.filter(search_stems="").exists()
    assert not scale.filter(target_groups=None).exists()
    assert not scale.filter(themes=None).exists()
    assert not scale.filter(municipalities_served=None).exists()
    numbers = [n for n in scale.values_list("org_number", flat=True) if n]
    assert len(numbers) > 400
    assert all(orgnr.is_valid(n) for n in numbers)
    assert scale.filter(public=True).count() > 450
    assert scale.filter(kind=Kind.VOLUNTARY).count() > 400


def test_seed_scale_data_is_searchable_and_listed():
    seed_scale(organisations=500, seed=1)
    org = Organisation.objects.filter(slug__startswith=SCALE_PREFIX, public=True).first()
    assert org is not None
    found = organisation_list(filters=OrganisationFilters(q=org.name))
    assert org.pk in {o.pk for o in found}


def test_rerunning_seed_scale_replaces_the_synthetic_set_and_nothing_else():
    own = OrganisationFactory(name="Skien Røde Kors", slug="skien-rode-kors")
    seed_scale(organisations=500, seed=1)
    first = list(
        Organisation.objects.filter(slug__startswith=SCALE_PREFIX)
        .order_by("slug")
        .values_list("slug", "name", "org_number")
    )
    # A member of a synthetic organisation goes with it.
    MembershipFactory(organisation=Organisation.objects.get(slug=f"{SCALE_PREFIX}1"))
    output = seed_scale(organisations=500, seed=1)
    assert "Deleted 500 earlier synthetic organisations" in output
    again = list(
        Organisation.objects.filter(slug__startswith=SCALE_PREFIX)
        .order_by("slug")
        .values_list("slug", "name", "org_number")
    )
    assert again == first  # same seed, same data, not doubled
    assert Organisation.objects.count() == 501
    assert Organisation.objects.filter(pk=own.pk).exists()
    assert not Membership.objects.filter(organisation__slug__startswith=SCALE_PREFIX).exists()
    links = Organisation.target_groups.through.objects
    assert links.count() == links.filter(organisation__slug__startswith=SCALE_PREFIX).count()


def test_seed_scale_with_zero_only_deletes():
    seed_scale(organisations=50)
    seed_scale(organisations=0)
    assert not Organisation.objects.filter(slug__startswith=SCALE_PREFIX).exists()
    assert not Organisation.themes.through.objects.exists()


def test_seed_scale_refuses_a_negative_number():
    with pytest.raises(CommandError, match="0 or more"):
        seed_scale(organisations=-1)


@pytest.mark.parametrize("command", ["seed_demo", "seed_scale"])
def test_seed_commands_refuse_production_unless_told(settings, command):
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError, match="--allow-production"):
        call_command(command, stdout=StringIO())
    assert not Organisation.objects.exists()
    assert not User.objects.exists()
    options = {"organisations": 5} if command == "seed_scale" else {}
    call_command(command, "--allow-production", stdout=StringIO(), **options)
    assert Organisation.objects.exists()
