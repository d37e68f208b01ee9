import pytest

pytestmark = pytest.mark.django_db


def test_counties(api_get):
    response = api_get("counties")
    assert response.status_code == 200
    counties = response.json()
    assert len(counties) == 15
    assert {"number": "40", "name": "Telemark"} in counties
    assert {"number": "39", "name": "Vestfold"} in counties
    names = [c["name"] for c in counties]
    assert names == sorted(names, key=str.lower)


def test_municipalities_are_paginated(api_get):
    first = api_get("municipalities", page_size=100).json()
    assert first["count"] == 357
    assert len(first["items"]) == 100
    assert first["next"] == "http://testserver/api/v1/municipalities?page_size=100&page=2"
    last = api_get("municipalities", page_size=100, page=4).json()
    assert len(last["items"]) == 57
    assert last["next"] is None


def test_municipalities_filtered_by_county(api_get):
    response = api_get("municipalities", county="40")
    body = response.json()
    assert body["count"] == 17
    assert {m["county"]["number"] for m in body["items"]} == {"40"}
    assert body["items"][0] == {
        "number": "4012",
        "name": "Bamble",
        "name_norwegian": "Bamble",
        "county": {"number": "40", "name": "Telemark"},
        "latitude": pytest.approx(59.018, abs=0.01),
        "longitude": pytest.approx(9.544, abs=0.01),
        "sami_administrative_area": False,
    }
    assert api_get("municipalities", county="39").json()["count"] == 6
    assert api_get("municipalities", county="").json()["count"] == 357


def test_municipality_list_query_count_is_fixed(api_get, django_assert_num_queries):
    with django_assert_num_queries(2):  # count and page, county joined
        assert api_get("municipalities", page_size=100).status_code == 200


def test_unknown_county_gives_an_empty_list(api_get):
    body = api_get("municipalities", county="99").json()
    assert body["count"] == 0
    assert body["items"] == []


@pytest.mark.parametrize(
    "params", [{"county": "Telemark"}, {"county": "4\x00"}, {"page_size": "500"}]
)
def test_malformed_municipality_parameters_give_422(api_get, params):
    response = api_get("municipalities", **params)
    assert response.status_code == 422
    assert [e["loc"][1] for e in response.json()["detail"]] == list(params)


def test_municipality_detail(api_get):
    response = api_get("municipalities/5025")
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == "5025"
    assert body["name"] == "Rosse - Røros"  # official name, with the Sami name
    assert body["name_norwegian"] == "Røros"
    assert body["county"] == {"number": "50", "name": "Trøndelag"}
    assert body["sami_administrative_area"] is True


def test_municipality_without_a_point(api_get):
    body = api_get("municipalities/1580").json()
    assert body["name"] == "Haram"
    assert body["latitude"] is None
    assert body["longitude"] is None


@pytest.mark.parametrize("number", ["9999", "3807", "403", "40030", "Skien", "40%0003"])
def test_unknown_or_old_municipality_number_is_404(api_get, number):
    response = api_get(f"municipalities/{number}")
    assert response.status_code == 404
    assert response.json() == {"detail": "No municipality has this number."}
