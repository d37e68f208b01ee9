"""Arena endpoints: co-creation arenas, course days and network meetings, and their public
reports, read-only.

Only published and cancelled arenas are shown (drafts give 404). Nothing personal is ever
included: no participant's name or e-mail, no video link, no join code. The report is the
public report of the arena page: counts, municipalities, organisations with a public profile,
the most supported contributions without their authors, and new connections between
organisations with a public profile.
"""

import enum
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja import Field, P, PathEx, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import field_validator

from samskap.arenas import permissions as arena_permissions
from samskap.arenas.models import Arena, ArenaQuerySet, ProgrammeItem, Question
from samskap.arenas.selectors.arenas import with_counts
from samskap.arenas.selectors.registration import places_left
from samskap.arenas.selectors.report import ArenaReport, Bar, arena_report
from samskap.directory.models import Organisation, Sector

from .activities import request_language
from .pagination import PageNumberPagination
from .schemas import (
    CountyOut,
    ErrorOut,
    MunicipalityRef,
    OptionalText,
    OrganisationRef,
    PlaceOut,
    ValidationErrorOut,
    _absolute,
    _oslo,
    default_language_path,
)

router = Router(tags=["arenas"])


def arena_path(pk: int, name: str = "arenas:detail") -> str:
    """Path of an arena's page (or its report page with `name`) in the default language."""
    return default_language_path(name, pk)


# --- schemas ----------------------------------------------------------------------------------


# The models' choices under names of their own in the OpenAPI document (`Kind` and `Status`
# there are the directory's and the activities').
ArenaKind = enum.StrEnum("ArenaKind", [(c.name, c.value) for c in Arena.Kind])  # type: ignore[misc]
ArenaFormat = enum.StrEnum("ArenaFormat", [(c.name, c.value) for c in Arena.Format])  # type: ignore[misc]
ArenaStatus = enum.StrEnum("ArenaStatus", [(c.name, c.value) for c in Arena.Status])  # type: ignore[misc]
ArenaAccess = enum.StrEnum("ArenaAccess", [(c.name, c.value) for c in Arena.Access])  # type: ignore[misc]


class When(enum.StrEnum):
    UPCOMING = "upcoming"
    PAST = "past"


class ArenaQuery(Schema):
    """Filters of the arena list; each is optional and an empty value means no filter."""

    county: str = Field(
        "",
        pattern=r"^([0-9]{2})?$",
        description="Two-digit county number (see `/counties`): arenas of that county.",
        examples=["40"],
    )
    kind: ArenaKind | None = Field(None, description="Kind of arena.")
    when: When | None = Field(
        None,
        description="`upcoming` (not yet ended, soonest first) or `past` (ended, latest "
        "first). Without it, all, latest start first.",
    )

    @field_validator("kind", "when", mode="before")
    @classmethod
    def _blank(cls, value: object) -> object:
        return value or None


class ProgrammeItemOut(Schema):
    starts_at: datetime = Field(description="Start, ISO 8601 in Europe/Oslo with the offset.")
    ends_at: datetime | None = Field(description="End, when given.")
    title: str = Field(description="What happens.")
    description: OptionalText = Field(description="More about it.")

    @staticmethod
    def resolve_starts_at(obj: ProgrammeItem) -> datetime:
        return _oslo(obj.starts_at)

    @staticmethod
    def resolve_ends_at(obj: ProgrammeItem) -> datetime | None:
        return _oslo(obj.ends_at) if obj.ends_at else None


class QuestionOut(Schema):
    position: int = Field(description="Order of the question, from 0.")
    text: str = Field(description="The reflection question.")


class RegistrationWindowOut(Schema):
    opens: datetime = Field(description="When registration opens (ISO 8601, Europe/Oslo).")
    closes: datetime = Field(description="When registration closes (ISO 8601, Europe/Oslo).")
    is_open: bool = Field(description="Whether one may register now.")
    access: ArenaAccess = Field(
        description="`open` to everyone, or `invited` organisations and sectors only."
    )


