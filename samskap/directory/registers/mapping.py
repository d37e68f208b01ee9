"""A raw unit of Enhetsregisteret (a dict shaped like the API's JSON) → `UnitRecord`.

`map_unit` is called for every unit the scope accepts (tens of thousands in a bulk import), so
it does dictionary look-ups and precompiled regular expressions only; the municipalities are
loaded once by `MunicipalityLookup`.

Kind (`directory.models.Kind`) from organisation form, industry codes (NACE/SN2007,
`naeringskode1..3`) and name — `kind_for`, the first rule that matches wins:

| # | when                                                                      | kind             |
|---|---------------------------------------------------------------------------|------------------|
| 1 | name contains "frivilligsentral" (whatever the industry code, e.g. 88.99x, |                  |
|   | 94.99x), unless the form is a business form                                | volunteer_centre |
| 2 | industry code 91.011 (SN2007) or 91.11x (SN2025): library activities       | library          |
| 3 | public form (KOMM, FYLK, ORGL, KF, FKF, IKS, STAT, SF) and "bibliotek" in  |                  |
|   | the name                                                                   | library          |
|   | (rules 2–3: "filial" or "avdeling" in the name as well → library_branch)  |                  |
| 4 | industry code 85.x (education)                                             | school           |
| 5 | KOMM, FYLK (the municipality / county itself)                              | public           |
| 6 | KF, FKF, IKS, STAT, SF; or ORGL with industry 84.x (public administration) |                  |
|   | or "kommune" in the name — a public body:                                  |                  |
|   |   "folkehelse" in the name or industry 86.x                                | public_health    |
|   |   "kultur" in the name or industry 90.x / 91.x                             | culture          |
|   |   otherwise                                                                | public           |
| 7 | business forms (AS, ASA, ENK, ANS, DA, NUF, SA, BA, KS, BRL, …)            | business         |
| 8 | everything else (FLI, STI, ORGL, ANNA, IKJP, KIRK, unknown forms)          | voluntary        |

Home municipality: the business address's `kommunenummer`, else the postal address's, as
today's number through `MunicipalityLookup` (pre-2024 numbers such as 3807 → 4003). When the
first given number is unknown the other is tried; when no given number is known the record is
an error (`unknown_municipality`). A unit without any municipality number maps with
`municipality_number=""`.
"""

import datetime
import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from samskap.directory.models import Kind
from samskap.directory.orgnr import is_valid

from .names import readable_name
from .records import Address, RecordError, UnitRecord

PUBLIC_FORMS = frozenset({"KOMM", "FYLK", "ORGL", "KF", "FKF", "IKS", "STAT", "SF"})
MUNICIPAL_FORMS = frozenset({"KOMM", "FYLK"})
PUBLIC_BODY_FORMS = frozenset({"KF", "FKF", "IKS", "STAT", "SF"})
BUSINESS_FORMS = frozenset(
    {
        "AS", "ASA", "ENK", "ANS", "DA", "NUF", "SA", "BA", "KS", "BRL", "PK", "SE", "AAFY",
        "BEDR", "ESEK", "EOFG", "FLI-AS", "KTRF", "OPMV", "PERS", "SAM", "SPA", "TVAM", "UTLA",
        "UTBG", "VPFO", "GFS", "BBL", "EØFG",
    }
)  # fmt: skip


class MunicipalityLookup:
    """Today's municipality number for a number in the register (current or pre-2024).

    Loads all municipalities and the 2024 renumbering once into dicts; no query per record.
    A split municipality maps to the successor that kept its name.
    """

    def __init__(
        self,
        *,
        current: Mapping[str, str] | None = None,
        renumbering: Mapping[str, str] | None = None,
    ) -> None:
        """Without arguments, load from the `places` models; `current` (number → county
        number) and `renumbering` (old number → today's number) give the data directly."""
        if current is None:
            current, renumbering = self._load()
        self._county = dict(current)
        self._current: dict[str, str] = {number: number for number in current}
        for old, new in (renumbering or {}).items():
            if old not in self._current and new in self._county:
                self._current[old] = new

    @staticmethod
    def _load() -> tuple[dict[str, str], dict[str, str]]:
        from samskap.places.models import Municipality, MunicipalityRenumbering

        current = dict(Municipality.objects.values_list("number", "county_id"))
        renumbering: dict[str, str] = {}
        # Primary successors last, so they win for a municipality that was split.
        for old, new in MunicipalityRenumbering.objects.order_by("primary").values_list(
            "old_number", "municipality_id"
        ):
            renumbering[old] = new
        return current, renumbering

    def current(self, number: str) -> str | None:
        """Today's 4-digit number for `number`, or None when unknown."""
        found = self._current.get(number)
        if found is None and number:
            number = number.strip()
            if number.isdigit() and len(number) < 4:
                number = number.zfill(4)
            found = self._current.get(number)
        return found

    def county(self, number: str) -> str | None:
        """The county number of a municipality (current or pre-2024 number), or None."""
        current = self.current(number)
        return self._county.get(current) if current else None


