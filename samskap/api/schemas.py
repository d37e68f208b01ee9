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

from samskap.activities.models import Activity, CoOrganiser, Occurrence
from samskap.activities.recurrence import OSLO
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


# --- Activities --------------------------------------------------------------------------------


def _oslo(moment: datetime) -> datetime:
    """`moment` in Europe/Oslo, so clients see the local time with its offset."""
    return moment.astimezone(OSLO)


def _absolute(context: dict[str, Any], path: str) -> str:
    request: HttpRequest = context["request"]
    return request.build_absolute_uri(path)


def default_language_path(name: str, pk: int) -> str:
    """Path of the page `name` of object `pk` in the default language (API clients get the
    site's addresses without a language prefix, whatever language they ask for)."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, args=[pk])


def activity_path(pk: int, name: str = "activities:detail") -> str:
    """Path of an activity's page (or of its .ics with `name`) in the default language."""
    return default_language_path(name, pk)


class OrganisationRef(Schema):
    slug: str = Field(description="Address name of the organisation (see `/organisations`).")
    name: str = Field(description="Name of the organisation.", examples=["Skien bibliotek"])
    url: str | None = Field(
        description="Absolute URL of its public profile on Samskap; null when it has none."
    )

    @staticmethod
    def resolve_url(obj: Organisation, context: dict[str, Any]) -> str | None:
        if not obj.is_public_profile:
            return None
        return _absolute(context, profile_path(obj.slug))


class PlaceOut(Schema):
    name: OptionalText = Field(
        description="Name of the place: the venue's name or the place as typed.",
        examples=["Skien bibliotek"],
    )
    street_address: OptionalText = Field(description="Street address.")
    postal_code: OptionalText = Field(description="Four-digit postal code.", examples=["3724"])
    postal_place: OptionalText = Field(description="Postal place.", examples=["Skien"])


class TimeOut(Schema):
    start: datetime = Field(description="Start, ISO 8601 in Europe/Oslo with the offset.")
    end: datetime = Field(description="End, ISO 8601 in Europe/Oslo with the offset.")

    @staticmethod
    def resolve_start(obj: Any) -> datetime:
        return _oslo(obj.start)

    @staticmethod
    def resolve_end(obj: Any) -> datetime:
        return _oslo(obj.end)


class SignUpOut(Schema):
    kind: Activity.SignUp = Field(
        description="`none` (just come), `link` (sign up on another website) or `platform` "
        "(sign up on the activity's page on Samskap)."
    )
    url: str | None = Field(
        description="Where to sign up: the external link, or the activity's page for "
        "`platform`; null for `none`."
    )
    capacity: int | None = Field(description="Places per occurrence, when limited.")


class AccessibilityOut(Schema):
    step_free: bool = Field(description="Step-free access.")
    hearing_loop: bool = Field(description="Hearing loop.")
    sign_language: bool = Field(description="Sign language interpretation.")


class ImageOut(Schema):
    url: str = Field(description="Absolute URL of the image.")
    alt: OptionalText = Field(description="What the image shows (alternative text).")


class ActivityRef(Schema):
    """What an occurrence says about its activity (fetch `/activities/{id}` for the rest)."""

    id: int = Field(description="Number of the activity; `/activities/{id}` has all of it.")
    url: str = Field(description="Absolute URL of the activity's page on Samskap.")
    title: str = Field(examples=["Strikkekafé"])
    status: Activity.Status = Field(
        description="`published`, or `cancelled` (still listed so people learn of it)."
    )
    organiser: OrganisationRef = Field(description="The organisation that arranges it.")
    place: PlaceOut = Field(description="Where it takes place.")
    municipality: MunicipalityRef = Field(description="The municipality it takes place in.")
    county: CountyOut = Field(description="The county of that municipality.")
    is_free: bool = Field(description="Whether it costs nothing to take part.")
    recurring: bool = Field(description="Whether the activity repeats (has an `rrule`).")

    @staticmethod
    def resolve_url(obj: Activity, context: dict[str, Any]) -> str:
        return _absolute(context, activity_path(obj.pk))

    @staticmethod
    def resolve_place(obj: Activity) -> dict[str, str]:
        return {
            "name": obj.place_name,
            "street_address": obj.street_address,
            "postal_code": obj.postal_code,
            "postal_place": obj.postal_place,
        }

    @staticmethod
    def resolve_county(obj: Activity) -> Any:
        return obj.municipality.county

    @staticmethod
    def resolve_recurring(obj: Activity) -> bool:
        return obj.is_recurring


