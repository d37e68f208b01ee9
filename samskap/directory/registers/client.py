"""HTTP clients for the Brønnøysund registers' open APIs (httpx).

Both clients share `_RegisterClient`: a base URL from settings, a timeout, a polite minimum
interval between requests, and retries with exponential backoff on HTTP 429, on 5xx and on
connection errors and timeouts (a `Retry-After` header, in seconds or as an HTTP date, is
respected). After the last retry they raise `RegisterAPIError`. `transport` and `sleep` are
injectable so tests run against `httpx.MockTransport` without waiting.

API facts (see /work/shared/data/README.md and the registers' public documentation):

- Enhetsregisteret search: `GET {base}/enheter?kommunenummer=…&organisasjonsform=…&size=100
  &page=0`; pages are 0-based, `page.totalPages` / `page.totalElements` tell how many there
  are, an empty result has no `_embedded`, and a search only reaches the first 10,000 hits —
  so we page per municipality and organisation form and report a pair that has more.
- `GET {base}/enheter/{orgnr}`: 200 (a deleted unit has `slettedato`), 404 unknown, 410 removed
  for legal reasons.
- Frivillighetsregisteret: `GET {base}/frivillige-organisasjoner?size=100[&searchAfter=…]`,
  HAL: `_embedded.frivilligeOrganisasjoner` and, while there are more, `_links.next.href`
  whose `searchAfter` query parameter is the cursor of the next page (the organisation number
  of the last organisation on this page). The walk ends when there is no `next` link or no
  `_embedded`. Source: the shape of live responses as recorded in public client code and
  tests (e.g. `searchAfter=811555312&size=2` in a `next` link), see `registers/data/README.md`.
"""

from __future__ import annotations

import datetime
import email.utils
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

USER_AGENT = "Samskap/1.0 (directory of libraries and voluntary organisations; register import)"
PAGE_SIZE = 100
SEARCH_LIMIT = 10_000  # Enhetsregisteret's search never returns hits beyond this
MAX_BACKOFF = 60.0  # seconds; also caps a server's Retry-After


class RegisterAPIError(Exception):
    """A register API request failed for good (after the configured retries)."""

    def __init__(self, url: str, status: int | None, reason: str) -> None:
        self.url = url
        self.status = status
        self.reason = reason
        super().__init__(f"{url}: {status or 'no response'} {reason}".strip())


@dataclass(frozen=True)
class SearchLimitWarning:
    """A (municipality, organisation form) search with more hits than the API lets us page
    through: only the first `SEARCH_LIMIT` can be fetched; use the bulk file instead."""

    municipality_number: str
    org_form: str
    total: int

    @property
    def reason(self) -> str:
        return (
            f"The search for municipality {self.municipality_number} and organisation form "
            f"{self.org_form} has {self.total} hits; the API returns only the first "
            f"{SEARCH_LIMIT}. Import this municipality from the bulk file to get all of them."
        )


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds from a `Retry-After` header (delta-seconds or an HTTP date), else None."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, (when - datetime.datetime.now(datetime.UTC)).total_seconds())


