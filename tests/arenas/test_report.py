"""The arena report: the figures (`selectors.report.arena_report`), the page, CSV and PDF,
who sees what, and the query count."""

import base64
import csv
import datetime as dt
import io
import re
import zlib
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from samskap.activities.models import Activity
from samskap.arenas.models import (
    Arena,
    BreakoutGroup,
    BreakoutRound,
    Contribution,
    GroupMember,
    Registration,
    Vote,
)
from samskap.arenas.selectors.report import (
    EARLIER_COLLABORATION_SOURCES,
    arena_report,
    normalise_organisation_name,
)
from samskap.directory.models import Kind
from tests.factories import (
    ActivityFactory,
    ArenaFactory,
    CoOrganiserFactory,
    MembershipFactory,
    OrganisationFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def past_arena(days: int = 10, **kwargs: object) -> Arena:
    """An arena that took place `days` ago."""
    start = days_ago(days)
    return ArenaFactory(
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        registration_opens=start - dt.timedelta(days=30),
        registration_closes=start - dt.timedelta(days=1),
        **kwargs,
    )


def register(arena: Arena, organisation=None, **kwargs) -> Registration:
    kwargs.setdefault("status", Registration.Status.ATTENDED)
    if organisation is None:
        kwargs.setdefault("sector", "voluntary")
    else:
        kwargs.setdefault("sector", _sector(organisation))
    return RegistrationFactory(arena=arena, organisation=organisation, **kwargs)


def _sector(organisation) -> str:
    return {
        Kind.LIBRARY: "library",
        Kind.VOLUNTARY: "voluntary",
        Kind.CULTURE: "culture",
        Kind.PUBLIC_HEALTH: "public_health",
    }[organisation.kind]


def make_groups(arena: Arena, groups: list[list[Registration]], number: int = 1) -> None:
    """One breakout round of `arena` with these groups."""
    round_ = BreakoutRound.objects.create(arena=arena, number=number, group_size=4, mode="mixed")
    for index, members in enumerate(groups, start=1):
        group = BreakoutGroup.objects.create(round=round_, number=index)
        for registration in members:
            GroupMember.objects.create(round=round_, group=group, registration=registration)


def contribute(arena, question, text, *, kind="answer", status="visible", voters=(), **kwargs):
    contribution = Contribution.objects.create(
        arena=arena,
        question=question,
        text=text,
        kind=kind,
        status=status,
        author_key=f"r{Contribution.objects.count() + 1}",
        **kwargs,
    )
    for voter in voters:
        Vote.objects.create(contribution=contribution, voter_key=voter)
    contribution.vote_count = len(voters)
    contribution.save(update_fields=["vote_count"])
    return contribution


@dataclass
class Scenario:
    arena: Arena
    host: OrganisationFactory
    orgs: dict[str, object]


def build_scenario() -> Scenario:
    """A past arena in Telemark with attendance marked.

    Attended (9): Skien bibliotek (library, Skien), Porsgrunn frivilligsentral (voluntary,
    Porsgrunn), Notodden kulturskole (culture, Notodden), Skien helsestasjon (public health,
    Skien, NO public profile), Skien Røde Kors (voluntary, Skien), Porsgrunn turlag (voluntary,
    Porsgrunn), two people typing "Bø Husflidslag" differently (voluntary, Skien), one person
    from Oslo without an organisation (other public sector).
    Confirmed but absent: one from Skien bibliotek, one from Kragerø bokklubb (Kragerø).
    Waitlisted 1 (Seljord), cancelled 1 (Tinn).

    Groups: round 1 [bibliotek, frivilligsentral, kulturskole, bokklubb (absent)] and
    [Røde Kors, turlag, Bø Husflidslag]; round 2 [kulturskole, helsestasjon, Røde Kors].
    Before: bibliotek and frivilligsentral shared a group in an earlier arena; kulturskole
    organised an activity with helsestasjon as confirmed co-organiser. Not counting as
    before: a joint activity created after the arena started (bibliotek + kulturskole), a
    pending co-organiser (Røde Kors + turlag), a group in a cancelled earlier arena (Røde Kors
    + turlag) and a group in a later arena (frivilligsentral + kulturskole).
    New connections: bibliotek–kulturskole, frivilligsentral–kulturskole,
    kulturskole–Røde Kors, helsestasjon–Røde Kors, Røde Kors–turlag (5; one with the
    helsestasjon, which has no public profile).
    """
    host = OrganisationFactory(name="Vestfold og Telemark fylkesbibliotek", kind=Kind.LIBRARY)
    arena = past_arena(title="Samskapingsarena Telemark", hosts=[host])
    orgs = {
        "library": OrganisationFactory(name="Skien bibliotek", kind=Kind.LIBRARY),
        "centre": OrganisationFactory(name="Porsgrunn frivilligsentral"),
        "culture": OrganisationFactory(name="Notodden kulturskole", kind=Kind.CULTURE),
        "health": OrganisationFactory(
            name="Skien helsestasjon", kind=Kind.PUBLIC_HEALTH, public=False
        ),
        "redcross": OrganisationFactory(name="Skien Røde Kors"),
        "hikers": OrganisationFactory(name="Porsgrunn turlag"),
        "books": OrganisationFactory(name="Kragerø bokklubb"),
    }
    people = {
        "library": register(
            arena, orgs["library"], name="Lise Bibliotekar", municipality_id="4003"
        ),
        "centre": register(arena, orgs["centre"], municipality_id="4001"),
        "culture": register(arena, orgs["culture"], municipality_id="4005"),
        "health": register(arena, orgs["health"], municipality_id="4003"),
        "redcross": register(arena, orgs["redcross"], municipality_id="4003"),
        "hikers": register(arena, orgs["hikers"], municipality_id="4001"),
        "typed1": register(arena, organisation_name="Bø Husflidslag", municipality_id="4003"),
        "typed2": register(arena, organisation_name=" bø  husflidslag.", municipality_id="4003"),
        "oslo": register(arena, sector="public", municipality_id="0301"),
        "absent": register(
            arena, orgs["library"], status=Registration.Status.CONFIRMED, municipality_id="4003"
        ),
        "books": register(
            arena, orgs["books"], status=Registration.Status.CONFIRMED, municipality_id="4014"
        ),
    }
    register(arena, status=Registration.Status.WAITLISTED, municipality_id="4022")
    register(arena, status=Registration.Status.CANCELLED, municipality_id="4026")
    make_groups(
        arena,
        [
            [people["library"], people["centre"], people["culture"], people["books"]],
            [people["redcross"], people["hikers"], people["typed1"]],
        ],
    )
    make_groups(arena, [[people["culture"], people["health"], people["redcross"]]], number=2)

    # Earlier joint work that makes a pair "not new".
    earlier = past_arena(days=200)
    make_groups(
        earlier,
        [[register(earlier, orgs["library"]), register(earlier, orgs["centre"])]],
    )
    activity = ActivityFactory(organiser=orgs["culture"])
    CoOrganiserFactory(activity=activity, organisation=orgs["health"], status="confirmed")
    Activity.objects.filter(pk=activity.pk).update(created_at=days_ago(60))

    # Joint work that does not count as earlier.
    later_activity = ActivityFactory(organiser=orgs["library"])
    CoOrganiserFactory(activity=later_activity, organisation=orgs["culture"], status="confirmed")
    pending = ActivityFactory(organiser=orgs["redcross"])
    CoOrganiserFactory(activity=pending, organisation=orgs["hikers"], status="pending")
    Activity.objects.filter(pk=pending.pk).update(created_at=days_ago(60))
    cancelled = past_arena(days=100, status=Arena.Status.CANCELLED)
    make_groups(
        cancelled,
        [[register(cancelled, orgs["redcross"]), register(cancelled, orgs["hikers"])]],
    )
    later = past_arena(days=2)
    make_groups(later, [[register(later, orgs["centre"]), register(later, orgs["culture"])]])

    # The wall: question 1 has two visible answers (one with a duplicate merged into it),
    # a visible idea and a hidden idea; question 2 has nothing.
    first, _second = list(arena.questions.all())
    best = contribute(
        arena,
        first,
        "Lesestund på asylmottaket",
        voters=["a", "b", "c"],
        author_name="Kari Nordmann",
    )
    contribute(
        arena,
        first,
        "Lesestund for nye landsmenn",
        status="merged",
        merged_into=best,
        voters=["c", "d"],
        author_name="Ola Dunk",
    )
    contribute(arena, first, "Bokbuss til bygdene", kind="idea", voters=["a"])
    contribute(arena, first, "Hemmelig idé", kind="idea", status="hidden", voters=list("abcde"))
    contribute(arena, first, "Flere benker", voters=[])
    return Scenario(arena=arena, host=host, orgs=orgs)


# --- the figures -------------------------------------------------------------------------


def test_registration_figures():
    scenario = build_scenario()
    report = arena_report(scenario.arena, full=False)
    figures = report.registrations
    assert (figures.attended, figures.confirmed, figures.waitlisted, figures.cancelled) == (
        9,
        2,
        1,
        1,
    )
    assert figures.registered == 11
    assert figures.attendance_marked
    assert figures.attendance_rate == pytest.approx(100 * 9 / 11)
    assert [(b.key, b.count) for b in figures.bars] == [
        ("attended", 9),
        ("confirmed", 2),
        ("waitlisted", 1),
        ("cancelled", 1),
    ]
    assert report.basis == "attended"
    assert report.basis_total == 9


def test_sectors_and_municipalities_count_those_who_attended():
    report = arena_report(build_scenario().arena, full=False)
    sectors = {bar.key: bar.count for bar in report.sectors}
    assert sectors == {
        "library": 1,
        "voluntary": 5,
        "culture": 1,
        "public_health": 1,
        "education": 0,
        "public": 1,
        "business": 0,
    }
    voluntary = next(bar for bar in report.sectors if bar.key == "voluntary")
    assert voluntary.percent == pytest.approx(100 * 5 / 9)
    assert voluntary.width == 100
    assert [(bar.label, bar.count) for bar in report.municipalities] == [
        ("Skien", 5),
        ("Porsgrunn", 2),
        ("Notodden", 1),
        ("Oslo", 1),
    ]


def test_reach_in_the_county():
    reach = arena_report(build_scenario().arena, full=False).reach
    assert reach.county_name == "Telemark"
    assert [bar.label for bar in reach.reached] == ["Skien", "Porsgrunn", "Notodden"]
    assert len(reach.not_reached) == 14
    # Kragerø's person registered but did not attend; attendance is what counts.
    not_reached = [m.name for m in reach.not_reached]
    assert "Kragerø" in not_reached
    assert "Skien" not in not_reached
    assert reach.municipality_count == 17
    assert reach.outside_county == 1
    assert [bar.label for bar in reach.outside_municipalities] == ["Oslo"]


def test_organisations_present_public_and_full():
    arena = build_scenario().arena
    public = arena_report(arena, full=False).organisations
    assert public.total == 7
    assert [(o.name, o.people) for o in public.listed] == [
        ("Notodden kulturskole", 1),
        ("Porsgrunn frivilligsentral", 1),
        ("Porsgrunn turlag", 1),
        ("Skien bibliotek", 1),
        ("Skien Røde Kors", 1),
    ]
    assert (public.others, public.others_people) == (2, 3)
    assert public.without_organisation == 1

    full = arena_report(arena, full=True).organisations
    assert [(o.name, o.people, o.in_directory) for o in full.listed] == [
        ("Bø Husflidslag", 2, False),
        ("Notodden kulturskole", 1, True),
        ("Porsgrunn frivilligsentral", 1, True),
        ("Porsgrunn turlag", 1, True),
        ("Skien bibliotek", 1, True),
        ("Skien helsestasjon", 1, True),
        ("Skien Røde Kors", 1, True),
    ]
    assert (full.others, full.total) == (0, 7)


def test_contributions_per_question():
    arena = build_scenario().arena
    first, second = arena_report(arena, full=False).questions
    assert first.text == "Hvordan kan biblioteket nå nye målgrupper?"
    # The merged duplicate counts with the one it was merged into; the hidden idea not at all.
    assert (first.answers, first.ideas, first.total) == (2, 1, 3)
    assert [(c.text, c.support, c.kind) for c in first.top] == [
        ("Lesestund på asylmottaket", 4, "answer"),
        ("Bokbuss til bygdene", 1, "idea"),
    ]
    assert all(c.author_name == "" for c in first.top)
    assert (second.answers, second.ideas, second.top) == (0, 0, [])

    full_first = arena_report(arena, full=True).questions[0]
    assert full_first.top[0].author_name == "Kari Nordmann"


def test_new_connections():
    arena = build_scenario().arena
    public = arena_report(arena, full=False).connections
    assert public.count == 5
    assert [(c.first, c.second) for c in public.named] == [
        ("Notodden kulturskole", "Porsgrunn frivilligsentral"),
        ("Notodden kulturskole", "Skien bibliotek"),
        ("Notodden kulturskole", "Skien Røde Kors"),
        ("Porsgrunn turlag", "Skien Røde Kors"),
    ]
    assert public.unnamed == 1

    full = arena_report(arena, full=True).connections
    assert full.count == 5
    assert ("Skien helsestasjon", "Skien Røde Kors") in [(c.first, c.second) for c in full.named]
    assert full.unnamed == 0


def test_a_later_app_can_add_a_source_of_earlier_collaboration(monkeypatch):
    scenario = build_scenario()
    library, culture = scenario.orgs["library"].pk, scenario.orgs["culture"].pk

    def joint_project(arena, organisation_ids):
        assert library in organisation_ids
        return [(culture, library)]

    monkeypatch.setattr(
        "samskap.arenas.selectors.report.EARLIER_COLLABORATION_SOURCES",
        [*EARLIER_COLLABORATION_SOURCES, joint_project],
    )
    connections = arena_report(scenario.arena, full=True).connections
    assert connections.count == 4
    assert ("Notodden kulturskole", "Skien bibliotek") not in [
        (c.first, c.second) for c in connections.named
    ]


def test_an_arena_without_attendance_counts_the_registered():
    arena = ArenaFactory()
    register(arena, status=Registration.Status.CONFIRMED, municipality_id="4003")
    register(arena, status=Registration.Status.CONFIRMED, municipality_id="4001")
    register(arena, status=Registration.Status.WAITLISTED, municipality_id="4005")
    report = arena_report(arena, full=False)
    assert not report.registrations.attendance_marked
    assert report.registrations.attendance_rate is None
    assert report.basis == "registered"
    assert report.basis_total == 2
    assert [bar.label for bar in report.municipalities] == ["Porsgrunn", "Skien"]
    assert report.connections.count == 0


def test_an_empty_arena():
    report = arena_report(ArenaFactory(), full=True)
    assert report.basis_total == 0
    assert all(bar.percent is None and bar.width == 0 for bar in report.sectors)
    assert report.municipalities == []
    assert len(report.reach.not_reached) == 17
    assert report.organisations.total == 0
    assert [q.total for q in report.questions] == [0, 0]


def test_typed_names_are_compared_normalised():
    assert normalise_organisation_name("  Skien  Røde kors. ") == "skien røde kors"
    assert normalise_organisation_name("SKIEN RØDE KORS") == "skien røde kors"


# --- the page -----------------------------------------------------------------------------


def report_url(arena, name="arenas:report", language="nb"):
    with translation.override(language):
        return reverse(name, args=[arena.pk])


def test_public_report_page_hides_names(client):
    scenario = build_scenario()
    response = client.get(report_url(scenario.arena))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Samskapingsarena Telemark" in html
    assert "Skien bibliotek" in html
    assert "Skien helsestasjon" not in html
    assert "Bø Husflidslag" not in html
    assert "Kari Nordmann" not in html
    assert "Lise Bibliotekar" not in html
    assert "Lesestund på asylmottaket" in html
    # Charts with a text alternative, each followed by a real table.
    assert html.count('role="img"') == html.count("<table") - 2  # organisations, connections
    assert "<title id=" in html
    assert "<caption" in html
    assert reverse("arenas:report_csv", args=[scenario.arena.pk]) in html
    assert reverse("arenas:report_pdf", args=[scenario.arena.pk]) in html
    assert "style=" not in html.split("<main", 1)[1]


def test_host_report_page_names_everyone(client):
    scenario = build_scenario()
    host_member = MembershipFactory(organisation=scenario.host).user
    client.force_login(host_member)
    html = client.get(report_url(scenario.arena)).content.decode()
    assert "Skien helsestasjon" in html
    assert "Bø Husflidslag" in html
    assert "Kari Nordmann" in html
    assert "Lise Bibliotekar" not in html  # participants' names are not part of the report


def test_figures_are_formatted_in_norwegian(client):
    scenario = build_scenario()
    html = client.get(report_url(scenario.arena)).content.decode()
    # 9 of 11 attended: 81,8 %
    assert "81,8" in html


def test_report_of_an_upcoming_arena_says_attendance_is_not_marked(client):
    arena = ArenaFactory()
    register(arena, status=Registration.Status.CONFIRMED)
    response = client.get(report_url(arena, language="en"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Attendance has not been marked" in html
    assert "No attendance has been marked, so the figures" in html
    assert "Attendance rate" not in html
    assert "Attended: 0" not in html


ROLES = [
    "anonymous",
    "user",
    "host_member",
    "org_admin",
    "coordinator",
    "other_coordinator",
    "platform_admin",
]


@pytest.fixture
def login_as(client, request):
    def login(role, arena):
        if role == "anonymous":
            return client
        if role == "host_member":
            organisation = arena.hosts.first()
            user = MembershipFactory(organisation=organisation).user
        else:
            user = request.getfixturevalue(role)
        client.force_login(user)
        return client

    return login


@pytest.mark.parametrize(
    ("role", "draft_status", "published_full"),
    [
        ("anonymous", 404, False),
        ("user", 404, False),
        ("host_member", 200, True),
        ("org_admin", 404, False),
        ("coordinator", 200, True),
        ("other_coordinator", 404, False),
        ("platform_admin", 200, True),
    ],
)
@pytest.mark.parametrize("name", ["arenas:report", "arenas:report_csv", "arenas:report_pdf"])
def test_permission_matrix(login_as, role, draft_status, published_full, name):
    host = OrganisationFactory(name="Vertsbiblioteket", kind=Kind.LIBRARY)
    hidden = OrganisationFactory(name="Usynlig forening", public=False)
    draft = ArenaFactory(status=Arena.Status.DRAFT, hosts=[host])
    published = past_arena(hosts=[host])
    register(published, hidden)
    client = login_as(role, published)
    assert client.get(report_url(draft, name)).status_code == draft_status
    response = client.get(report_url(published, name))
    assert response.status_code == 200
    if name != "arenas:report_pdf":
        assert ("Usynlig forening" in response.content.decode("utf-8-sig")) is published_full


def test_report_of_a_cancelled_arena_is_public(client):
    arena = past_arena(status=Arena.Status.CANCELLED)
    assert client.get(report_url(arena)).status_code == 200


def test_report_only_answers_get(client):
    arena = past_arena()
    assert client.post(report_url(arena)).status_code == 405


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _arena_of_size(size: int, host) -> Arena:
    arena = past_arena(hosts=[host])
    registrations = []
    for index in range(size):
        organisation = OrganisationFactory(public=index % 2 == 0)
        registrations.append(
            register(
                arena,
                organisation,
                municipality_id=["4003", "4001", "4005", "0301"][index % 4],
            )
        )
        question = arena.questions.first()
        contribute(arena, question, f"Idé {index}", voters=[f"v{index}", "felles"])
    make_groups(arena, [registrations[i : i + 3] for i in range(0, size, 3)])
    return arena


@pytest.mark.parametrize("role", ["anonymous", "host_member"])
@pytest.mark.parametrize("name", ["arenas:report", "arenas:report_csv", "arenas:report_pdf"])
def test_constant_number_of_queries(client, role, name):
    host = OrganisationFactory(kind=Kind.LIBRARY)
    small = _arena_of_size(3, host)
    large = _arena_of_size(30, host)
    if role == "host_member":
        client.force_login(MembershipFactory(organisation=host).user)
    _queries(client, report_url(small, name))  # warm up (session, content types)
    assert _queries(client, report_url(small, name)) == _queries(client, report_url(large, name))
    assert _queries(client, report_url(large, name)) <= 16


# --- CSV and PDF ---------------------------------------------------------------------------


def test_csv_parses_back(client):
    scenario = build_scenario()
    response = client.get(report_url(scenario.arena, "arenas:report_csv", "en"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="arena-{scenario.arena.pk}-rapport.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Section", "Label", "Value"]
    assert all(len(row) == 3 for row in rows)
    values = {(section, label): value for section, label, value in rows[1:]}
    assert values[("Registered and attended", "Attended")] == "9"
    assert values[("Registered and attended", "Registered (confirmed places)")] == "11"
    assert values[("Participants by sector", "Voluntary sector")] == "5"
    assert values[("Participants by municipality", "Skien")] == "5"
    assert values[("Municipalities in Telemark", "Municipalities reached")] == "3"
    assert values[("Municipalities in Telemark", "Participants from outside the county")] == "1"
    assert values[("Organisations present", "Organisations present")] == "7"
    assert values[("Organisations present", "and 2 other organisations")] == "3"
    assert values[("New connections", "New connections")] == "5"
    assert "Skien helsestasjon" not in response.content.decode("utf-8-sig")


def test_csv_cells_are_spreadsheet_safe(client):
    arena = past_arena()
    register(arena, organisation_name='=HYPERLINK("http://x")')
    host = OrganisationFactory()
    arena.hosts.add(host)
    client.force_login(MembershipFactory(organisation=host).user)
    content = client.get(report_url(arena, "arenas:report_csv")).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in content
    assert '\n"=HYPERLINK' not in content and ";=HYPERLINK" not in content


def pdf_text(content: bytes) -> str:
    """The text drawn in a ReportLab PDF (its content streams, decompressed)."""
    text = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.DOTALL):
        data = stream.strip()
        try:
            if data.endswith(b"~>"):
                data = base64.a85decode(data, adobe=True)
            data = zlib.decompress(data)
        except (ValueError, zlib.error):
            continue
        text.append(data.decode("latin-1"))
    return "\n".join(text)


def test_pdf_has_the_title_and_figures(client):
    scenario = build_scenario()
    response = client.get(report_url(scenario.arena, "arenas:report_pdf", "en"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="arena-{scenario.arena.pk}-rapport.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Samskapingsarena Telemark" in text
    assert "Participants by sector" in text
    assert "Skien bibliotek" in text
    assert "Skien helsestasjon" not in text
    assert "Kari Nordmann" not in text
    assert b"/Count " in response.content  # a page tree


def test_pdf_is_in_the_requests_language(client):
    scenario = build_scenario()
    response = client.get(report_url(scenario.arena, "arenas:report_pdf", "nn"))
    assert response.status_code == 200
    assert b"/Lang (nn)" in response.content
    english = client.get(report_url(scenario.arena, "arenas:report_pdf", "en"))
    assert b"/Lang (en)" in english.content


def test_pdf_copes_with_markup_and_characters_outside_latin_1(client):
    arena = past_arena(title="Árran ŋ 🎉 <b>&amp;</b> – “sitat”")
    register(arena, organisation_name="<i>Lag & venner</i>")
    host = OrganisationFactory()
    arena.hosts.add(host)
    client.force_login(MembershipFactory(organisation=host).user)
    response = client.get(report_url(arena, "arenas:report_pdf"))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "&lt;i&gt;" not in text
    # Shown as typed (ReportLab may draw it in several pieces).
    assert "(<i>Lag & venner</i>)" in text.replace(") Tj (", "")
