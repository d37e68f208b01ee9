import pytest

from samskap.places.models import County, Municipality
from samskap.places.selectors import current_municipality

pytestmark = pytest.mark.django_db


def test_all_2024_municipalities_and_counties_are_loaded():
    assert Municipality.objects.count() == 357
    assert County.objects.count() == 15
    assert Municipality.objects.filter(county_id="40").count() == 17
    assert Municipality.objects.filter(county_id="39").count() == 6


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("4003", "4003"),  # current number
        ("3807", "4003"),  # Skien before 2024
        ("3804", "3907"),  # Sandefjord before 2024
        ("1507", "1508"),  # Ålesund was split; the successor that kept the name
        ("301", "0301"),  # leading zero lost in a spreadsheet
    ],
)
def test_old_numbers_map_to_todays_municipality(number, expected):
    found = current_municipality(number)
    assert found is not None
    assert found.number == expected


def test_unknown_number_maps_to_nothing():
    assert current_municipality("9999") is None
