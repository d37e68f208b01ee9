"""Which units of Enhetsregisteret an import counts.

A `Scope` is checked twice: `accepts_raw()` on the raw dict before mapping (it runs for every
unit of the 1.5-million-unit bulk file, so it only reads a few dict keys and looks them up in
sets), and `accepts_record()` on the mapped unit (today's municipality number, after the 2024
renumbering).

By default an import counts associations (FLI), foundations (STI) and organisation units
(ORGL), plus public bodies whose industry code is about libraries, archives and museums
(91.0x), culture (90.x) or public health (86.x, 88.x).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from samskap.places.models import Municipality, MunicipalityRenumbering

DEFAULT_ORG_FORMS = frozenset({"FLI", "STI", "ORGL"})
# Public bodies that count when their industry code is one of PUBLIC_BODY_INDUSTRIES.
PUBLIC_BODY_ORG_FORMS = frozenset({"KOMM", "FYLK", "KF", "FKF", "IKS", "ORGL"})
# Industry-code prefixes (SN2007/SN2025): 91.0 libraries, archives, museums; 90 culture;
# 86 health services; 88 social services without accommodation (public health).
PUBLIC_BODY_INDUSTRIES = ("91.0", "90.", "86.", "88.")

_EMPTY: dict[str, Any] = {}


def _industry_codes(raw: dict[str, Any]) -> Iterable[str]:
    for key in ("naeringskode1", "naeringskode2", "naeringskode3"):
        code = raw.get(key)
        if code:
            yield str(code.get("kode") or "") if isinstance(code, dict) else ""


@dataclass(frozen=True)
class Scope:
    """Which units count.

    `municipalities` are today's numbers (empty: the whole country); `raw_municipalities` also
    holds the pre-2024 numbers that became one of them, as the register may still write them.
    `org_forms` empty means every organisation form.
    """

    municipalities: frozenset[str] = frozenset()
    raw_municipalities: frozenset[str] = frozenset()
    org_forms: frozenset[str] = DEFAULT_ORG_FORMS
    voluntary_only: bool = False
    public_bodies: bool = True
    county: str = ""
    _public_forms: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Without organisation forms every form counts, so there is no public-body rule.
        public_forms = (
            PUBLIC_BODY_ORG_FORMS - self.org_forms
            if self.public_bodies and self.org_forms
            else frozenset()
        )
        object.__setattr__(self, "_public_forms", public_forms)

    @classmethod
    def build(
        cls,
        *,
        county: str = "",
        municipalities: Iterable[str] = (),
        org_forms: Iterable[str] | None = None,
        all_forms: bool = False,
        voluntary_only: bool = False,
        public_bodies: bool = True,
    ) -> "Scope":
        """A scope for a county and/or municipalities (today's numbers, resolved through the
        2024 renumbering table to include the old numbers). Raises ValueError for unknown
        places."""
        wanted = {m.strip() for m in municipalities if m.strip()}
        current: set[str] = set()
        if county:
            numbers = set(
                Municipality.objects.filter(county_id=county).values_list("number", flat=True)
            )
            if not numbers:
                raise ValueError(f"Unknown county number: {county}")
            current |= numbers
        if wanted:
            known = set(
                Municipality.objects.filter(number__in=wanted).values_list("number", flat=True)
            )
            renumbered = dict(
                MunicipalityRenumbering.objects.filter(
                    old_number__in=wanted - known, primary=True
                ).values_list("old_number", "municipality_id")
            )
            unknown = wanted - known - set(renumbered)
            if unknown:
                raise ValueError(f"Unknown municipality number: {', '.join(sorted(unknown))}")
            current |= known | set(renumbered.values())
        raw = set(current)
        if current:
            raw |= set(
                MunicipalityRenumbering.objects.filter(municipality_id__in=current).values_list(
                    "old_number", flat=True
                )
            )
        forms = frozenset() if all_forms else frozenset(org_forms or DEFAULT_ORG_FORMS)
        return cls(
            municipalities=frozenset(current),
            raw_municipalities=frozenset(raw),
            org_forms=forms,
            voluntary_only=voluntary_only,
            public_bodies=public_bodies and not all_forms,
            county=county,
        )

    @property
    def whole_country(self) -> bool:
        return not self.municipalities

    def api_org_forms(self) -> list[str]:
        """The organisation forms to search for in the API (one search per form)."""
        return sorted(self.org_forms | self._public_forms)

    def accepts_raw(self, raw: dict[str, Any]) -> bool:
        """Whether a raw unit (the register's JSON shape) is in scope. Cheap: no mapping."""
        if self.voluntary_only and raw.get("registrertIFrivillighetsregisteret") is not True:
            return False
        if self.org_forms or self._public_forms:
            org_form = (raw.get("organisasjonsform") or _EMPTY).get("kode")
            if org_form not in self.org_forms:
                if org_form not in self._public_forms:
                    return False
                if not any(
                    code.startswith(PUBLIC_BODY_INDUSTRIES) for code in _industry_codes(raw)
                ):
                    return False
        if self.raw_municipalities:
            number = (raw.get("forretningsadresse") or _EMPTY).get("kommunenummer") or (
                raw.get("postadresse") or _EMPTY
            ).get("kommunenummer")
            if number not in self.raw_municipalities:
                return False
        return True

    def accepts_record(self, municipality_number: str) -> bool:
        """Whether a mapped unit's municipality (today's number) is in scope."""
        return not self.municipalities or municipality_number in self.municipalities
