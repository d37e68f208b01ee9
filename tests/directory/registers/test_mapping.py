import copy
import datetime
import gzip
import json
from pathlib import Path

import pytest

from samskap.directory.models import Kind
from samskap.directory.registers.mapping import (
    MunicipalityLookup,
    activity_text,
    kind_for,
    map_unit,
    normalise_website,
)
from samskap.directory.registers.readers import iter_raw_units
from samskap.directory.registers.records import Address, RecordError, UnitRecord

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "brreg"

# Enough of the real tables for pure tests: today's numbers → county, 2024 renumbering.
LOOKUP = MunicipalityLookup(
    current={"0301": "03", "3101": "31", "4003": "40", "5001": "50", "3301": "33"},
    renumbering={"3807": "4003", "3001": "3101", "3005": "3301"},
)


def load(name):
    return json.loads((FIXTURES / name).read_text())


def search_units(name):
    return load(name)["_embedded"]["enheter"]


def mapped(raw, position=1, municipalities=LOOKUP):
    return map_unit(raw, position=position, municipalities=municipalities)


def voluntary_unit(**changes):
    """A unit shaped like the register's JSON (a copy of the fixture's voluntary unit)."""
    raw = copy.deepcopy(search_units("enheter-search-page2-response.json")[0])
    raw.update(changes)
    return raw


# --- fixtures ------------------------------------------------------------------------------


def test_digdir_unit_from_the_register():
    record = mapped(load("enhet_991825827_digdir.json"))
    assert isinstance(record, UnitRecord)
    assert record.org_number == "991825827"
    assert record.name == "DIGITALISERINGSDIREKTORATET"
    assert record.readable_name == "Digitaliseringsdirektoratet"
    assert record.org_form == "ORGL"
    assert record.industry_codes == ("84.110",)
    assert record.municipality_number == "0301"
    assert record.business_address == Address(
        lines=("Lørenfaret 1C",),
        postal_code="0585",
        postal_place="OSLO",
        municipality_number="0301",
    )
    assert record.postal_address == Address(
        lines=("Postboks 1382 Vika",),
        postal_code="0114",
        postal_place="OSLO",
        municipality_number="0301",
    )
    assert record.website == "https://www.digdir.no"
    assert record.activity == (
        "Digitaliseringsdirektoratet skal være regjeringens fremste verktøy for raskere og mer "
        "samordnet digitalisering av offentlig sektor, og bidra til formålstjenlig "
        "digitalisering av samfunnet som helhet."
    )
    assert record.registered_voluntary is False
    assert record.inactive_reason == ""
    assert len(record.fingerprint) == 40
    assert kind_for(record.org_form, record.industry_codes, record.name) == Kind.PUBLIC


def test_voluntary_unit_from_a_search_page():
    record = mapped(voluntary_unit())
    assert isinstance(record, UnitRecord)
    assert record.org_number == "988879134"
    assert record.readable_name == "Sesam Filmklubb"
    assert record.org_form == "FLI"
    assert record.industry_codes == ("94.991",)
    assert record.municipality_number == "3101"
    assert record.website == "https://www.sesam.filmklubb.blogspot.com"
    assert kind_for(record.org_form, record.industry_codes, record.name) == Kind.VOLUNTARY


def test_every_unit_of_the_search_fixtures_maps_or_says_why():
    units = search_units("enheter-search-page1-response.json")
    units += search_units("enheter-search-page2-response.json")
    units += search_units("enheter-search-response.json")
    results = [mapped(raw, position=i) for i, raw in enumerate(units, start=1)]
    assert [type(r).__name__ for r in results] == [
        "UnitRecord",
        "UnitRecord",
        "UnitRecord",
        "RecordError",  # 112233445 fails the check digit
    ]
    assert [r.municipality_number for r in results[:3]] == ["5001", "0301", "3101"]
    assert [r.readable_name for r in results[:3]] == [
        "Sesam AS",
        "Sesam Familiebarnehage",
        "Sesam Filmklubb",
    ]
    assert results[3].code == "invalid_org_number"
    assert results[3].position == 4


