"""axe-core finds nothing on the finished arena pages — registration and the personal page
behind the signed link, the hosts' participant list, cancelling, message and invitations, the
breakout groups and their printable page, and the report (public and hosts') — at 1280 px and
at 320 px without sideways scrolling, in the right language and without page errors (a CSP
violation, say). Attendance can be marked from the keyboard."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from samskap.arenas.models import BreakoutGroup, Contribution, Registration
from samskap.arenas.services import groups as group_services
from samskap.arenas.tokens import make_token
from tests.browser.conftest import (
    NARROW,
    WIDE,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    assert_no_page_errors,
    check_focus_visible,
)
from tests.factories import (
    ArenaFactory,
    MembershipFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-passord-123"  # UserFactory's password

# (name, sector, municipality, shows name, accessibility needs, food)
PEOPLE = [
    ("Kari Nordmann", "library", "4003", True, "Rullestol, trenger heis", ""),
    ("Ola Hansen", "voluntary", "4001", False, "", "Glutenfri"),
    ("Aisha Ali", "culture", "4005", True, "", ""),
    ("Per Berg", "public_health", "4012", False, "Teleslynge", "Vegetar"),
    ("Ingrid Lie", "voluntary", "4003", True, "", ""),
    ("Jonas Dahl", "education", "3905", False, "", ""),
]


def _verified(user: Any) -> Any:
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _registrations(arena: Any, organisations: list[Any], *, attended: bool) -> list[Any]:
    """The six people with places (some marked present when `attended`), two on the waiting
    list, one cancelled; consent to show the name is mixed."""
    now = timezone.now()
    people = []
    for index, (name, sector, municipality, shows, access, food) in enumerate(PEOPLE):
        is_present = attended and index != 3
        people.append(
            RegistrationFactory(
                arena=arena,
                name=name,
                organisation=organisations[index % len(organisations)],
                organisation_name="",
                sector=sector,
                municipality_id=municipality,
                role="Rådgiver" if index % 2 else "",
                show_to_participants=shows,
                accessibility_needs=access,
                dietary_needs=food,
                status="attended" if is_present else "confirmed",
                attended_at=now if is_present else None,
            )
        )
    # One person typed an organisation that is not in the directory.
    Registration.objects.filter(pk=people[5].pk).update(
        organisation=None, organisation_name="Grenland seniorforum"
    )
    for offset, name in enumerate(("Eva Strand", "Nils Moe")):
        RegistrationFactory(
            arena=arena,
            name=name,
            status="waitlisted",
            waitlisted_at=now + datetime.timedelta(minutes=offset),
            show_to_participants=bool(offset),
        )
    RegistrationFactory(arena=arena, name="Tone Vik", status="cancelled", cancelled_at=now)
    return people


def _groups_and_wall(arena: Any, coordinator: Any) -> None:
    group_services.rounds_generate(
        arena=arena, group_size=3, rounds=2, mode="mixed", seed=7, by=coordinator
    )
    for group in BreakoutGroup.objects.filter(round__arena=arena):
        group.video_url = f"https://video.example.no/rom-{group.round.number}-{group.number}"
        group.save(update_fields=["video_url"])
    group_services.groups_publish(arena=arena, by=coordinator)
    questions = list(arena.questions.all())
    people = list(arena.registrations.holding_place())
    texts = [
        "Lesestund på norsk for nye innbyggere, sammen med frivilligsentralen.",
        "Felles kalender for kultur og folkehelse i kommunen.",
        "Turgruppe med lydbok for seniorer.",
        "Bibliotekets møterom gratis for lag og foreninger.",
    ]
    for index, text in enumerate(texts):
        person = people[index % len(people)]
        Contribution.objects.create(
            arena=arena,
            question=questions[index % len(questions)],
            registration=person,
            author_key=f"r{person.pk}",
            author_name=person.name,
            kind="idea" if index % 2 else "answer",
            text=text,
            vote_count=3 - index % 3,
        )


@pytest.fixture
def arenas(reference_data: None) -> dict[str, Any]:
    coordinator = _verified(UserFactory(email="koord@example.no", name="Kari Koordinator"))
    coordinator.coordinator_for.add("40")
    host = OrganisationFactory(name="Skien bibliotek", slug="skien-bibliotek", kind="library")
    _verified(MembershipFactory(organisation=host, user__email="vert@example.no").user)
    organisations = [
        host,
        OrganisationFactory(name="Porsgrunn frivilligsentral", slug="porsgrunn-frivilligsentral"),
        OrganisationFactory(name="Notodden kulturskole", slug="notodden-kulturskole", public=False),
    ]
    OrganisationFactory(name="Bamble idrettslag", slug="bamble-idrettslag")

    upcoming = ArenaFactory(
        title="Samskapingsarena Telemark",
        format="hybrid",
        place_name="Skien bibliotek",
        street_address="Henrik Ibsens gate 4",
        postal_code="3724",
        postal_place="Skien",
        municipality_id="4003",
        hosts=[host],
        capacity=6,
    )
    upcoming.programme.create(title="Velkommen og kaffe", starts_at=upcoming.starts_at)
    upcoming.programme.create(
        title="Grupper: hva kan vi skape sammen?",
        starts_at=upcoming.starts_at + datetime.timedelta(minutes=30),
        ends_at=upcoming.starts_at + datetime.timedelta(hours=2),
        description="Tre runder i blandede grupper.",
    )
    people = _registrations(upcoming, organisations, attended=False)
    _groups_and_wall(upcoming, coordinator)

    now = timezone.now()
    past = ArenaFactory(
        title="Samskapingsarena Grenland 2021",
        format="physical",
        video_url="",
        place_name="Porsgrunn bibliotek",
        municipality_id="4001",
        hosts=[host],
        starts_at=now - datetime.timedelta(days=20),
        ends_at=now - datetime.timedelta(days=20) + datetime.timedelta(hours=3),
        registration_opens=now - datetime.timedelta(days=60),
        registration_closes=now - datetime.timedelta(days=21),
    )
    _registrations(past, organisations, attended=True)
    _groups_and_wall(past, coordinator)
    return {
        "coordinator": coordinator,
        "upcoming": upcoming,
        "past": past,
        "person": Registration.objects.get(pk=people[0].pk),
        "waitlisted": upcoming.registrations.waitlisted().first(),
    }


def log_in(page: Any, email: str) -> None:
    page.goto("/konto/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) button[type=submit]").click()


def check_current(page: Any, language: str) -> None:
    """The page now shown: in `language`, one h1, no axe violations at 1280 px nor at 320 px,
    no sideways scrolling at 320 px."""
    assert page.locator("html").get_attribute("lang") == language, page.url
    assert page.locator("h1").count() == 1, f"{page.url} should have exactly one h1"
    page.set_viewport_size(WIDE)
    assert_no_axe_violations(page)
    page.set_viewport_size(NARROW)
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    page.set_viewport_size(WIDE)


def check(page: Any, url: str, language: str = "nb", status: int = 200) -> None:
    page.set_viewport_size(WIDE)
    response = page.goto(url)
    assert response is not None and response.status == status, f"{url} answered {response}"
    assert "/konto/login" not in page.url, f"{url} sent us to log in"
    check_focus_visible(page)
    check_current(page, language)


def submit(page: Any, form: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").first.click()


def forget_expected_error(page: Any, status: int) -> None:
    """Drop the console's report of a status the test asked for (the invalid-link page)."""
    errors: list[str] = page.samskap_errors
    errors[:] = [
        e
        for e in errors
        if not e.startswith(f"HTTP {status} ")
        and f"status of {status}" not in e  # Chromium's "Failed to load resource" line
    ]


