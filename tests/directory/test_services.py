"""Directory services and selectors, called directly."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from samskap.directory import services
from samskap.directory.models import Kind, Membership, Organisation, TargetGroup
from samskap.directory.selectors import (
    OrganisationFilters,
    directory_stats,
    membership_list,
    organisation_list,
)
from samskap.directory.services import OrganisationData
from samskap.places.models import Municipality
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def data(**overrides):
    values = {
        "name": "Notodden bibliotek",
        "kind": Kind.LIBRARY,
        "org_number": "974 760 673",
        "home_municipality": Municipality.objects.get(pk="4005"),
        "target_groups": list(TargetGroup.objects.filter(slug="children")),
        "public": True,
    }
    values.update(overrides)
    return OrganisationData(**values)


def test_organisation_create(user):
    organisation = services.organisation_create(by=user, data=data())
    assert organisation.org_number == "974760673"
    assert organisation.slug == "notodden-bibliotek"
    with translation.override("en"):
        assert organisation.sector_label == "Library"
    with translation.override("nn"):
        assert organisation.sector_label == "Bibliotek"
    assert list(organisation.target_groups.values_list("slug", flat=True)) == ["children"]
    assert Membership.objects.get().role == Membership.Role.ADMIN
    assert " notodd" in organisation.search_stems  # the Norwegian stem
    assert [o.pk for o in organisation_list(filters=OrganisationFilters(q="biblioteket"))] == [
        organisation.pk
    ]


def test_search_text_is_the_same_whatever_the_language(user):
    from django.utils import translation

    with translation.override("en"):
        english = services.organisation_create(by=user, data=data())
    with translation.override("nb"):
        bokmal = services.organisation_create(
            by=user, data=data(org_number="991825827", name="Notodden bibliotek")
        )
    assert english.search_text == bokmal.search_text
    assert "Library" in english.search_text


def test_organisation_create_is_all_or_nothing(user, monkeypatch):
    """A failure after the organisation row is written leaves nothing behind."""

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "organisation_refresh_search", fail)
    with pytest.raises(RuntimeError):
        services.organisation_create(by=user, data=data())
    assert not Organisation.objects.exists()
    assert not Membership.objects.exists()


def test_organisation_create_refuses_an_invalid_org_number(user):
    with pytest.raises(ValidationError) as error:
        services.organisation_create(by=user, data=data(org_number="974760674"))
    assert "org_number" in error.value.message_dict
    assert not Organisation.objects.exists()


def test_organisation_create_refuses_a_duplicate_org_number(user):
    OrganisationFactory(org_number="974760673")
    with pytest.raises(ValidationError):
        services.organisation_create(by=user, data=data())
    assert Organisation.objects.count() == 1
    assert not Membership.objects.exists()


def test_organisation_create_refuses_an_over_long_description(user):
    with pytest.raises(ValidationError):
        services.organisation_create(by=user, data=data(description="x" * 5001))
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Bø Røde Kors", "bo-rode-kors"),
        ("Ælvespeilet", "aelvespeilet"),
        ("Guovdageainnu Sámi searvi", "guovdageainnu-sami-searvi"),
        ("Čáhcesuolu Đ ŋ", "cahcesuolu-d-n"),
        ("Ny", "ny-aktor"),
        ("!!!", "aktor"),
    ],
)
def test_unique_slug(name, slug):
    assert services.unique_slug(name) == slug


def test_unique_slug_counts_up(db):
    OrganisationFactory(slug="bo-rode-kors")
    OrganisationFactory(slug="bo-rode-kors-2")
    assert services.unique_slug("Bø Røde Kors") == "bo-rode-kors-3"


def test_organisation_update_keeps_slug_and_refreshes_search(organisation, org_admin):
    services.organisation_update(
        organisation=organisation,
        by=org_admin,
        data=data(name="Skien Røde Kors omsorg", org_number="", description="Besøkstjeneste"),
    )
    organisation.refresh_from_db()
    assert organisation.slug == "skien-rode-kors"
    assert organisation.org_number is None
    assert "besøkstjeneste" in organisation.search_text.lower()


def test_membership_request_is_idempotent(organisation, user):
    first = services.membership_request(organisation=organisation, user=user, message=" Hei ")
    second = services.membership_request(organisation=organisation, user=user, message="Igjen")
    assert first.pk == second.pk
    assert first.message == "Hei"
    assert Membership.objects.filter(user=user).count() == 1


def test_membership_request_refuses_an_over_long_message(organisation, user):
    with pytest.raises(ValidationError):
        services.membership_request(organisation=organisation, user=user, message="m" * 1001)
    assert not Membership.objects.filter(user=user).exists()


def test_last_admin_rules(organisation, org_admin):
    admin = Membership.objects.get(user=org_admin)
    with pytest.raises(ValidationError):
        services.membership_set_role(membership=admin, role="member", by=org_admin)
    with pytest.raises(ValidationError):
        services.membership_remove(membership=admin, by=org_admin)
    other = MembershipFactory(organisation=organisation, role="admin")
    services.membership_set_role(membership=admin, role="member", by=org_admin)
    admin.refresh_from_db()
    assert admin.role == "member"
    with pytest.raises(ValidationError):
        services.membership_remove(membership=other, by=org_admin)


def test_a_pending_admin_does_not_count_as_the_other_admin(organisation, org_admin):
    MembershipFactory(organisation=organisation, role="admin", status="pending")
    with pytest.raises(ValidationError):
        services.membership_remove(membership=Membership.objects.get(user=org_admin), by=org_admin)


def test_role_changes_need_an_active_membership_and_a_known_role(organisation, org_admin):
    pending = MembershipFactory(organisation=organisation, status="pending")
    with pytest.raises(ValidationError):
        services.membership_set_role(membership=pending, role="admin", by=org_admin)
    with pytest.raises(ValidationError):
        services.membership_set_role(
            membership=Membership.objects.get(user=org_admin), role="owner", by=org_admin
        )


def test_membership_list_puts_requests_first(organisation, org_admin):
    MembershipFactory(organisation=organisation, status="pending")
    statuses = [m.status for m in membership_list(organisation)]
    assert statuses == ["pending", "active"]


def test_directory_stats_in_one_query(django_assert_num_queries):
    OrganisationFactory(kind=Kind.LIBRARY, home_municipality_id="4003")
    OrganisationFactory(kind=Kind.LIBRARY_BRANCH, home_municipality_id="4003")
    OrganisationFactory(kind=Kind.VOLUNTARY, home_municipality_id="4001")
    OrganisationFactory(kind=Kind.VOLUNTARY, home_municipality=None)
    OrganisationFactory(kind=Kind.LIBRARY, public=False)
    with django_assert_num_queries(1):
        stats = directory_stats()
    assert stats == {"organisations": 4, "municipalities": 2, "libraries": 2}