# --- kind ----------------------------------------------------------------------------------


def kind_for(org_form: str, industry_codes: tuple[str, ...], name: str) -> str:
    """The directory kind of a unit (see the table in the module's docstring)."""
    lowered = name.lower()
    business = org_form in BUSINESS_FORMS
    if "frivilligsentral" in lowered and not business:
        return Kind.VOLUNTEER_CENTRE
    branch = "filial" in lowered or "avdeling" in lowered
    if any(code == "91.011" or code.startswith("91.11") for code in industry_codes) or (
        org_form in PUBLIC_FORMS and "bibliotek" in lowered
    ):
        return Kind.LIBRARY_BRANCH if branch else Kind.LIBRARY
    if any(code.startswith("85.") for code in industry_codes):
        return Kind.SCHOOL
    if org_form in MUNICIPAL_FORMS:
        return Kind.PUBLIC
    if org_form in PUBLIC_BODY_FORMS or (
        org_form == "ORGL"
        and ("kommune" in lowered or any(code.startswith("84.") for code in industry_codes))
    ):
        if "folkehelse" in lowered or any(code.startswith("86.") for code in industry_codes):
            return Kind.PUBLIC_HEALTH
        if "kultur" in lowered or any(code.startswith(("90.", "91.")) for code in industry_codes):
            return Kind.CULTURE
        return Kind.PUBLIC
    if business:
        return Kind.BUSINESS
    return Kind.VOLUNTARY


# --- website -------------------------------------------------------------------------------

