"""The registers' HTTP clients, against httpx.MockTransport (never the internet)."""

import json
from pathlib import Path

import httpx
import pytest

from samskap.directory.registers.client import (
    SEARCH_LIMIT,
    USER_AGENT,
    EnhetsregisteretClient,
    FrivillighetsregisteretClient,
    RegisterAPIError,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "brreg"
BASE = "https://brreg.test/enhetsregisteret/api"
FRIV = "https://brreg.test/frivillighetsregisteret/api"


def fixture(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class Recorder:
    """A MockTransport handler that answers from a list and records the requests."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request):
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(request)
        return answer


def make(cls, handler, *, base=BASE, **kwargs):
    sleeps: list[float] = []
    kwargs.setdefault("retries", 3)
    client = cls(
        base,
        transport=httpx.MockTransport(handler),
        min_interval=0,
        sleep=sleeps.append,
        **kwargs,
    )
    return client, sleeps


def page(units, *, number, total_pages, total_elements):
    body = {"page": {"size": 100, "totalPages": total_pages, "totalElements": total_elements}}
    body["page"]["number"] = number
    if units:
        body["_embedded"] = {"enheter": [{"organisasjonsnummer": n} for n in units]}
    return httpx.Response(200, json=body)


def test_search_pages_through_three_pages_with_the_api_parameters():
    handler = Recorder(
        page(["1", "2"], number=0, total_pages=3, total_elements=5),
        page(["3", "4"], number=1, total_pages=3, total_elements=5),
        page(["5"], number=2, total_pages=3, total_elements=5),
    )
    client, _ = make(EnhetsregisteretClient, handler)

    units = list(
        client.iter_units(
            municipality_numbers=["4003"], org_forms=["FLI"], registered_voluntary=True
        )
    )

    assert [u["organisasjonsnummer"] for u in units] == ["1", "2", "3", "4", "5"]
    assert [r.url.params["page"] for r in handler.requests] == ["0", "1", "2"]
    first = handler.requests[0]
    assert first.url.path == "/enhetsregisteret/api/enheter"
    assert dict(first.url.params) == {
        "kommunenummer": "4003",
        "organisasjonsform": "FLI",
        "registrertIFrivillighetsregisteret": "true",
        "size": "100",
        "page": "0",
    }
    assert first.headers["User-Agent"] == USER_AGENT
    assert "Samskap" in USER_AGENT
    assert client.warnings == []


def test_search_on_the_real_shaped_fixtures_stops_at_total_pages():
    handler = Recorder(
        httpx.Response(200, json=fixture("enheter-search-page1-response.json")),
        httpx.Response(200, json=fixture("enheter-search-page2-response.json")),
    )
    client, _ = make(EnhetsregisteretClient, handler)

    units = list(client.search(municipality_number="4003", org_form="FLI"))

    assert [u["organisasjonsnummer"] for u in units] == ["976030788", "971497017", "988879134"]
    assert len(handler.requests) == 2
    assert "registrertIFrivillighetsregisteret" not in handler.requests[0].url.params


def test_one_search_per_municipality_and_org_form():
    handler = Recorder(
        *[httpx.Response(200, json=fixture("enheter-search-empty-response.json"))] * 4
    )
    client, _ = make(EnhetsregisteretClient, handler)

    assert (
        list(client.iter_units(municipality_numbers=["4003", "4001"], org_forms=["FLI", "STI"]))
        == []
    )
    pairs = [
        (r.url.params["kommunenummer"], r.url.params["organisasjonsform"]) for r in handler.requests
    ]
    assert pairs == [("4003", "FLI"), ("4003", "STI"), ("4001", "FLI"), ("4001", "STI")]


def test_empty_result_without_embedded_yields_nothing():
    handler = Recorder(httpx.Response(200, json=fixture("sok_enhet_ingen_treff.json")))
    client, _ = make(EnhetsregisteretClient, handler)

    assert list(client.search(municipality_number="4003", org_form="FLI")) == []
    assert len(handler.requests) == 1


def test_more_hits_than_the_search_limit_is_warned_about():
    total = SEARCH_LIMIT + 1
    handler = Recorder(page(["1"], number=0, total_pages=1, total_elements=total))
    client, _ = make(EnhetsregisteretClient, handler)

    list(client.search(municipality_number="0301", org_form="FLI"))

    assert len(client.warnings) == 1
    warning = client.warnings[0]
    assert (warning.municipality_number, warning.org_form, warning.total) == ("0301", "FLI", total)
    assert "0301" in warning.reason and "bulk file" in warning.reason


def test_paging_never_asks_beyond_the_search_limit():
    answers = [page([str(i)], number=i, total_pages=500, total_elements=50_000) for i in range(100)]
    handler = Recorder(*answers)
    client, _ = make(EnhetsregisteretClient, handler)

    units = list(client.search(municipality_number="0301", org_form="FLI"))

    assert len(handler.requests) == SEARCH_LIMIT // 100
    assert len(units) == 100


def test_429_with_retry_after_is_retried_after_that_many_seconds():
    handler = Recorder(
        httpx.Response(429, headers={"Retry-After": "7"}),
        httpx.Response(200, json=fixture("enheter-details-response.json")),
    )
    client, sleeps = make(EnhetsregisteretClient, handler)

    unit = client.get_unit("912660680")

    assert unit is not None and "organisasjonsnummer" in unit
    assert sleeps == [7.0]
    assert len(handler.requests) == 2


def test_503_is_retried_with_exponential_backoff_then_fails():
    handler = Recorder(*[httpx.Response(503)] * 4)
    client, sleeps = make(EnhetsregisteretClient, handler, retries=3, backoff=0.5)

    with pytest.raises(RegisterAPIError) as caught:
        client.get_unit("912660680")

    assert caught.value.status == 503
    assert caught.value.url.endswith("/enheter/912660680")
    assert len(handler.requests) == 4  # the first try and three retries
    assert sleeps == [0.5, 1.0, 2.0]


def test_timeout_is_retried():
    handler = Recorder(
        httpx.ReadTimeout("too slow"),
        httpx.ConnectError("refused"),
        httpx.Response(200, json={"organisasjonsnummer": "912660680"}),
    )
    client, sleeps = make(EnhetsregisteretClient, handler)

    assert client.get_unit("912660680") == {"organisasjonsnummer": "912660680"}
    assert len(sleeps) == 2


def test_timeouts_until_the_retries_are_used_up_raise_without_a_status():
    handler = Recorder(*[httpx.ReadTimeout("too slow")] * 3)
    client, _ = make(EnhetsregisteretClient, handler, retries=2)

    with pytest.raises(RegisterAPIError) as caught:
        client.get_unit("912660680")

    assert caught.value.status is None
    assert "ReadTimeout" in caught.value.reason


def test_client_errors_are_not_retried():
    handler = Recorder(httpx.Response(400))
    client, sleeps = make(EnhetsregisteretClient, handler)

    with pytest.raises(RegisterAPIError) as caught:
        list(client.search(municipality_number="4003", org_form="FLI"))

    assert caught.value.status == 400
    assert sleeps == []


def test_deleted_unit_comes_back_with_slettedato():
    handler = Recorder(httpx.Response(200, json=fixture("enheter-details-deleted-response.json")))
    client, _ = make(EnhetsregisteretClient, handler)

    unit = client.get_unit("912660680")

    assert unit is not None and unit.get("slettedato")
    assert "_removed" not in unit


def test_410_gives_a_removed_marker_and_404_none():
    handler = Recorder(httpx.Response(410), httpx.Response(404))
    client, _ = make(EnhetsregisteretClient, handler)

    removed = client.get_unit("974760673")
    assert removed is not None
    assert removed["_removed"] is True
    assert removed["organisasjonsnummer"] == "974760673"
    assert removed["slettedato"]
    assert client.get_unit("974760673") is None


def test_polite_interval_between_requests():
    now = [100.0]
    sleeps: list[float] = []
    handler = Recorder(*[httpx.Response(404)] * 3)
    client = EnhetsregisteretClient(
        BASE,
        transport=httpx.MockTransport(handler),
        min_interval=0.25,
        sleep=sleeps.append,
        clock=lambda: now[0],
    )

    for _ in range(3):
        client.get_unit("974760673")
        now[0] += 0.05

    assert sleeps == pytest.approx([0.2, 0.2])


def test_base_url_comes_from_settings(settings):
    settings.BRREG_API_URL = "https://example.test/er/api"
    handler = Recorder(httpx.Response(404))
    client = EnhetsregisteretClient(transport=httpx.MockTransport(handler), min_interval=0)

    client.get_unit("974760673")

    assert str(handler.requests[0].url) == "https://example.test/er/api/enheter/974760673"


def voluntary_page(numbers, *, next_after=None):
    body = {
        "_embedded": {
            "frivilligeOrganisasjoner": [
                {"organisasjonsnummer": n, "icnpoKategorier": []} for n in numbers
            ]
        },
        "_links": {"self": {"href": f"{FRIV}/frivillige-organisasjoner?size=100"}},
    }
    if next_after:
        body["_links"]["next"] = {
            "href": f"{FRIV}/frivillige-organisasjoner?searchAfter={next_after}&size=100"
        }
    return httpx.Response(200, json=body)


def test_voluntary_register_cursor_paging_until_the_last_page():
    handler = Recorder(
        voluntary_page(["810098252", "811555312"], next_after="811555312"),
        voluntary_page(["812000002", "813000002"], next_after="813000002"),
        voluntary_page(["814000002"]),
    )
    client, _ = make(FrivillighetsregisteretClient, handler, base=FRIV)

    organisations = list(client.iter_organisations())

    assert [o["organisasjonsnummer"] for o in organisations] == [
        "810098252",
        "811555312",
        "812000002",
        "813000002",
        "814000002",
    ]
    params = [dict(r.url.params) for r in handler.requests]
    assert params == [
        {"size": "100"},
        {"size": "100", "searchAfter": "811555312"},
        {"size": "100", "searchAfter": "813000002"},
    ]
    assert handler.requests[0].url.path == "/frivillighetsregisteret/api/frivillige-organisasjoner"


def test_voluntary_register_stops_at_a_page_without_embedded():
    handler = Recorder(
        voluntary_page(["810098252"], next_after="810098252"),
        httpx.Response(200, json={"_links": {"self": {"href": "x"}}}),
    )
    client, _ = make(FrivillighetsregisteretClient, handler, base=FRIV)

    assert [o["organisasjonsnummer"] for o in client.iter_organisations()] == ["810098252"]
    assert len(handler.requests) == 2


def test_voluntary_register_lookup_by_org_number_leaves_out_unknown_ones():
    handler = Recorder(
        httpx.Response(200, json={"organisasjonsnummer": "971497017"}), httpx.Response(404)
    )
    client, _ = make(FrivillighetsregisteretClient, handler, base=FRIV)

    found = list(client.iter_organisations(org_numbers=["971497017", "974760673"]))

    assert found == [{"organisasjonsnummer": "971497017"}]
    assert handler.requests[1].url.path.endswith("/frivillige-organisasjoner/974760673")


def test_retry_after_as_an_http_date_and_capped_backoff():
    import email.utils
    import time

    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    handler = Recorder(
        httpx.Response(503, headers={"Retry-After": when}),
        httpx.Response(429, headers={"Retry-After": "3600"}),
        httpx.Response(404),
    )
    client, sleeps = make(EnhetsregisteretClient, handler)

    assert client.get_unit("974760673") is None
    assert 25 <= sleeps[0] <= 30
    assert sleeps[1] == 60.0  # a server's very long Retry-After is capped


@pytest.mark.django_db
def test_api_units_report_searches_beyond_the_limit_as_records_of_the_run():
    from samskap.directory.registers.records import RecordError
    from samskap.directory.registers.scope import Scope
    from samskap.directory.registers.sync import api_units

    scope = Scope.build(
        municipalities=["0301"], org_forms=["FLI"], voluntary_only=True, public_bodies=False
    )
    handler = Recorder(page(["1"], number=0, total_pages=1, total_elements=SEARCH_LIMIT + 5))
    client, _ = make(EnhetsregisteretClient, handler)

    items = list(api_units(client, scope=scope))

    assert items[0] == (1, {"organisasjonsnummer": "1"})
    position, error = items[1]
    assert isinstance(error, RecordError)
    assert error.code == "search_limit"
    assert "0301" in error.reason
    assert (
        dict(httpx.QueryParams(handler.requests[0].url.query))["registrertIFrivillighetsregisteret"]
        == "true"
    )