def test_deleted_unit_without_addresses():
    record = mapped(load("enhet_821227062_vtfk_slettet.json"))
    assert isinstance(record, UnitRecord)
    assert record.deleted_on == datetime.date(2024, 11, 26)
    assert record.inactive_reason == "deleted"
    assert record.municipality_number == ""
    assert record.business_address is None
    assert record.postal_address is None
    assert record.readable_name == (
        "Vestfold og Telemark Fylkeskommune under Sletting fra 01.01.2024"
    )


def test_deleted_fixture_with_invalid_org_number():
    error = mapped(load("enheter-details-deleted-response.json"), position=7)
    assert isinstance(error, RecordError)
    assert error.code == "invalid_org_number"
    assert error.position == 7
    assert error.org_number == "123456789"
    assert "123456789" in error.reason


def test_removed_unit_without_a_name_maps_as_deleted():
    # What the API client gives for HTTP 410 (removed for legal reasons).
    raw = {"organisasjonsnummer": "988879134", "slettedato": "2026-11-26", "_removed": True}
    record = mapped(raw)
    assert isinstance(record, UnitRecord)
    assert record.name == ""
    assert record.inactive_reason == "deleted"


def test_empty_activity_lists_and_null_address_lines():
    raw = load("enheter-details-response.json")
    raw["organisasjonsnummer"] = "988879134"
    record = mapped(raw)
    assert isinstance(record, UnitRecord)
    assert record.activity == ""
    assert record.business_address is not None
    assert record.business_address.lines == ("Tyvholmen 1",)
    assert record.postal_address is not None
    assert record.postal_address.lines == ("c/o reder K. Rusing", "Postboks 1752 Vika")


# --- organisation number -------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "   "])
def test_no_org_number(value):
    raw = voluntary_unit(organisasjonsnummer=value)
    error = mapped(raw, position=3)
    assert isinstance(error, RecordError)
    assert error.code == "no_org_number"
    assert error.position == 3
    assert "SESAM FILMKLUBB" in error.reason


def test_org_number_key_missing():
    raw = voluntary_unit()
    del raw["organisasjonsnummer"]
    error = mapped(raw)
    assert isinstance(error, RecordError)
    assert error.code == "no_org_number"


@pytest.mark.parametrize("value", ["988879135", "98887913", "98887913X", "9888791345"])
def test_invalid_org_number(value):
    error = mapped(voluntary_unit(organisasjonsnummer=value))
    assert isinstance(error, RecordError)
    assert error.code == "invalid_org_number"
    assert error.org_number == value
    assert value in error.reason


def test_org_number_with_spaces_is_normalised():
    record = mapped(voluntary_unit(organisasjonsnummer="988 879 134"))
    assert isinstance(record, UnitRecord)
    assert record.org_number == "988879134"


# --- municipality --------------------------------------------------------------------------


def test_old_municipality_number_maps_to_todays():
    raw = voluntary_unit(forretningsadresse={"adresse": ["Torget 1"], "kommunenummer": "3807"})
    record = mapped(raw)
    assert isinstance(record, UnitRecord)
    assert record.municipality_number == "4003"
    assert record.business_address is not None
    assert record.business_address.municipality_number == "3807"  # as the register has it


def test_postal_address_when_there_is_no_business_address():
    raw = voluntary_unit(postadresse={"kommunenummer": "3005", "postnummer": "3015"})
    del raw["forretningsadresse"]
    record = mapped(raw)
    assert isinstance(record, UnitRecord)
    assert record.municipality_number == "3301"
    assert record.business_address is None


def test_business_address_wins_over_postal_address():
    raw = voluntary_unit(
        forretningsadresse={"kommunenummer": "4003"}, postadresse={"kommunenummer": "0301"}
    )
    record = mapped(raw)
    assert isinstance(record, UnitRecord)
    assert record.municipality_number == "4003"


def test_unknown_business_number_falls_back_to_a_known_postal_number():
    raw = voluntary_unit(
        forretningsadresse={"kommunenummer": "9999"}, postadresse={"kommunenummer": "3807"}
    )
    record = mapped(raw)
    assert isinstance(record, UnitRecord)
    assert record.municipality_number == "4003"


def test_unknown_municipality_number():
    raw = voluntary_unit(forretningsadresse={"kommunenummer": "9999"})
    del raw["postadresse"]
    error = mapped(raw, position=12)
    assert isinstance(error, RecordError)
    assert error.code == "unknown_municipality"
    assert error.position == 12
    assert error.org_number == "988879134"
    assert "9999" in error.reason


