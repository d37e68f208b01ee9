"""ICNPO codes, the mapping table and the IcnpoCategory rows the migration loads."""

import csv

import pytest

from samskap.directory.models import IcnpoCategory, TargetGroup, Theme
from samskap.directory.registers import icnpo


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("9100", "9100"),
        ("09100", "9100"),
        ("01100", "1100"),
        ("1100", "1100"),
        ("1 100", "1100"),
        ("1\u00a0100", "1100"),
        (" 10 100 ", "10100"),
        ("10100", "10100"),
        ("14100", "14100"),
        (9100, "9100"),
    ],
)
def test_both_code_shapes_normalise_to_one_code(raw, expected):
    assert icnpo.normalise_code(raw) == expected


@pytest.mark.parametrize("raw", ["", "100", "abc", "0", "00100", None, True, "1 10", "123456"])
def test_malformed_codes_are_rejected(raw):
    with pytest.raises(ValueError, match="Not an ICNPO code"):
        icnpo.normalise_code(raw)


def test_mapped_accepts_any_code_shape_and_unions_the_rows():
    themes, groups = icnpo.mapped(["01100", "2 100", "13100"])

    assert themes == {"arts-culture", "homework-help"}
    assert groups == {"children", "youth"}


def test_mapped_ignores_unknown_and_malformed_codes():
    assert icnpo.mapped(["99100", "nonsense", ""]) == (set(), set())


def test_required_mappings_from_the_issue():
    table = icnpo.mapping()
    assert "arts-culture" in table["1100"].themes
    assert table["1200"].themes == ("public-health",)
    assert table["1300"].themes == ("meeting-place",)
    assert "homework-help" in table["2100"].themes


def test_mapping_table_covers_every_category_once():
    with icnpo.MAPPING_PATH.open(encoding="utf-8", newline="") as f:
        codes = [icnpo.normalise_code(row["icnpo_code"]) for row in csv.DictReader(f)]
    category_codes = [code for code, _name in icnpo.load_categories()]

    assert len(codes) == len(set(codes))
    assert set(codes) == set(category_codes)


def test_duplicate_rows_in_a_mapping_table_are_refused(tmp_path):
    path = tmp_path / "mapping.csv"
    path.write_text("icnpo_code,themes,target_groups\n1 100,arts-culture,\n01100,music,\n")

    with pytest.raises(ValueError, match="occurs twice"):
        icnpo.load_mapping(path)


@pytest.mark.django_db
def test_every_slug_in_the_mapping_exists_in_the_taxonomy():
    themes = set(Theme.objects.values_list("slug", flat=True))
    groups = set(TargetGroup.objects.values_list("slug", flat=True))
    assert themes and groups  # seeded by the taxonomy migration

    for code, row in icnpo.mapping().items():
        assert set(row.themes) <= themes, code
        assert set(row.target_groups) <= groups, code


@pytest.mark.django_db
def test_migration_loads_the_categories_with_normalised_codes():
    categories = dict(IcnpoCategory.objects.values_list("code", "name"))

    assert len(categories) == 32
    assert categories["1100"] == "Kunst og kultur"
    assert categories["10100"] == "Tros- og livssynsorganisasjoner"
    assert categories["14100"] == "Mangfold og inkludering"
    assert categories["2400"] == "Forskning"  # the source's copy error, fixed
    assert categories["3400"] == "Andre helsetjenester"
    assert all(" " not in code and not code.startswith("0") for code in categories)
