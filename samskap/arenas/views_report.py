"""The arena report: a page with accessible charts, and the same figures as CSV and PDF.

Anyone who may see the arena gets the public report (counts, municipalities, organisations
with a public profile, no people's names); its hosts get the full report. The figures come
from `selectors.report.arena_report` (a fixed number of queries)."""

from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samskap.core.spreadsheet import csv_response

from . import permissions
from .pdf import arena_report_pdf
from .selectors.report import (
    ArenaReport,
    Bar,
    arena_report,
    basis_text,
    other_organisations_text,
    percent,
    unnamed_connections_text,
)

type Row = tuple[str, str, str]


def _report_for(request: HttpRequest, pk: int) -> ArenaReport:
    arena = permissions.arena_for_view(request.user, pk)
    full = permissions.can_view_full_report(request.user, arena)
    return arena_report(arena, full=full)


@require_http_methods(["GET", "HEAD"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    arena_report_ = _report_for(request, pk)
    return render(
        request,
        "arenas/report/report.html",
        {"arena": arena_report_.arena, "report": arena_report_},
    )


def report_rows(report_: ArenaReport) -> Iterator[Row]:
    """The report as (section, label, value) rows, in the page's order and language."""
    figures = report_.registrations
    section = _("Registered and attended")
    yield section, _("Registered (confirmed places)"), str(figures.registered)
    yield section, _("Attended"), str(figures.attended)
    yield section, _("On the waiting list"), str(figures.waitlisted)
    yield section, _("Cancelled"), str(figures.cancelled)
    yield (
        section,
        _("Attendance rate"),
        percent(figures.attendance_rate)
        if figures.attendance_marked
        else _("Attendance has not been marked"),
    )
    yield section, _("Counted in the figures below"), basis_text(report_)

    yield from _bar_rows(_("Participants by sector"), report_.sectors)
    yield from _bar_rows(_("Participants by municipality"), report_.municipalities)

    section = _("Organisations present")
    organisations = report_.organisations
    yield section, _("Organisations present"), str(organisations.total)
    for organisation in organisations.listed:
        yield section, organisation.name, str(organisation.people)
    if organisations.others:
        yield (
            section,
            other_organisations_text(organisations.others),
            str(organisations.others_people),
        )
    if organisations.without_organisation:
        yield section, _("No organisation given"), str(organisations.without_organisation)

    reach = report_.reach
    section = _("Municipalities in %(county)s") % {"county": reach.county_name}
    yield section, _("Municipalities reached"), str(len(reach.reached))
    yield section, _("Municipalities not reached"), str(len(reach.not_reached))
    for bar in reach.reached:
        yield section, _("Reached: %(municipality)s") % {"municipality": bar.label}, str(bar.count)
    for municipality in reach.not_reached:
        label = _("Not reached: %(municipality)s") % {"municipality": municipality.name}
        yield section, label, "0"
    yield section, _("Participants from outside the county"), str(reach.outside_county)

    section = _("Contributions per question")
    for question in report_.questions:
        yield section, question.text, ""
        yield section, _("Answers"), str(question.answers)
        yield section, _("Ideas"), str(question.ideas)
        for position, top in enumerate(question.top, start=1):
            label = _("Most supported no. %(position)s (%(support)s supporters)") % {
                "position": position,
                "support": top.support,
            }
            text = f"{top.text} ({top.author_name})" if top.author_name else top.text
            yield section, label, text

    section = _("New connections")
    connections = report_.connections
    yield section, _("New connections"), str(connections.count)
    for connection in connections.named:
        yield section, connection.first, connection.second
    if connections.unnamed:
        yield section, unnamed_connections_text(connections.unnamed), str(connections.unnamed)


def _bar_rows(section: str, bars: list[Bar]) -> Iterator[Row]:
    for bar in bars:
        yield section, bar.label, str(bar.count)


@require_http_methods(["GET", "HEAD"])
def report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    report_ = _report_for(request, pk)
    return csv_response(
        filename=f"arena-{pk}-rapport.csv",
        header=[_("Section"), _("Label"), _("Value")],
        rows=report_rows(report_),
    )


@require_http_methods(["GET", "HEAD"])
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report_ = _report_for(request, pk)
    content = arena_report_pdf(report_, language=translation.get_language() or "nb")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="arena-{pk}-rapport.pdf"'
    return response