class ArenaOut(Schema):
    """A public arena: a co-creation arena, a course day or a network meeting."""

    id: int = Field(description="Number of the arena; `/arenas/{id}` gives it alone.")
    url: str = Field(description="Absolute URL of the arena's page on Samskap.")
    report_url: str = Field(description="Absolute URL of the arena's report in this API.")
    title: str = Field(examples=["Samskapingsarena for bibliotek og frivillighet"])
    description: OptionalText = Field(description="About the arena.")
    kind: ArenaKind = Field(description="Kind of arena.")
    format: ArenaFormat = Field(description="`digital`, `physical` or `hybrid`.")
    status: ArenaStatus = Field(
        description="`published`, or `cancelled` (still listed so people learn of it)."
    )
    cancel_reason: OptionalText = Field(description="Why it was cancelled, if it was.")
    starts_at: datetime = Field(description="Start, ISO 8601 in Europe/Oslo with the offset.")
    ends_at: datetime = Field(description="End, ISO 8601 in Europe/Oslo with the offset.")
    place: PlaceOut = Field(description="Where it takes place physically (empty if digital).")
    municipality: MunicipalityRef | None = Field(description="Municipality of the place.")
    county: CountyOut = Field(description="The county that runs the arena.")
    hosts: list[OrganisationRef] = Field(
        description="Organisations that run the arena with the county library."
    )
    capacity: int = Field(description="Number of places.")
    places_left: int = Field(description="Places not yet taken (0 when full).")
    registration: RegistrationWindowOut = Field(description="Registration.")
    questions: list[QuestionOut] = Field(description="The reflection questions.")
    programme: list[ProgrammeItemOut] = Field(description="The programme, in time order.")

    @staticmethod
    def resolve_url(obj: Arena, context: dict[str, Any]) -> str:
        return _absolute(context, arena_path(obj.pk))

    @staticmethod
    def resolve_report_url(obj: Arena, context: dict[str, Any]) -> str:
        return _absolute(context, reverse("api-v1:arena_report", kwargs={"id": obj.pk}))

    @staticmethod
    def resolve_starts_at(obj: Arena) -> datetime:
        return _oslo(obj.starts_at)

    @staticmethod
    def resolve_ends_at(obj: Arena) -> datetime:
        return _oslo(obj.ends_at)

    @staticmethod
    def resolve_place(obj: Arena) -> dict[str, str]:
        return {
            "name": obj.place_name,
            "street_address": obj.street_address,
            "postal_code": obj.postal_code,
            "postal_place": obj.postal_place,
        }

    @staticmethod
    def resolve_hosts(obj: Arena) -> list[Organisation]:
        return list(obj.hosts.all())

    @staticmethod
    def resolve_places_left(obj: Arena) -> int:
        return places_left(obj, getattr(obj, "confirmed_count", None))

    @staticmethod
    def resolve_registration(obj: Arena) -> dict[str, Any]:
        return {
            "opens": _oslo(obj.registration_opens),
            "closes": _oslo(obj.registration_closes),
            "is_open": obj.registration_is_open(),
            "access": obj.access,
        }

    @staticmethod
    def resolve_questions(obj: Arena) -> list[Question]:
        return list(obj.questions.all())

    @staticmethod
    def resolve_programme(obj: Arena) -> list[ProgrammeItem]:
        return list(obj.programme.all())


class ArenaRefOut(Schema):
    id: int = Field(description="Number of the arena.")
    title: str = Field(description="Title of the arena.")
    url: str = Field(description="Absolute URL of the arena's page on Samskap.")
    report_page_url: str = Field(description="Absolute URL of the report page on Samskap.")


class RegistrationFiguresOut(Schema):
    registered: int = Field(description="People who held a place (confirmed or attended).")
    confirmed: int = Field(description="Confirmed and not (yet) marked as attended.")
    attended: int = Field(description="Marked as attended.")
    waitlisted: int = Field(description="On the waiting list.")
    cancelled: int = Field(description="Cancelled registrations.")
    attendance_marked: bool = Field(
        description="Whether attendance has been marked (false for an arena yet to come)."
    )
    attendance_rate: float | None = Field(
        description="Attended as a percentage of registered; null when attendance was not marked."
    )


class SectorCountOut(Schema):
    sector: Sector = Field(description="The sector.")
    count: int = Field(description="People counted from this sector.")
    percent: float | None = Field(description="Share of the people counted; null if none.")


class MunicipalityCountOut(Schema):
    number: str = Field(description="Four-digit municipality number.", examples=["4003"])
    name: str = Field(description="Official name.", examples=["Skien"])
    count: int = Field(description="People counted from this municipality.")
    percent: float | None = Field(description="Share of the people counted; null if none.")