def test_foreign_business_address_without_number_and_no_postal_address():
    raw = voluntary_unit(
        forretningsadresse={"land": "Sverige", "landkode": "SE", "adresse": ["Storgatan 1"]}
    )
    del raw["postadresse"]
    record = mapped(raw)
    assert isinstance(record, UnitRecord)
    assert record.municipality_number == ""
    assert record.business_address is not None
    assert record.business_address.lines == ("Storgatan 1",)


def test_empty_address_objects_are_no_address():
    raw = voluntary_unit(forretningsadresse={}, postadresse={"adresse": [None, ""]})
    record = mapped(raw)
    assert isinstance(record, UnitRecord)
    assert record.business_address is None
    assert record.postal_address is None
    assert record.municipality_number == ""


# --- status, activity, flags ---------------------------------------------------------------


def test_status_fields():
    raw = voluntary_unit(
        konkurs=True, underAvvikling=True, underTvangsavviklingEllerTvangsopplosning=True
    )
    record = mapped(raw)
    assert isinstance(record, UnitRecord)
    assert (record.bankrupt, record.winding_up, record.forced_winding_up) == (True, True, True)
    assert record.inactive_reason == "bankrupt"
    assert record.deleted_on is None


def test_registered_voluntary_flag():
    record = mapped(voluntary_unit(registrertIFrivillighetsregisteret=True))
    assert isinstance(record, UnitRecord)
    assert record.registered_voluntary is True


def test_wrong_shaped_value_is_an_invalid_record():
    error = mapped(voluntary_unit(slettedato="last tuesday"))
    assert isinstance(error, RecordError)
    assert error.code == "invalid"
    assert error.org_number == "988879134"


def test_unit_without_a_name_that_is_not_deleted_is_invalid():
    raw = voluntary_unit()
    del raw["navn"]
    error = mapped(raw)
    assert isinstance(error, RecordError)
    assert error.code == "invalid"
    assert "no name" in error.reason


def test_not_an_object_is_broken():
    error = map_unit(["nonsense"], position=4, municipalities=LOOKUP)  # type: ignore[arg-type]
    assert isinstance(error, RecordError)
    assert error.code == "broken"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({}, ""),
        ({"aktivitet": ["Idrett for", "barn og unge."]}, "Idrett for barn og unge."),
        ({"vedtektsfestetFormaal": ["Fremme  kor-", "sang."]}, "Fremme kor- sang."),
        (
            {"aktivitet": ["Korsang."], "vedtektsfestetFormaal": ["Å fremme korsang."]},
            "Korsang.\n\nÅ fremme korsang.",
        ),
        ({"aktivitet": ["Korsang."], "vedtektsfestetFormaal": ["Korsang."]}, "Korsang."),
        ({"aktivitet": [], "vedtektsfestetFormaal": [""]}, ""),
        ({"aktivitet": "Én linje\nog en til"}, "Én linje og en til"),
    ],
)
def test_activity_text(raw, expected):
    assert activity_text(raw) == expected


# --- fingerprint ---------------------------------------------------------------------------


def test_fingerprint_is_stable_and_ignores_irrelevant_fields():
    first = mapped(voluntary_unit())
    moved_links = voluntary_unit(_links={"self": {"href": "https://elsewhere.test/"}})
    moved_links["antallAnsatte"] = 99
    second = mapped(moved_links, position=99)
    reordered = dict(reversed(list(voluntary_unit().items())))
    third = mapped(reordered)
    assert isinstance(first, UnitRecord)
    assert isinstance(second, UnitRecord)
    assert isinstance(third, UnitRecord)
    assert first.fingerprint == second.fingerprint == third.fingerprint


@pytest.mark.parametrize(
    "change",
    [
        {"navn": "SESAM FILMKLUBB OG KINO"},
        {"hjemmeside": "www.sesam.no"},
        {"konkurs": True},
        {"slettedato": "2025-01-01"},
        {"registrertIFrivillighetsregisteret": True},
        {"aktivitet": ["Film"]},
        {"naeringskode2": {"kode": "90.012"}},
        {"forretningsadresse": {"adresse": ["Ny vei 2"], "kommunenummer": "3101"}},
    ],
)
def test_fingerprint_changes_with_mapped_values(change):
    before = mapped(voluntary_unit())
    after = mapped(voluntary_unit(**change))
    assert isinstance(before, UnitRecord)
    assert isinstance(after, UnitRecord)
    assert before.fingerprint != after.fingerprint


