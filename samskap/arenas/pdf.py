"""The arena report as a PDF (ReportLab): title, date, county, the figures as tables and
simple bar charts, in the language active when it is written."""

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .selectors.report import (
    ArenaReport,
    Bar,
    basis_text,
    other_organisations_text,
    percent,
    unnamed_connections_text,
)

# Dark blue bars on white (contrast well above 3:1) and black text.
BAR_COLOUR = colors.HexColor("#1E4F8A")
TRACK_COLOUR = colors.HexColor("#E6EBF2")
RULE_COLOUR = colors.HexColor("#6B7280")
PAGE_WIDTH, _PAGE_HEIGHT = A4
MARGIN = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN


def percent_or_dash(value: float | None) -> str:
    return percent(value) or "–"


def _number(value: int) -> str:
    return str(formats.number_format(value, use_l10n=True, force_grouping=True))


class _Styles:
    def __init__(self) -> None:
        sheet = getSampleStyleSheet()
        self.title = sheet["Title"]
        self.heading = sheet["Heading2"]
        self.subheading = sheet["Heading3"]
        self.body = sheet["BodyText"]
        self.small = ParagraphStyle("small", parent=sheet["BodyText"], fontSize=9, leading=11)
        self.cell = ParagraphStyle("cell", parent=sheet["BodyText"], fontSize=9, leading=11)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _table(
    styles: _Styles, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
) -> Table:
    data = [[_p(cell, styles.cell) for cell in header]]
    data += [[_p(cell, styles.cell) for cell in row] for row in rows]
    table = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE_COLOUR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ]
        )
    )
    return table


def _chart(bars: Sequence[Bar]) -> Drawing:
    """Horizontal bars: the label, then a bar as long as the count relative to the largest,
    then the count (so nothing depends on colour)."""
    row_height = 16
    label_width = 62 * mm
    value_width = 16 * mm
    bar_space = CONTENT_WIDTH - label_width - value_width
    drawing = Drawing(CONTENT_WIDTH, row_height * len(bars) + 4)
    for index, bar in enumerate(bars):
        y = row_height * (len(bars) - index - 1) + 4
        label = bar.label if len(bar.label) <= 38 else bar.label[:37] + "…"
        drawing.add(String(0, y + 3, label, fontName="Helvetica", fontSize=9))
        drawing.add(Rect(label_width, y, bar_space, 10, fillColor=TRACK_COLOUR, strokeColor=None))
        if bar.width:
            drawing.add(
                Rect(
                    label_width,
                    y,
                    bar_space * bar.width / 100,
                    10,
                    fillColor=BAR_COLOUR,
                    strokeColor=None,
                )
            )
        drawing.add(
            String(
                CONTENT_WIDTH,
                y + 2,
                _number(bar.count),
                fontName="Helvetica",
                fontSize=9,
                textAnchor="end",
            )
        )
    return drawing


def _bar_section(
    styles: _Styles, heading: str, label_header: str, bars: Sequence[Bar]
) -> list[Flowable]:
    parts: list[Flowable] = [_p(heading, styles.heading)]
    if not bars:
        parts.append(_p(_("No one to count yet."), styles.body))
        return parts
    parts.append(_chart(bars))
    parts.append(Spacer(1, 4 * mm))
    parts.append(
        _table(
            styles,
            [label_header, _("Number"), _("Share")],
            [[bar.label, _number(bar.count), percent_or_dash(bar.percent)] for bar in bars],
            [CONTENT_WIDTH - 60 * mm, 30 * mm, 30 * mm],
        )
    )
    return parts