class _RegisterClient:
    default_base_url = ""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float | None = None,
        retries: int | None = None,
        min_interval: float | None = None,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base_url = (base_url or self.default_base_url).rstrip("/")
        self.retries = settings.REGISTER_API_RETRIES if retries is None else retries
        self.min_interval = (
            settings.REGISTER_API_MIN_INTERVAL if min_interval is None else min_interval
        )
        self.backoff = backoff
        self.sleep = sleep
        self.clock = clock
        self._last_request: float | None = None
        self.requests = 0  # how many HTTP requests were sent (retries included)
        self.http = httpx.Client(
            transport=transport,
            timeout=settings.REGISTER_API_TIMEOUT if timeout is None else timeout,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            follow_redirects=True,
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> _RegisterClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _wait_politely(self) -> None:
        if self._last_request is not None and self.min_interval > 0:
            elapsed = self.clock() - self._last_request
            if elapsed < self.min_interval:
                self.sleep(self.min_interval - elapsed)
        self._last_request = self.clock()

    def _delay(self, attempt: int, response: httpx.Response | None = None) -> float:
        server = _retry_after(response) if response is not None else None
        if server is not None:
            return min(server, MAX_BACKOFF)
        return min(self.backoff * 2**attempt, MAX_BACKOFF)

    def request(
        self, path_or_url: str, params: dict[str, Any] | None = None, *, ok: Iterable[int] = ()
    ) -> httpx.Response:
        """GET with the polite interval and retries. Returns a 2xx response or one whose status
        is in `ok`; raises `RegisterAPIError` for any other status or after the last retry."""
        url = path_or_url if "://" in path_or_url else f"{self.base_url}/{path_or_url.lstrip('/')}"
        accepted = set(ok)
        attempt = 0
        while True:
            self._wait_politely()
            self.requests += 1
            try:
                response = self.http.get(url, params=params)
            except (httpx.TimeoutException, httpx.TransportError) as error:
                reason = f"{type(error).__name__}: {error}".rstrip(": ")
                if attempt >= self.retries:
                    raise RegisterAPIError(url, None, reason) from error
                delay = self._delay(attempt)
                logger.warning("%s failed (%s); retrying in %.1f s", url, reason, delay)
            else:
                status = response.status_code
                if response.is_success or status in accepted:
                    return response
                retryable = status == 429 or status >= 500
                if not retryable or attempt >= self.retries:
                    raise RegisterAPIError(
                        str(response.request.url), status, response.reason_phrase
                    )
                delay = self._delay(attempt, response)
                logger.warning("%s answered %s; retrying in %.1f s", url, status, delay)
            self.sleep(delay)
            attempt += 1

    def get_json(self, path_or_url: str, params: dict[str, Any] | None = None) -> Any:
        response = self.request(path_or_url, params)
        try:
            return response.json()
        except ValueError as error:
            raise RegisterAPIError(
                str(response.request.url), response.status_code, "response is not JSON"
            ) from error


class EnhetsregisteretClient(_RegisterClient):
    """The Central Coordinating Register for Legal Entities (Enhetsregisteret)."""

    def __init__(self, base_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(base_url or settings.BRREG_API_URL, **kwargs)
        self.warnings: list[SearchLimitWarning] = []

    def search(
        self,
        *,
        municipality_number: str,
        org_form: str,
        registered_voluntary: bool | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Every unit of one (municipality, organisation form) search, page by page."""
        params: dict[str, Any] = {
            "kommunenummer": municipality_number,
            "organisasjonsform": org_form,
            "size": PAGE_SIZE,
        }
        if registered_voluntary is not None:
            params["registrertIFrivillighetsregisteret"] = str(registered_voluntary).lower()
        page = 0
        while True:
            data = self.get_json("enheter", {**params, "page": page})
            info = data.get("page") or {}
            total_pages = int(info.get("totalPages") or 0)
            if page == 0:
                total = int(info.get("totalElements") or 0)
                if total > SEARCH_LIMIT:
                    warning = SearchLimitWarning(municipality_number, org_form, total)
                    self.warnings.append(warning)
                    logger.warning(warning.reason)
            units = (data.get("_embedded") or {}).get("enheter") or []
            yield from units
            page += 1
            if not units or page >= total_pages or page * PAGE_SIZE >= SEARCH_LIMIT:
                return

    def iter_units(
        self,
        *,
        municipality_numbers: Iterable[str],
        org_forms: Iterable[str],
        registered_voluntary: bool | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Units of all the given municipalities and organisation forms (one search per pair).
        Pairs with more hits than the search limit are recorded in `self.warnings`."""
        forms = list(org_forms)
        for municipality_number in municipality_numbers:
            for org_form in forms:
                yield from self.search(
                    municipality_number=municipality_number,
                    org_form=org_form,
                    registered_voluntary=registered_voluntary,
                )

    def get_unit(self, org_number: str) -> dict[str, Any] | None:
        """One unit: the register's JSON (a deleted unit has `slettedato`), None when unknown
        (404), or a removed marker for HTTP 410 (removed for legal reasons)."""
        response = self.request(f"enheter/{org_number}", ok=(404, 410))
        if response.status_code == 404:
            return None
        if response.status_code == 410:
            return {
                "organisasjonsnummer": org_number,
                "slettedato": timezone.localdate().isoformat(),
                "_removed": True,
            }
        data: dict[str, Any] = response.json()
        return data


class FrivillighetsregisteretClient(_RegisterClient):
    """The Register of Non-Profit Organisations (Frivillighetsregisteret)."""

    def __init__(self, base_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(base_url or settings.FRIVILLIGHETSREGISTERET_API_URL, **kwargs)

    def iter_pages(self) -> Iterator[dict[str, Any]]:
        """Every response page of the whole register (cursor paging with `searchAfter`)."""
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"size": PAGE_SIZE}
            if cursor:
                params["searchAfter"] = cursor
            data = self.get_json("frivillige-organisasjoner", params)
            yield data
            organisations = (data.get("_embedded") or {}).get("frivilligeOrganisasjoner") or []
            next_cursor = _next_cursor(data)
            if not organisations or not next_cursor or next_cursor == cursor:
                return
            cursor = next_cursor

    def iter_organisations(
        self, *, org_numbers: Iterable[str] | None = None
    ) -> Iterator[dict[str, Any]]:
        """Raw organisations: the whole register, or only the given organisation numbers
        (looked up one by one; a number not in the register is left out)."""
        if org_numbers is None:
            for data in self.iter_pages():
                yield from (data.get("_embedded") or {}).get("frivilligeOrganisasjoner") or []
            return
        for org_number in org_numbers:
            response = self.request(f"frivillige-organisasjoner/{org_number}", ok=(404, 410))
            if response.is_success:
                yield response.json()


def _next_cursor(data: dict[str, Any]) -> str | None:
    """The `searchAfter` value of the `next` link, if the response has one."""
    href = ((data.get("_links") or {}).get("next") or {}).get("href")
    if not isinstance(href, str):
        return None
    values = parse_qs(urlsplit(href).query).get("searchAfter")
    return values[0] if values else None
