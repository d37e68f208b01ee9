"""Request and response schemas of the public API, version 1."""

import re
from datetime import datetime
from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja import Field, Schema
from pydantic import BeforeValidator, field_validator

from samskap.directory.models import Kind, LocalisedName, Organisation, Sector
from samskap.directory.selectors import OrganisationFilters


def _empty_to_none(value: object) -> object:
    return value or None


# Text the models store as "" when missing; the API gives null instead.
OptionalText = Annotated[str | None, BeforeValidator(_empty_to_none)]


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in English.")


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]] = Field(
        description=(
            'One entry per invalid parameter: `loc` (where, e.g. `["query", "page_size"]`), '
            "`msg` (what is wrong, in English) and `type`."
        )
    )


# --- Places ------------------------------------------------------------------------------------


class CountyOut(Schema):
    number: str = Field(description="Two-digit county number, valid from 2024.", examples=["40"])
    name: str = Field(description="Official name.", examples=["Telemark"])


class MunicipalityRef(Schema):
    number: str = Field(
        description="Four-digit municipality number, valid from 2024.", examples=["4003"]
    )
    name: str = Field(description="Official name.", examples=["Skien"])


class MunicipalityOut(Schema):
    number: str = Field(
        description="Four-digit municipality number, valid from 2024.", examples=["4003"]
    )
    name: str = Field(
        description="Official name; in Sami or Kven areas it includes those names.",
        examples=["Skien"],
    )
    name_norwegian: str = Field(description="Norwegian name.", examples=["Skien"])
    county: CountyOut = Field(description="The county the municipality belongs to.")
    latitude: float | None = Field(
        description="Latitude of a point inside the municipality (EPSG:4258)."
    )
    longitude: float | None = Field(
        description="Longitude of a point inside the municipality (EPSG:4258)."
    )
    sami_administrative_area: bool = Field(
        description="Whether the municipality is in the administrative area for Sami languages."
    )


# --- Taxonomies --------------------------------------------------------------------------------


class LocalisedText(Schema):
    nb: str = Field(description="Norwegian Bokmål.")
    nn: str = Field(description="Norwegian Nynorsk.")
    en: str = Field(description="English.")


class TermOut(Schema):
    """A target group or theme."""

    slug: str = Field(description="Stable identifier, used in filters.", examples=["children"])
    name: LocalisedText = Field(description="The name in each of the site's languages.")

    @staticmethod
    def resolve_name(obj: LocalisedName) -> dict[str, str]:
        return {"nb": obj.name_nb, "nn": obj.name_nn, "en": obj.name_en}


# --- Organisations -----------------------------------------------------------------------------


class AddressOut(Schema):
    street_address: OptionalText = Field(description="Street address.")
    postal_code: OptionalText = Field(description="Four-digit postal code.", examples=["3724"])
    postal_place: OptionalText = Field(description="Postal place.", examples=["Skien"])


class OrganisationOut(Schema):
    """The public profile of an organisation."""

    slug: str = Field(
        description="Address name: identifies the organisation in URLs.",
        examples=["skien-rode-kors"],
    )
    name: str = Field(examples=["Skien Røde Kors"])
    org_number: str | None = Field(
        description="Nine-digit number in the Brønnøysund registers; null for informal groups.",
        examples=["971277882"],
    )
    kind: Kind = Field(description="What kind of organisation this is.")
    sector: Sector = Field(description="The sector, derived from the kind.")
    municipality: MunicipalityRef | None = Field(description="Home municipality.")
    county: CountyOut | None = Field(description="County of the home municipality.")
    municipalities_served: list[MunicipalityRef] = Field(
        description="Further municipalities the organisation works in."
    )
    target_groups: list[TermOut] = Field(description="Who the organisation works for.")
    themes: list[TermOut] = Field(description="What the organisation works with.")
    description: OptionalText = Field(description="Free text from the organisation.")
    website: OptionalText = Field(description="Website address.")
    contact_email: OptionalText = Field(description="Public contact e-mail address.")
    contact_phone: OptionalText = Field(description="Public contact telephone number.")
    address: AddressOut = Field(description="Postal or visiting address.")
    source: Organisation.Source = Field(
        description=(
            "Where the profile comes from: registered on Samskap (`manual`) or imported from "
            "the Brønnøysund registers (`register`, under NLOD 2.0)."
        )
    )
    register_synced_at: datetime | None = Field(
        description="When the entry was last checked against the register (ISO 8601)."
    )
    url: str = Field(description="Absolute URL of the profile page on Samskap.")

    @staticmethod
    def resolve_municipality(obj: Organisation) -> Any:
        return obj.home_municipality

    @staticmethod
    def resolve_county(obj: Organisation) -> Any:
        return obj.home_municipality.county if obj.home_municipality else None

    @staticmethod
    def resolve_address(obj: Organisation) -> dict[str, str]:
        return {
            "street_address": obj.street_address,
            "postal_code": obj.postal_code,
            "postal_place": obj.postal_place,
        }

    @staticmethod
    def resolve_url(obj: Organisation, context: dict[str, Any]) -> str:
        request: HttpRequest = context["request"]
        return request.build_absolute_uri(profile_path(obj.slug))


def profile_path(slug: str) -> str:
    """Path of an organisation's profile page in the default language (no prefix)."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("directory:detail", kwargs={"slug": slug})


# --- Filters -----------------------------------------------------------------------------------

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class OrganisationQuery(Schema):
    """The directory page's filters. Each is optional; an empty value means no filter."""

    q: str = Field(
        "",
        max_length=200,
        description=(
            "Search in name, kind, place and description; every word must match "
            "(Norwegian stemming: `bibliotek` also finds `biblioteket`)."
        ),
    )
    county: str = Field(
        "",
        pattern=r"^([0-9]{2})?$",
        description="Two-digit county number (see `/counties`): home municipality in it.",
        examples=["40"],
    )
    municipality: str = Field(
        "",
        pattern=r"^([0-9]{4})?$",
        description="Four-digit municipality number (see `/municipalities`): home municipality.",
        examples=["4003"],
    )
    kind: Kind | None = Field(None, description="Kind of organisation.")
    target_group: str = Field(
        "",
        max_length=60,
        pattern=r"^[-a-zA-Z0-9_]*$",
        description="Slug of a target group (see `/target-groups`).",
        examples=["children"],
    )
    theme: str = Field(
        "",
        max_length=60,
        pattern=r"^[-a-zA-Z0-9_]*$",
        description="Slug of a theme (see `/themes`).",
        examples=["reading"],
    )

    @field_validator("kind", mode="before")
    @classmethod
    def _blank_kind(cls, value: object) -> object:
        return value or None

    @field_validator("q")
    @classmethod
    def _printable(cls, value: str) -> str:
        if CONTROL_CHARACTERS.search(value):
            raise ValueError("must not contain control characters")
        return value.strip()

    def to_filters(self) -> OrganisationFilters:
        return OrganisationFilters(
            q=self.q,
            county=self.county,
            municipality=self.municipality,
            kind=self.kind.value if self.kind else "",
            target_group=self.target_group,
            theme=self.theme,
        )


class MunicipalityQuery(Schema):
    county: str = Field(
        "",
        pattern=r"^([0-9]{2})?$",
        description="Two-digit county number: only municipalities in this county.",
        examples=["40"],
    )