def arena_report_pdf(report: ArenaReport, *, language: str) -> bytes:
    """The report as PDF bytes, written in the active language (`language` is the document's
    language tag)."""
    arena = report.arena
    styles = _Styles()
    buffer = io.BytesIO()
    title = _("Report: %(title)s") % {"title": arena.title}
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author="Samskap",
        subject=_("Arena report"),
        lang=language,
    )
    local_start = timezone.localtime(arena.starts_at)
    story: list[Flowable] = [
        _p(title, styles.title),
        _p(
            _("%(date)s, %(county)s. %(kind)s, %(format)s.")
            % {
                "date": formats.date_format(local_start, "DATETIME_FORMAT"),
                "county": arena.county.name,
                "kind": arena.get_kind_display(),
                "format": str(arena.get_format_display()).lower(),
            },
            styles.body,
        ),
        _p(
            _("Report made %(date)s.")
            % {"date": formats.date_format(timezone.localtime(report.generated_at), "DATE_FORMAT")},
            styles.small,
        ),
        _p(
            _("The hosts' report: every organisation present is named.")
            if report.full
            else _(
                "The public report: only organisations with a public profile are named; "
                "no people's names are shown."
            ),
            styles.small,
        ),
    ]

    figures = report.registrations
    story.append(_p(_("Registered and attended"), styles.heading))
    story.append(
        _table(
            styles,
            [_("Figure"), _("Number")],
            [
                [_("Registered (confirmed places)"), _number(figures.registered)],
                [_("Attended"), _number(figures.attended)],
                [_("On the waiting list"), _number(figures.waitlisted)],
                [_("Cancelled"), _number(figures.cancelled)],
                [
                    _("Attendance rate"),
                    percent_or_dash(figures.attendance_rate)
                    if figures.attendance_marked
                    else _("Attendance has not been marked"),
                ],
            ],
            [CONTENT_WIDTH - 60 * mm, 60 * mm],
        )
    )
    story.append(Spacer(1, 3 * mm))
    story.append(_chart(figures.bars))
    story.append(_p(basis_text(report), styles.body))

    story += _bar_section(styles, _("Participants by sector"), _("Sector"), report.sectors)
    story += _bar_section(
        styles, _("Participants by municipality"), _("Municipality"), report.municipalities
    )

    organisations = report.organisations
    story.append(_p(_("Organisations present"), styles.heading))
    story.append(
        _p(
            ngettext(
                "%(count)s organisation was present.",
                "%(count)s organisations were present.",
                organisations.total,
            )
            % {"count": _number(organisations.total)},
            styles.body,
        )
    )
    rows = [[o.name, _number(o.people)] for o in organisations.listed]
    if organisations.others:
        rows.append(
            [other_organisations_text(organisations.others), _number(organisations.others_people)]
        )
    if organisations.without_organisation:
        rows.append([_("No organisation given"), _number(organisations.without_organisation)])
    if rows:
        story.append(
            _table(
                styles,
                [_("Organisation"), _("People")],
                rows,
                [CONTENT_WIDTH - 30 * mm, 30 * mm],
            )
        )

    reach = report.reach
    story.append(
        _p(_("Municipalities in %(county)s") % {"county": reach.county_name}, styles.heading)
    )
    story.append(
        _p(
            _("%(reached)s of %(total)s municipalities reached.")
            % {"reached": len(reach.reached), "total": reach.municipality_count},
            styles.body,
        )
    )
    if reach.reached:
        story.append(_chart(reach.reached))
    story.append(
        _p(
            _("Not reached: %(names)s")
            % {
                "names": ", ".join(m.name for m in reach.not_reached)
                if reach.not_reached
                else _("none")
            },
            styles.body,
        )
    )
    story.append(
        _p(
            _("Participants from outside the county: %(count)s")
            % {"count": _number(reach.outside_county)},
            styles.body,
        )
    )

    story.append(_p(_("Contributions per question"), styles.heading))
    if not report.questions:
        story.append(_p(_("The arena has no questions."), styles.body))
    for question in report.questions:
        part: list[Flowable] = [
            _p(question.text, styles.subheading),
            _p(
                _("%(answers)s answers and %(ideas)s ideas.")
                % {"answers": _number(question.answers), "ideas": _number(question.ideas)},
                styles.body,
            ),
        ]
        if question.top:
            part.append(
                _table(
                    styles,
                    [_("Most supported"), _("Supporters")],
                    [
                        [
                            f"{c.text} ({c.author_name})" if c.author_name else c.text,
                            _number(c.support),
                        ]
                        for c in question.top
                    ],
                    [CONTENT_WIDTH - 30 * mm, 30 * mm],
                )
            )
        story.append(KeepTogether(part))

    connections = report.connections
    story.append(_p(_("New connections"), styles.heading))
    story.append(
        _p(
            ngettext(
                "%(count)s pair of organisations met in a group for the first time.",
                "%(count)s pairs of organisations met in a group for the first time.",
                connections.count,
            )
            % {"count": _number(connections.count)},
            styles.body,
        )
    )
    if connections.named:
        story.append(
            _table(
                styles,
                [_("Organisation"), _("Organisation")],
                [[c.first, c.second] for c in connections.named],
                [CONTENT_WIDTH / 2, CONTENT_WIDTH / 2],
            )
        )
    if connections.unnamed:
        story.append(_p(unnamed_connections_text(connections.unnamed), styles.body))

    document.build(story)
    return buffer.getvalue()