def test_registration_pages(page, arenas):
    arena, person = arenas["upcoming"], arenas["person"]
    for prefix, language in (("", "nb"), ("/nn", "nn")):
        register = f"{prefix}/arenaer/{arena.pk}/pamelding/"
        check(page, register, language)
        # Sent empty: the error summary and the fields' messages.
        submit(page, "form:has(input[name=name])")
        assert page.locator(".ds-error-summary").is_visible()
        assert page.locator("[aria-invalid=true]").count() >= 3
        check_current(page, language)

    # Registered already: the form says so and offers to send the link again.
    page.locator("input[name=name]").fill("Kari Nordmann")
    page.locator("#id_email").fill(person.email)
    page.locator("input[name=organisation_name]").fill("Skien bibliotek")
    page.locator("select[name=municipality]").select_option("4003")
    submit(page, "form:has(input[name=name])")
    assert page.locator("input[name=resend][type=hidden]").count() >= 1
    check_current(page, "nn")

    token = make_token(person)
    personal = f"/arenaer/{arena.pk}/meg/{token}/"
    check(page, personal)
    assert page.locator("#my-groups-heading").is_visible(), "the published groups are missing"
    check(page, f"{personal}endre/")
    page.locator("input[name=name]").fill("")
    page.locator("#id_email").fill("ikke-en-adresse")
    submit(page, "form:has(input[name=name])")
    assert page.locator(".ds-error-summary").is_visible()
    check_current(page, "nb")
    check(page, f"{personal}avmeld/")
    waitlisted = arenas["waitlisted"]
    check(page, f"/arenaer/{arena.pk}/meg/{make_token(waitlisted)}/")

    check(page, f"/arenaer/{arena.pk}/meg/{token[:-4]}abcd/", status=400)
    forget_expected_error(page, 400)
    check(page, f"/nn/arenaer/{arena.pk}/meg/{token}x/", "nn", status=400)
    forget_expected_error(page, 400)
    assert_no_page_errors(page)