class OrganisationPresentOut(Schema):
    slug: str = Field(description="Address name of the organisation (see `/organisations`).")
    name: str = Field(description="Name of the organisation.")
    people: int = Field(description="Its people counted.")


class OrganisationsPresentOut(Schema):
    total: int = Field(description="All organisations present (also those not named).")
    listed: list[OrganisationPresentOut] = Field(
        description="Organisations present with a public profile, most people first."
    )
    others: int = Field(description="Organisations present without a public profile.")
    others_people: int = Field(description="Their people counted.")
    without_organisation: int = Field(description="People counted who gave no organisation.")


class MunicipalityNameOut(Schema):
    number: str = Field(description="Four-digit municipality number.", examples=["4010"])
    name: str = Field(description="Official name.", examples=["Siljan"])


class ReachOut(Schema):
    county: CountyOut = Field(description="The arena's county.")
    reached: list[MunicipalityCountOut] = Field(
        description="Municipalities of the county with at least one person counted."
    )
    not_reached: list[MunicipalityNameOut] = Field(
        description="Municipalities of the county with no one counted."
    )
    outside_county: int = Field(description="People counted from outside the county.")


class TopContributionOut(Schema):
    text: str = Field(description="The answer or idea (without who posted it).")
    kind: str = Field(description="`answer` or `idea`.")
    support: int = Field(description="Number of people who supported it.")


class QuestionFiguresOut(Schema):
    text: str = Field(description="The question.")
    answers: int = Field(description="Answers (a merged duplicate counts with its original).")
    ideas: int = Field(description="Ideas (a merged duplicate counts with its original).")
    top: list[TopContributionOut] = Field(
        description="The most supported contributions (at most three, with support)."
    )


class ConnectionOut(Schema):
    first: str = Field(description="Name of one organisation.")
    second: str = Field(description="Name of the other.")


class ConnectionsOut(Schema):
    count: int = Field(
        description="Pairs of organisations in the directory that met in a breakout group "
        "and had no earlier joint arena group or activity."
    )
    named: list[ConnectionOut] = Field(
        description="Those pairs where both organisations have a public profile."
    )
    unnamed: int = Field(description="The other pairs, counted only.")


class ArenaReportOut(Schema):
    """The public report of an arena."""

    arena: ArenaRefOut = Field(description="The arena.")
    generated_at: datetime = Field(description="When the report was made (ISO 8601).")
    basis: str = Field(
        description="Whom the figures by sector, municipality and organisation count: "
        "`attended` once attendance has been marked, else `registered` (confirmed places)."
    )
    basis_total: int = Field(description="Number of people counted.")
    registrations: RegistrationFiguresOut = Field(description="Registered versus attended.")
    sectors: list[SectorCountOut] = Field(description="People counted by sector.")
    municipalities: list[MunicipalityCountOut] = Field(
        description="People counted by municipality, most first."
    )
    organisations: OrganisationsPresentOut = Field(description="Organisations present.")
    reach: ReachOut = Field(description="Municipalities of the county reached and not.")
    questions: list[QuestionFiguresOut] = Field(description="Contributions per question.")
    new_connections: ConnectionsOut = Field(description="New connections made.")


def _municipality_counts(bars: list[Bar]) -> list[dict[str, Any]]:
    return [
        {"number": bar.key, "name": bar.label, "count": bar.count, "percent": bar.percent}
        for bar in bars
    ]


