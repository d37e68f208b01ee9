"""Which units an import counts (`Scope`)."""

import pytest

from samskap.directory.registers.scope import Scope
from tests.directory.registers.test_sync import raw_unit

pytestmark = pytest.mark.django_db


def test_county_includes_old_municipality_numbers():
    scope = Scope.build(county="40")

    assert "4003" in scope.municipalities
    assert "3807" in scope.raw_municipalities  # Skien before 2024
    assert "3907" not in scope.raw_municipalities  # Sandefjord, Vestfold
    assert scope.accepts_raw(raw_unit(1))  # written with 3807
    assert scope.accepts_record("4003")
    assert not scope.accepts_record("3907")


def test_municipality_given_by_its_old_number_is_resolved():
    scope = Scope.build(municipalities=["3807"])

    assert scope.municipalities == frozenset({"4003"})
    assert scope.accepts_raw(raw_unit(1))


def test_unknown_places_are_refused():
    with pytest.raises(ValueError, match="9999"):
        Scope.build(municipalities=["9999"])
    with pytest.raises(ValueError, match="99"):
        Scope.build(county="99")


def test_unit_elsewhere_is_left_out():
    scope = Scope.build(municipalities=["4003"])
    oslo = raw_unit(1, forretningsadresse={"kommunenummer": "0301"})

    assert not scope.accepts_raw(oslo)


def test_postal_address_counts_when_there_is_no_business_address():
    scope = Scope.build(municipalities=["4003"])
    unit = raw_unit(1, postadresse={"kommunenummer": "4003"})
    del unit["forretningsadresse"]

    assert scope.accepts_raw(unit)


def test_postal_address_counts_when_the_business_address_has_no_municipality():
    scope = Scope.build(municipalities=["4003"])
    unit = raw_unit(
        1, forretningsadresse={"land": "Sverige"}, postadresse={"kommunenummer": "4003"}
    )

    assert scope.accepts_raw(unit)


def test_whole_country_accepts_any_place_and_units_without_address():
    scope = Scope.build()
    unit = raw_unit(1)
    del unit["forretningsadresse"]

    assert scope.whole_country
    assert scope.accepts_raw(unit)


def test_default_org_forms():
    scope = Scope.build()

    assert scope.accepts_raw(raw_unit(1, organisasjonsform={"kode": "STI"}))
    assert scope.accepts_raw(raw_unit(1, organisasjonsform={"kode": "ORGL"}))
    assert not scope.accepts_raw(raw_unit(1, organisasjonsform={"kode": "AS"}))
    assert not scope.accepts_raw(raw_unit(1, organisasjonsform=None))


@pytest.mark.parametrize(
    ("code", "accepted"),
    [("91.011", True), ("90.012", True), ("86.909", True), ("88.991", True), ("84.110", False)],
)
def test_public_bodies_count_by_industry_code(code, accepted):
    scope = Scope.build()
    municipality = raw_unit(1, organisasjonsform={"kode": "KOMM"}, naeringskode1={"kode": code})

    assert scope.accepts_raw(municipality) is accepted


def test_public_bodies_can_be_left_out():
    scope = Scope.build(public_bodies=False)
    library = raw_unit(1, organisasjonsform={"kode": "KOMM"}, naeringskode1={"kode": "91.011"})

    assert not scope.accepts_raw(library)


def test_chosen_org_forms():
    scope = Scope.build(org_forms=["STI"], public_bodies=False)

    assert scope.accepts_raw(raw_unit(1, organisasjonsform={"kode": "STI"}))
    assert not scope.accepts_raw(raw_unit(1, organisasjonsform={"kode": "FLI"}))
    assert scope.api_org_forms() == ["STI"]


def test_all_forms():
    scope = Scope.build(all_forms=True)

    assert scope.accepts_raw(raw_unit(1, organisasjonsform={"kode": "AS"}))


def test_voluntary_only():
    scope = Scope.build(voluntary_only=True)

    assert scope.accepts_raw(raw_unit(1))
    assert not scope.accepts_raw(raw_unit(1, registrertIFrivillighetsregisteret=False))
    assert not scope.accepts_raw(raw_unit(1, registrertIFrivillighetsregisteret=None))


def test_api_searches_cover_public_body_forms():
    assert Scope.build().api_org_forms() == [
        "FKF",
        "FLI",
        "FYLK",
        "IKS",
        "KF",
        "KOMM",
        "ORGL",
        "STI",
    ]