def test_host_pages(page, arenas):
    arena, person = arenas["upcoming"], arenas["person"]
    log_in(page, arenas["coordinator"].email)
    check(page, f"/arenaer/{arena.pk}/deltakere/")
    check(page, f"/arenaer/{arena.pk}/deltakere/?status=waitlisted")
    check(page, f"/nn/arenaer/{arena.pk}/deltakere/", "nn")
    check(page, f"/arenaer/{arena.pk}/deltakere/{person.pk}/avmeld/")
    check(page, f"/arenaer/{arena.pk}/melding/")
    submit(page, "form:has(textarea[name=body])")
    assert page.locator(".ds-error-summary").is_visible()
    check_current(page, "nb")
    check(page, f"/arenaer/{arena.pk}/inviter/")
    assert page.get_by_text("Bamble idrettslag").count() >= 1
    submit(page, "form[method=post]:has(input[name=organisations])")
    assert page.locator(".ds-error-summary").is_visible()
    check_current(page, "nb")
    check(page, f"/arenaer/{arena.pk}/grupper/")
    assert page.locator(".arenas-group").count() >= 4
    page.locator("input[name=group_size]").fill("0")
    submit(page, "form:has(input[name=group_size])")
    assert page.locator(".ds-error-summary").is_visible()
    check_current(page, "nb")
    check(page, f"/arenaer/{arena.pk}/grupper/utskrift/")
    assert page.locator("button[data-print]").is_visible()
    assert_no_page_errors(page)


def test_report_pages(page, arenas):
    past = arenas["past"]
    report = f"/arenaer/{past.pk}/rapport/"
    check(page, report)
    assert page.locator("svg.arena-chart__svg").count() >= 3
    assert page.get_by_text("Notodden kulturskole").count() == 0, "not public: not named"
    check(page, f"/nn{report}", "nn")
    log_in(page, arenas["coordinator"].email)
    check(page, report)
    assert page.get_by_text("Notodden kulturskole").count() >= 1, "hosts see every organisation"
    assert_no_page_errors(page)


def test_attendance_from_the_keyboard(page, arenas):
    arena, person = arenas["upcoming"], arenas["person"]
    log_in(page, arenas["coordinator"].email)
    page.goto(f"/arenaer/{arena.pk}/deltakere/")
    page.locator(f"#registration-{person.pk} a[href^=mailto]").focus()
    button_id = f"attendance-{person.pk}"
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == button_id:
            break
    else:
        pytest.fail("Tab never reached the attendance button of the row")
    assert page.locator(f"#{button_id}").get_attribute("aria-pressed") == "false"

    with page.expect_response(lambda r: "/oppmote/" in r.url):
        page.keyboard.press("Enter")
    button = page.locator(f"#{button_id}[aria-pressed=true]")
    button.wait_for()
    person.refresh_from_db()
    assert person.status == Registration.Status.ATTENDED
    assert person.attended_at is not None
    # Still a full page (not a redirect): htmx swapped the row, and focus stayed on its button.
    assert page.url.endswith(f"/arenaer/{arena.pk}/deltakere/")
    focus = page.evaluate(
        """() => {
            const e = document.activeElement;
            const s = getComputedStyle(e);
            return {id: e.id, row: e.closest('tr') && e.closest('tr').id,
                    visible: !!(e.offsetWidth || e.offsetHeight),
                    outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
                    shadow: s.boxShadow};
        }"""
    )
    assert focus["row"] == f"registration-{person.pk}", f"focus left the row: {focus}"
    assert focus["visible"], f"the focused control is not visible: {focus}"
    assert (focus["outline"] != "none" and focus["width"] > 0) or focus["shadow"] != "none", (
        f"the focused control shows no focus indicator: {focus}"
    )
    # The counts were swapped in too: the second figure is the number present.
    present = Registration.objects.filter(arena=arena, status="attended").count()
    assert page.locator("#participant-counts li strong").nth(1).inner_text() == str(present)

    # Space takes the mark away again.
    with page.expect_response(lambda r: "/oppmote/" in r.url):
        page.keyboard.press("Space")
    page.locator(f"#{button_id}[aria-pressed=false]").wait_for()
    person.refresh_from_db()
    assert person.status == Registration.Status.CONFIRMED
    assert_no_axe_violations(page)
    assert_no_page_errors(page)


def test_organisation_suggestions_come_as_people_type(page, monkeypatch):
    """In a county with more organisations than the page carries, the suggestions of the
    organisation field are fetched as the person types (the live server runs in this
    process, so the limit can be lowered here)."""
    from samskap.arenas.selectors import registration as registration_selectors

    monkeypatch.setattr(registration_selectors, "SUGGESTIONS_IN_PAGE", 2)
    arena = ArenaFactory()
    for name in ("Skien Røde Kors", "Bamble Røde Kors", "Skien turlag"):
        OrganisationFactory(name=name, home_municipality_id="4003")
    page.goto(f"/arenaer/{arena.pk}/pamelding/")
    datalist = page.locator("datalist option")
    assert datalist.count() == 0
    with page.expect_response(lambda r: "/pamelding/aktorer/" in r.url):
        page.locator("input[name=organisation_name]").press_sequentially("røde")
    page.wait_for_function("() => document.querySelectorAll('datalist option').length === 2")
    values = sorted(datalist.evaluate_all("options => options.map(o => o.value)"))
    assert values == ["Bamble Røde Kors", "Skien Røde Kors"]
    assert_no_page_errors(page)