def _report_body(report: ArenaReport, context_request: HttpRequest) -> dict[str, Any]:
    arena = report.arena
    figures = report.registrations
    return {
        "arena": {
            "id": arena.pk,
            "title": arena.title,
            "url": context_request.build_absolute_uri(arena_path(arena.pk)),
            "report_page_url": context_request.build_absolute_uri(
                arena_path(arena.pk, "arenas:report")
            ),
        },
        "generated_at": _oslo(report.generated_at),
        "basis": report.basis,
        "basis_total": report.basis_total,
        "registrations": {
            "registered": figures.registered,
            "confirmed": figures.confirmed,
            "attended": figures.attended,
            "waitlisted": figures.waitlisted,
            "cancelled": figures.cancelled,
            "attendance_marked": figures.attendance_marked,
            "attendance_rate": figures.attendance_rate,
        },
        "sectors": [
            {"sector": bar.key, "count": bar.count, "percent": bar.percent}
            for bar in report.sectors
        ],
        "municipalities": _municipality_counts(report.municipalities),
        "organisations": {
            "total": report.organisations.total,
            "listed": [
                {"slug": o.slug, "name": o.name, "people": o.people}
                for o in report.organisations.listed
            ],
            "others": report.organisations.others,
            "others_people": report.organisations.others_people,
            "without_organisation": report.organisations.without_organisation,
        },
        "reach": {
            "county": arena.county,
            "reached": _municipality_counts(report.reach.reached),
            "not_reached": [{"number": m.number, "name": m.name} for m in report.reach.not_reached],
            "outside_county": report.reach.outside_county,
        },
        "questions": [
            {
                "text": question.text,
                "answers": question.answers,
                "ideas": question.ideas,
                "top": [
                    {"text": c.text, "kind": c.kind, "support": c.support} for c in question.top
                ],
            }
            for question in report.questions
        ],
        "new_connections": {
            "count": report.connections.count,
            "named": [{"first": c.first, "second": c.second} for c in report.connections.named],
            "unnamed": report.connections.unnamed,
        },
    }


# --- queries ----------------------------------------------------------------------------------


def _public_arenas() -> ArenaQuerySet:
    """Published and cancelled arenas with everything `ArenaOut` shows (places taken counted
    by `with_counts`), in a fixed number of queries."""
    return (
        with_counts(Arena.objects.published())
        .select_related("municipality__county")
        .prefetch_related(
            Prefetch("hosts", queryset=Organisation.objects.order_by("name", "pk")),
            "questions",
            "programme",
        )
    )


# --- endpoints --------------------------------------------------------------------------------


@router.get(
    "/arenas",
    response={200: list[ArenaOut], 422: ValidationErrorOut},
    summary="List arenas",
    operation_id="arena_list",
    url_name="arena_list",
)
@paginate(PageNumberPagination)
def arena_list(request: HttpRequest, filters: Query[ArenaQuery]) -> QuerySet[Arena]:
    """Published and cancelled arenas (co-creation arenas, course days, network meetings),
    latest start first; with `when=upcoming` the soonest first. Unknown filter values give an
    empty list; malformed ones give 422."""
    arenas = _public_arenas()
    if filters.county:
        arenas = arenas.filter(county_id=filters.county)
    if filters.kind:
        arenas = arenas.filter(kind=filters.kind)
    if filters.when == When.UPCOMING:
        return arenas.upcoming().order_by("starts_at", "pk")
    if filters.when == When.PAST:
        return arenas.past().order_by("-starts_at", "pk")
    return arenas.order_by("-starts_at", "pk")


@router.get(
    "/arenas/{id}",
    response={200: ArenaOut, 404: ErrorOut},
    summary="Get one arena",
    operation_id="arena_detail",
    url_name="arena_detail",
)
def arena_detail(
    request: HttpRequest,
    id: PathEx[int, P(description="Number of the arena (`id` in the list).")],
) -> Arena:
    """One public arena by its number. 404 for drafts and numbers that do not exist."""
    arena = _public_arenas().filter(pk=id).first()
    if arena is None:
        raise HttpError(404, "No public arena has this number.")
    return arena


@router.get(
    "/arenas/{id}/report",
    response={200: ArenaReportOut, 404: ErrorOut},
    summary="Get an arena's public report",
    operation_id="arena_report",
    url_name="arena_report",
)
def arena_report_detail(
    request: HttpRequest,
    id: PathEx[int, P(description="Number of the arena (`id` in the list).")],
) -> dict[str, Any]:
    """The public report of an arena: registered versus attended, people by sector and
    municipality, organisations present, municipalities of the county reached and not
    reached, contributions per question and new connections between organisations. Only
    organisations with a public profile are named; no person is. 404 for drafts."""
    try:
        # The public's view, whoever asks: the API never gives the hosts' report.
        arena = arena_permissions.arena_for_view(AnonymousUser(), id)
    except Http404:
        raise HttpError(404, "No public arena has this number.") from None
    with translation.override(request_language(request)):
        report = arena_report(arena, full=False)
        return _report_body(report, request)