def test_json_and_csv_of_the_same_unit_map_alike(tmp_path):
    raw = {
        "organisasjonsnummer": "988879134",
        "navn": "SESAM FILMKLUBB",
        "organisasjonsform": {"kode": "FLI"},
        "naeringskode1": {"kode": "94.991"},
        "hjemmeside": "www.sesam.no",
        "forretningsadresse": {"adresse": ["Storgata 1", "Inngang B"], "kommunenummer": "3807"},
        "registrertIFrivillighetsregisteret": True,
        "konkurs": False,
        "aktivitet": ["Viser film", "for medlemmene"],
    }
    json_path = tmp_path / "e.json.gz"
    json_path.write_bytes(gzip.compress(json.dumps([raw]).encode()))
    csv_path = tmp_path / "e.csv"
    csv_path.write_text(
        "organisasjonsnummer,navn,organisasjonsform.kode,naeringskode1.kode,hjemmeside,"
        "forretningsadresse.adresse,forretningsadresse.kommunenummer,"
        "registrertIFrivillighetsregisteret,konkurs,aktivitet\r\n"
        '988879134,SESAM FILMKLUBB,FLI,94.991,www.sesam.no,"Storgata 1\nInngang B",3807,'
        'true,false,"Viser film\nfor medlemmene"\r\n',
        encoding="utf-8",
    )
    (_, from_json), *_ = iter_raw_units(json_path)
    (_, from_csv), *_ = iter_raw_units(csv_path)
    assert isinstance(from_json, dict)
    assert isinstance(from_csv, dict)
    json_record = mapped(from_json)
    csv_record = mapped(from_csv)
    assert isinstance(json_record, UnitRecord)
    assert json_record == csv_record
    assert json_record.municipality_number == "4003"
    assert json_record.activity == "Viser film for medlemmene"


# --- kind ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("org_form", "codes", "name", "expected"),
    [
        ("FLI", ("94.991",), "SKIEN RØDE KORS", Kind.VOLUNTARY),
        ("FLI", ("94.99",), "SKIEN IL", Kind.VOLUNTARY),
        ("STI", (), "SKIEN KULTURSTIFTELSE", Kind.VOLUNTARY),
        ("ORGL", ("94.991",), "NORGES RØDE KORS AVD SKIEN", Kind.VOLUNTARY),
        ("IKJP", (), "VELFORENINGEN", Kind.VOLUNTARY),
        ("", (), "UKJENT", Kind.VOLUNTARY),
        ("FLI", ("88.996",), "SKIEN FRIVILLIGSENTRAL", Kind.VOLUNTEER_CENTRE),
        ("STI", ("88.99",), "BØ FRIVILLIGSENTRAL", Kind.VOLUNTEER_CENTRE),
        ("ORGL", ("88.996",), "FRIVILLIGSENTRALEN I SKIEN", Kind.VOLUNTEER_CENTRE),
        ("FLI", ("88.996",), "SKIEN BESØKSTJENESTE", Kind.VOLUNTARY),
        ("AS", ("88.996",), "FRIVILLIGSENTRAL DRIFT AS", Kind.BUSINESS),
        ("ORGL", ("91.011",), "SKIEN BIBLIOTEK", Kind.LIBRARY),
        ("FLI", ("91.011",), "BYGDEBOKSAMLINGEN", Kind.LIBRARY),
        ("ORGL", ("91.110",), "NOTODDEN BIBLIOTEK", Kind.LIBRARY),
        ("ORGL", ("91.011",), "SKIEN BIBLIOTEK FILIAL GULSET", Kind.LIBRARY_BRANCH),
        ("KOMM", ("84.110",), "SKIEN KOMMUNE BIBLIOTEKET", Kind.LIBRARY),
        ("FYLK", (), "TELEMARK FYLKESBIBLIOTEK", Kind.LIBRARY),
        ("FLI", (), "BIBLIOTEKETS VENNER", Kind.VOLUNTARY),
        ("KOMM", ("84.110",), "SKIEN KOMMUNE", Kind.PUBLIC),
        ("FYLK", ("84.110",), "TELEMARK FYLKESKOMMUNE", Kind.PUBLIC),
        ("ORGL", ("84.110",), "DIGITALISERINGSDIREKTORATET", Kind.PUBLIC),
        ("ORGL", ("84.120",), "SKIEN KOMMUNE FOLKEHELSE", Kind.PUBLIC_HEALTH),
        ("ORGL", ("86.909",), "SKIEN KOMMUNE HELSESTASJON", Kind.PUBLIC_HEALTH),
        ("ORGL", ("90.040",), "SKIEN KOMMUNE KULTURHUS", Kind.CULTURE),
        ("KF", ("90.012",), "IBSENHUSET KF", Kind.CULTURE),
        ("IKS", ("38.110",), "RENOVASJON IKS", Kind.PUBLIC),
        ("ORGL", ("85.201",), "SKIEN KOMMUNE GULSET SKOLE", Kind.SCHOOL),
        ("STI", ("85.202",), "STEINERSKOLEN I SKIEN", Kind.SCHOOL),
        ("AS", ("52.292",), "SESAM STASJON AS", Kind.BUSINESS),
        ("ENK", (), "KARI HANSEN", Kind.BUSINESS),
        ("SA", (), "SKIEN BOLIGBYGGELAG SA", Kind.BUSINESS),
    ],
)
def test_kind_for(org_form, codes, name, expected):
    assert kind_for(org_form, codes, name) == expected