_HOST = re.compile(
    r"^(?:[a-z0-9æøåäöüéè](?:[a-z0-9æøåäöüéè-]{0,61}[a-z0-9æøåäöüéè])?\.)+"
    r"(?:[a-z]{2,24}|xn--[a-z0-9-]{1,59})(?::\d{1,5})?$"
)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):(//)?", re.IGNORECASE)
_NOT_IN_URL = re.compile(r"[\s@<>\"\\]")  # spaces, e-mail addresses, markup
WEBSITE_MAX_LENGTH = 300


def normalise_website(value: str) -> str:
    """`https://` + a lower-case host (+ path) from what the register has; '' when the value
    is obviously not a web address (an e-mail address, spaces, another scheme, no domain)."""
    value = value.strip()
    if not value or _NOT_IN_URL.search(value):
        return ""
    scheme = "https"
    match = _SCHEME.match(value)
    if match and match.group(2):
        scheme = match.group(1).lower()
        if scheme not in ("http", "https"):
            return ""
        rest = value[match.end() :]
    elif match and match.group(1).lower() in ("http", "https", "mailto", "javascript", "ftp"):
        return ""  # "http:example.no", "mailto:…"
    else:
        rest = value.removeprefix("//")
    try:
        parts = urlsplit("//" + rest)
    except ValueError:
        return ""
    host = parts.netloc.lower().rstrip(".")
    if not _HOST.match(host) or (host.startswith("www.") and host.count(".") == 1):
        return ""  # not a domain name, or "www.example" without a top-level domain
    path = parts.path if parts.path != "/" else ""
    url = f"{scheme}://{host}{path}"
    if parts.query:
        url += "?" + parts.query
    if parts.fragment:
        url += "#" + parts.fragment
    return url if len(url) <= WEBSITE_MAX_LENGTH else ""


# --- the unit ------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def _text(value: Any) -> str:
    if type(value) is str:
        return value.strip()
    return "" if value is None else str(value).strip()


def _lines(value: Any) -> list[str]:
    """Non-empty stripped lines of a list of lines (or of a string)."""
    if not value:
        return []
    if isinstance(value, str):
        value = value.splitlines()
    return [line.strip() for line in value if isinstance(line, str) and line.strip()]


def _paragraph(value: Any) -> str:
    """The register's wrapped lines as one paragraph."""
    return _SPACES.sub(" ", " ".join(_lines(value))).strip()


def activity_text(raw: Mapping[str, Any]) -> str:
    """The register's activity (`aktivitet`) and statutory purpose (`vedtektsfestetFormaal`),
    each as a paragraph, joined by a blank line (once when they say the same)."""
    activity = _paragraph(raw.get("aktivitet"))
    purpose = _paragraph(raw.get("vedtektsfestetFormaal"))
    if activity and purpose and activity != purpose:
        return f"{activity}\n\n{purpose}"
    return activity or purpose


def _address(value: Any) -> Address | None:
    if not isinstance(value, dict):
        return None
    lines = tuple(_lines(value.get("adresse")))
    postal_code = _text(value.get("postnummer"))
    postal_place = _text(value.get("poststed"))
    municipality_number = _text(value.get("kommunenummer"))
    if not (lines or postal_code or postal_place or municipality_number):
        return None
    return Address(lines, postal_code, postal_place, municipality_number)


def _flag(value: Any) -> bool:
    return value is True or value == "true"


def _code(value: Any) -> str:
    if isinstance(value, dict):
        return _text(value.get("kode"))
    return _text(value)


def map_unit(
    raw: Mapping[str, Any], *, position: int, municipalities: MunicipalityLookup
) -> UnitRecord | RecordError:
    """Map one raw unit; a `RecordError` says why it cannot be used (codes: no_org_number,
    invalid_org_number, unknown_municipality, invalid)."""
    if not isinstance(raw, Mapping):
        return RecordError(position=position, reason="The record is not an object.", code="broken")
    org_number = "".join(_text(raw.get("organisasjonsnummer")).split())
    name = _text(raw.get("navn"))
    if not org_number:
        return RecordError(
            position=position,
            reason=f"The unit {name!r} has no organisation number."
            if name
            else "The record has no organisation number.",
            code="no_org_number",
        )
    if not is_valid(org_number):
        return RecordError(
            position=position,
            reason=f"The organisation number {org_number!r} is not valid.",
            org_number=org_number[:20],
            code="invalid_org_number",
        )
    try:
        return _map_valid(raw, org_number, name, position, municipalities)
    except (TypeError, ValueError, AttributeError) as error:
        return RecordError(
            position=position,
            reason=f"The unit {org_number} has a value of the wrong shape: {error}",
            org_number=org_number,
            code="invalid",
        )


def _map_valid(
    raw: Mapping[str, Any],
    org_number: str,
    name: str,
    position: int,
    municipalities: MunicipalityLookup,
) -> UnitRecord | RecordError:
    deleted = _text(raw.get("slettedato"))
    deleted_on = datetime.date.fromisoformat(deleted[:10]) if deleted else None
    if not name and deleted_on is None:
        return RecordError(
            position=position,
            reason=f"The unit {org_number} has no name.",
            org_number=org_number,
            code="invalid",
        )
    business_address = _address(raw.get("forretningsadresse"))
    postal_address = _address(raw.get("postadresse"))
    given = [
        address.municipality_number
        for address in (business_address, postal_address)
        if address is not None and address.municipality_number
    ]
    municipality_number = ""
    for number in given:
        municipality_number = municipalities.current(number) or ""
        if municipality_number:
            break
    if given and not municipality_number:
        return RecordError(
            position=position,
            reason=f"The unit {org_number} has an unknown municipality number {given[0]!r}.",
            org_number=org_number,
            code="unknown_municipality",
        )
    org_form = _code(raw.get("organisasjonsform"))
    industry_codes = tuple(
        code
        for code in (
            _code(raw.get("naeringskode1")),
            _code(raw.get("naeringskode2")),
            _code(raw.get("naeringskode3")),
        )
        if code
    )
    fields: dict[str, Any] = {
        "org_number": org_number,
        "name": name,
        "readable_name": readable_name(name),
        "org_form": org_form,
        "industry_codes": industry_codes,
        "business_address": business_address,
        "postal_address": postal_address,
        "municipality_number": municipality_number,
        "website": normalise_website(_text(raw.get("hjemmeside"))),
        "activity": activity_text(raw),
        "registered_voluntary": _flag(raw.get("registrertIFrivillighetsregisteret")),
        "deleted_on": deleted_on,
        "bankrupt": _flag(raw.get("konkurs")),
        "winding_up": _flag(raw.get("underAvvikling")),
        "forced_winding_up": _flag(raw.get("underTvangsavviklingEllerTvangsopplosning")),
        "removed": raw.get("_removed") is True,
    }
    return UnitRecord(**fields, fingerprint=fingerprint(fields.values()))


def fingerprint(values: Iterable[Any]) -> str:
    """A stable hash of mapped values (their `repr`s; dataclasses and dates repr stably)."""
    return hashlib.sha1(repr(tuple(values)).encode(), usedforsecurity=False).hexdigest()
