"""The arenas journey in a real browser: a person registers for an arena, gets the
confirmation e-mail, opens their personal link and goes on to the live wall; a second person
joins the same wall with the join code in another browser; a contribution posted on one page
appears on the other without reloading, and support given on the other comes back. Axe checks
the arena, registration, live wall (in Bokmål and Nynorsk) and report pages, at full width and
at 320 px.

Fields are found by their `name` attributes, so the test does not depend on the wording of
labels, which change with the language.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail

from samskap.arenas.models import Contribution, Registration
from tests.browser.conftest import (
    NARROW,
    WIDE,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    assert_no_page_errors,
)
from tests.factories import ArenaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Long enough for a few 3-second polls of the wall.
LIVE_TIMEOUT_MS = 10_000


def check_page(page, *, language: str = "nb") -> None:
    """The page is in `language`, has no axe violations at full width, and none (nor sideways
    scrolling) at 320 px."""
    assert page.locator("html").get_attribute("lang") == language
    assert_no_axe_violations(page)
    page.set_viewport_size(NARROW)
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    page.set_viewport_size(WIDE)


def register(page, arena) -> None:
    page.goto(f"/arenaer/{arena.pk}/pamelding/")
    check_page(page)
    form = page.locator("form:has(input[name=organisation_name])")
    form.locator("input[name=name]").fill("Kari Nordmann")
    form.locator("input[name=email]").fill("kari.nordmann@example.no")
    form.locator("input[name=organisation_name]").fill("Skien bibliotek")
    form.locator("input[name=sector][value=library]").check()
    form.locator("select[name=municipality]").select_option("4003")
    form.locator("input[name=show_to_participants]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_register_then_meet_on_the_live_wall(page, browser, live_server):
    arena = ArenaFactory(wall_open=True, title="Samskapingsarena Telemark")
    # The public arena page.
    page.goto(f"/arenaer/{arena.pk}/")
    assert "Samskapingsarena Telemark" in page.locator("h1").inner_text()
    check_page(page)

    # Register through the form, and get the confirmation with the personal link.
    register(page, arena)
    registration = Registration.objects.get(arena=arena, email="kari.nordmann@example.no")
    assert registration.status == Registration.Status.CONFIRMED
    assert len(mail.outbox) == 1
    confirmation = mail.outbox[0]
    assert confirmation.to == ["kari.nordmann@example.no"]
    links = re.findall(rf"https?://\S+/arenaer/{arena.pk}/meg/[^/\s]+/", confirmation.body)
    assert links, confirmation.body
    personal = links[0].split("/arenaer/", 1)[1]

    # The personal link, opened in a fresh browser (as from the e-mail), recognises the person
    # and leads to the live wall.
    first = browser.new_context(base_url=live_server.url, viewport=WIDE, locale="nb-NO")
    first.set_default_timeout(15_000)
    kari = first.new_page()
    kari_errors: list[str] = []
    kari.on("pageerror", lambda error: kari_errors.append(str(error)))
    kari.on("console", lambda m: kari_errors.append(m.text) if m.type == "error" else None)
    kari.goto(f"/arenaer/{personal}")
    assert "Kari Nordmann" in kari.content()
    with kari.expect_navigation():
        kari.locator(f"a[href='/arenaer/{arena.pk}/vegg/']").first.click()
    assert kari.url.endswith(f"/arenaer/{arena.pk}/vegg/")
    assert kari.locator("textarea[name=text]").is_visible()
    check_page(kari)

    # A second person joins the same wall with the join code, typed in lower case with a space.
    page.context.clear_cookies()
    page.goto("/arenaer/bli-med/")
    check_page(page)
    code = arena.join_code
    page.locator("input[name=code]").fill(f"{code[:4].lower()} {code[4:].lower()}")
    page.locator("input[name=name]").fill("Ola")
    with page.expect_navigation():
        page.locator("form:has(input[name=code]) button[type=submit]").click()
    assert page.url.endswith(f"/arenaer/{arena.pk}/vegg/")

    # Kari posts an idea (htmx, no reload); it appears on Ola's page by itself.
    text = "Lesestund på arabisk og norsk i samarbeid med frivilligsentralen"
    kari.locator("input[name=kind][value=idea]").check()
    kari.locator("textarea[name=text]").fill(text)
    kari.locator("#post-submit").click()
    kari.locator("#wall").get_by_text(text).wait_for()
    assert kari.locator("textarea[name=text]").input_value() == ""
    assert kari.locator("#wall-status").inner_text()  # "Your contribution is on the wall."
    ola_wall = page.locator("#wall")
    ola_wall.get_by_text(text).wait_for(timeout=LIVE_TIMEOUT_MS)
    assert page.locator("#wall-status").inner_text().startswith("1 ")
    contribution = Contribution.objects.get(arena=arena)
    assert contribution.registration_id == registration.pk

    # Ola supports it; Kari sees the support count change without reloading.
    vote = page.locator(f"#vote-{contribution.pk}")
    vote.click()
    page.locator(f"#vote-{contribution.pk}[aria-pressed=true]").wait_for()
    kari.locator(f"#c{contribution.pk} .wall-card__actions > span").filter(
        has_text=re.compile(r"^1\b")
    ).wait_for(timeout=LIVE_TIMEOUT_MS)
    assert kari.locator(f"#vote-{contribution.pk}").get_attribute("aria-pressed") == "false"
    contribution.refresh_from_db()
    assert contribution.vote_count == 1
    check_page(page)

    # The wall in Nynorsk.
    page.goto(f"/nn/arenaer/{arena.pk}/vegg/")
    assert page.locator(f"#c{contribution.pk}").is_visible()
    check_page(page, language="nn")

    # The public report.
    page.goto(f"/arenaer/{arena.pk}/rapport/")
    check_page(page)

    assert_no_page_errors(page)
    assert not kari_errors, kari_errors
    first.close()
