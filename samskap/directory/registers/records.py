"""The register's facts about one unit, as the import pipeline passes them along."""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Address:
    lines: tuple[str, ...] = ()
    postal_code: str = ""
    postal_place: str = ""
    municipality_number: str = ""  # as written in the register (may be a pre-2024 number)


@dataclass(frozen=True)
class UnitRecord:
    """One unit of Enhetsregisteret, mapped. Names are as the register writes them (capitals);
    `readable_name` is the form shown on Samskap."""

    org_number: str
    name: str
    readable_name: str
    org_form: str  # organisasjonsform.kode: FLI, STI, ORGL, KOMM, ...
    industry_codes: tuple[str, ...] = ()  # naeringskode1..3
    business_address: Address | None = None
    postal_address: Address | None = None
    municipality_number: str = ""  # today's number: business address, else postal address
    website: str = ""  # normalised to https://...
    activity: str = ""  # the register's activity / purpose text
    registered_voluntary: bool = False  # registrertIFrivillighetsregisteret
    deleted_on: datetime.date | None = None  # slettedato
    bankrupt: bool = False  # konkurs
    winding_up: bool = False  # underAvvikling
    forced_winding_up: bool = False  # underTvangsavviklingEllerTvangsopplosning
    removed: bool = False  # removed for legal reasons: the API answered HTTP 410
    fingerprint: str = ""  # stable hash of the mapped values: equal means unchanged

    @property
    def inactive_reason(self) -> str:
        """Why the unit no longer counts as active ('' when it does): a code, see `sync`."""
        if self.deleted_on:
            return "deleted"
        if self.bankrupt:
            return "bankrupt"
        if self.forced_winding_up:
            return "forced_winding_up"
        if self.winding_up:
            return "winding_up"
        return ""


@dataclass(frozen=True)
class RecordError:
    """A record that could not be used: where it was, which unit if known, and why."""

    position: int  # 1-based record number in the stream, or 0 when not known
    reason: str  # a sentence in English for the report (the UI translates the codes below)
    org_number: str = ""
    code: str = (
        "invalid"  # invalid | no_org_number | invalid_org_number | unknown_municipality | broken
    )


@dataclass
class VoluntaryRecord:
    """One organisation of Frivillighetsregisteret (it has no name: joined on org number)."""

    org_number: str
    status: str = ""
    icnpo_codes: list[str] = field(default_factory=list)  # normalised, e.g. "9100" / "1100"
    registered_on: datetime.date | None = None
    icnpo_names: dict[str, str] = field(default_factory=dict)  # code → name, when given