class ActivityOut(ActivityRef):
    """A public activity: a one-off event or a repeating series."""

    uid: str = Field(description="Stable identifier; the `UID` of its iCalendar events.")
    description: OptionalText = Field(description="Free text from the organiser.")
    cancel_reason: OptionalText = Field(description="Why it was cancelled, if it was.")
    co_organisers: list[OrganisationRef] = Field(
        description="Organisations that arrange it together with the organiser (confirmed)."
    )
    venue: OrganisationRef | None = Field(
        description="The library or other place in the directory where it is held, if any."
    )
    start: datetime = Field(
        description="Start of the first occurrence, ISO 8601 in Europe/Oslo with the offset."
    )
    end: datetime = Field(
        description="End of the first occurrence, ISO 8601 in Europe/Oslo with the offset."
    )
    rrule: OptionalText = Field(
        description="RFC 5545 RRULE value of a series (from `start`, in Europe/Oslo local "
        "time); null for a one-off.",
        examples=["FREQ=WEEKLY;INTERVAL=2;UNTIL=20270615T215959Z"],
    )
    exdates: list[str] = Field(
        description="Local dates (YYYY-MM-DD) on which the series does not take place."
    )
    next_occurrences: list[TimeOut] = Field(
        description="The next few occurrences (at most five), including one going on now; "
        "`/occurrences` pages through all of them."
    )
    target_groups: list[TermOut] = Field(description="Who it is for.")
    themes: list[TermOut] = Field(description="What it is about.")
    languages: list[TermOut] = Field(description="Languages spoken (slugs are ISO 639 codes).")
    price: str | None = Field(
        description="Price in NOK as a decimal string; null when free.", examples=["150.00"]
    )
    price_details: OptionalText = Field(description="About the price (discounts and so on).")
    signup: SignUpOut = Field(description="How to take part.")
    accessibility: AccessibilityOut = Field(description="Accessibility facts.")
    image: ImageOut | None = Field(description="An image of the activity, if there is one.")
    ical_url: str = Field(description="Absolute URL of the activity as an iCalendar file.")
    updated_at: datetime = Field(description="When the activity was last changed (ISO 8601).")

    @staticmethod
    def resolve_uid(obj: Activity) -> str:
        return str(obj.uid)

    @staticmethod
    def resolve_co_organisers(obj: Activity) -> list[Organisation]:
        links = getattr(obj, "confirmed_co_organisers", None)
        if links is None:  # not prefetched: the same rows, one query
            links = obj.co_organiser_links.filter(status=CoOrganiser.Status.CONFIRMED)
        return [link.organisation for link in links]

    @staticmethod
    def resolve_start(obj: Activity) -> datetime:
        return _oslo(obj.start)

    @staticmethod
    def resolve_end(obj: Activity) -> datetime:
        return _oslo(obj.end)

    @staticmethod
    def resolve_next_occurrences(obj: Activity) -> list[Any]:
        return list(getattr(obj, "next_occurrences", []))

    @staticmethod
    def resolve_price(obj: Activity) -> str | None:
        if obj.is_free or obj.price is None:
            return None
        return f"{obj.price:.2f}"

    @staticmethod
    def resolve_signup(obj: Activity, context: dict[str, Any]) -> dict[str, Any]:
        url: str | None = None
        if obj.signup == Activity.SignUp.LINK:
            url = obj.signup_url or None
        elif obj.signup == Activity.SignUp.PLATFORM:
            url = _absolute(context, activity_path(obj.pk))
        return {"kind": obj.signup, "url": url, "capacity": obj.capacity}

    @staticmethod
    def resolve_accessibility(obj: Activity) -> dict[str, bool]:
        return {
            "step_free": obj.step_free,
            "hearing_loop": obj.hearing_loop,
            "sign_language": obj.sign_language,
        }

    @staticmethod
    def resolve_image(obj: Activity, context: dict[str, Any]) -> dict[str, str] | None:
        if not obj.image:
            return None
        return {"url": _absolute(context, obj.image.url), "alt": obj.image_alt}

    @staticmethod
    def resolve_ical_url(obj: Activity, context: dict[str, Any]) -> str:
        return _absolute(context, activity_path(obj.pk, "activities:activity_ics"))


class OccurrenceOut(Schema):
    """One time an activity takes place."""

    start: datetime = Field(description="Start, ISO 8601 in Europe/Oslo with the offset.")
    end: datetime = Field(description="End, ISO 8601 in Europe/Oslo with the offset.")
    activity: ActivityRef = Field(description="The activity.")

    @staticmethod
    def resolve_start(obj: Occurrence) -> datetime:
        return _oslo(obj.start)

    @staticmethod
    def resolve_end(obj: Occurrence) -> datetime:
        return _oslo(obj.end)


class FilterErrorOut(Schema):
    detail: str = Field(description="That the filters are invalid, in the request's language.")
    errors: dict[str, list[dict[str, str]]] = Field(
        description="Per parameter, its errors: `message` (in the request's language) and `code`."
    )


class CalendarQuery(Schema):
    """The public calendar's filters (`/aktiviteter/`), with the same names and values; each is
    optional and an empty value means no filter. They are checked as the calendar checks them:
    an unknown county, municipality, organisation, term or language, or a malformed date, gives
    400 with the errors."""

    q: str = Field(
        "",
        description="Search in title, description, organiser and place; every word must match "
        "(Norwegian word forms: `strikking` also finds `strikkekafé`). At most 200 characters.",
    )
    county: str = Field(
        "", description="Two-digit county number (see `/counties`).", examples=["40"]
    )
    municipality: str = Field(
        "", description="Four-digit municipality number (see `/municipalities`).", examples=["4003"]
    )
    venue: str = Field(
        "",
        description="Address name (`slug`) of the library or other place in the directory.",
        examples=["skien-bibliotek"],
    )
    organiser: str = Field(
        "",
        description="Address name (`slug`) of the organiser or a confirmed co-organiser.",
        examples=["skien-rode-kors"],
    )
    target_group: str = Field(
        "", description="Slug of a target group (see `/target-groups`).", examples=["seniors"]
    )
    theme: str = Field("", description="Slug of a theme (see `/themes`).", examples=["reading"])
    language: str = Field(
        "", description="ISO 639 code of a language spoken at the activity.", examples=["uk"]
    )
    free: str = Field("", description="`true` for free activities only.", examples=["true"])
    access: list[str] = Field(
        default_factory=list,
        description="Accessibility facts that must all hold (repeat the parameter): "
        "`step_free`, `hearing_loop`, `sign_language`.",
    )
    date_from: str = Field(
        "",
        description="First local date (YYYY-MM-DD), inclusive. Without it `/occurrences` starts "
        "today and `/activities` 30 days ago.",
        json_schema_extra={"format": "date"},
    )
    date_to: str = Field(
        "",
        description="Last local date (YYYY-MM-DD), inclusive.",
        json_schema_extra={"format": "date"},
    )