# --- website -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("www.example.no", "https://www.example.no"),
        ("  www.Example.NO  ", "https://www.example.no"),
        ("WWW.EXAMPLE.NO/", "https://www.example.no"),
        ("http://www.example.no", "http://www.example.no"),
        ("HTTPS://Example.no/Om-Oss?side=2#top", "https://example.no/Om-Oss?side=2#top"),
        ("//example.no/lag", "https://example.no/lag"),
        ("skien-il.no", "https://skien-il.no"),
        ("www.bø-il.no", "https://www.bø-il.no"),
        ("example.no:8080/x", "https://example.no:8080/x"),
        ("www.example.no.", "https://www.example.no"),
        ("", ""),
        ("   ", ""),
        ("post@example.no", ""),
        ("mailto:post@example.no", ""),
        ("ftp://example.no", ""),
        ("javascript:alert(1)", ""),
        ("www.example", ""),
        ("example", ""),
        ("www,example,no", ""),
        ("www.example .no", ""),
        ("http://", ""),
        ("https://-bad-.no", ""),
        ("<script>.no", ""),
        ("www.example.no/" + "x" * 400, ""),
    ],
)
def test_normalise_website(value, expected):
    assert normalise_website(value) == expected


# --- municipality lookup from the database -------------------------------------------------


@pytest.mark.django_db
def test_municipality_lookup_loads_once_and_answers_from_memory(django_assert_num_queries):
    with django_assert_num_queries(2):
        lookup = MunicipalityLookup()
    with django_assert_num_queries(0):
        assert lookup.current("4003") == "4003"
        assert lookup.current("3807") == "4003"  # Skien before 2024
        assert lookup.current("3005") == "3301"  # Drammen before 2024
        assert lookup.current("5401") == "5501"  # Tromsø before 2024
        assert lookup.current("3001") == "3101"  # Halden before 2024
        assert lookup.current("1507") == "1508"  # Ålesund split: the successor with its name
        assert lookup.current("0301") == "0301"
        assert lookup.current("301") == "0301"
        assert lookup.current(" 4003 ") == "4003"
        assert lookup.current("9999") is None
        assert lookup.current("") is None
        assert lookup.county("3807") == "40"
        assert lookup.county("9999") is None


@pytest.mark.django_db
def test_map_unit_with_the_real_municipalities():
    lookup = MunicipalityLookup()
    raw = voluntary_unit(forretningsadresse={"kommunenummer": "3807"})
    record = map_unit(raw, position=1, municipalities=lookup)
    assert isinstance(record, UnitRecord)
    assert record.municipality_number == "4003"
    page1 = search_units("enheter-search-page1-response.json")
    trondheim = map_unit(page1[0], position=2, municipalities=lookup)
    assert isinstance(trondheim, UnitRecord)
    assert trondheim.municipality_number == "5001"
