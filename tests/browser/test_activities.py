"""The activities journey in a real browser, in Bokmål, Nynorsk and English: an organisation
publishes a recurring activity once, and residents find it in the calendar, through the
iCalendar feed the calendar links to, and on a partner's website through the embed script.
Axe checks the form, detail, calendar, embed and snippet-builder pages.

Fields are found by their `name` attributes, so the test does not depend on the wording of
labels, which change with the language.
"""

from __future__ import annotations

import datetime
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import icalendar
import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from samskap.activities.models import Activity
from samskap.activities.recurrence import OSLO
from tests.browser.conftest import (
    NARROW,
    WIDE,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    assert_no_page_errors,
)
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-passord-123"  # UserFactory's password
WEEKS = 10


def log_in(page, email: str) -> None:
    page.goto("/konto/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) button[type=submit]").click()


def first_tuesday_after(days: int) -> datetime.date:
    day = timezone.localdate(timezone=OSLO) + datetime.timedelta(days=days)
    return day + datetime.timedelta(days=(1 - day.weekday()) % 7)


def check_page(page, *, language: str) -> None:
    """The page is in `language`, has no axe violations at full width, and none (nor sideways
    scrolling) at 320 px."""
    assert page.locator("html").get_attribute("lang") == language
    assert_no_axe_violations(page)
    page.set_viewport_size(NARROW)
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    page.set_viewport_size(WIDE)


@pytest.fixture
def partner_site():
    """A partner's website on another origin: a real HTTP server on 127.0.0.1 that serves the
    page in `partner_site.page` for every path. (A page served by Playwright's routing would
    count as a public address, and Chromium refuses a public page's requests to the loopback
    live server.)"""
    site = SimpleNamespace(page="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            body = site.page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.origin = f"http://127.0.0.1:{server.server_address[1]}"
    yield site
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_publish_a_recurring_activity_and_find_it_in_calendar_feed_and_embed(
    page, live_server, settings, partner_site, language
):
    settings.EMBED_FRAME_ANCESTORS = ["https:", partner_site.origin]
    prefix = "" if language == "nb" else f"/{language}"
    organisation = OrganisationFactory(
        name=f"Strikkevenner Skien {language.upper()}", slug=f"strikkevenner-{language}"
    )
    member = MembershipFactory(
        organisation=organisation, user__email=f"strikk.{language}@example.no"
    ).user
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    title = f"Strikkekafé i Skien {language.upper()}"
    first = first_tuesday_after(7)
    last = first + datetime.timedelta(weeks=WEEKS - 1)

    # 1. A member publishes a weekly activity once.
    log_in(page, member.email)
    page.goto(f"{prefix}/aktiviteter/ny/")
    check_page(page, language=language)
    form = "form:has(input[name=title])"
    page.locator(f"{form} input[name=title]").fill(title)
    page.locator(f"{form} textarea[name=description]").fill(
        "Ta med strikketøyet og bli med på kaffe og prat. Nybegynnere er velkomne."
    )
    page.locator(f"{form} input[name=venue_name]").fill("Skien bibliotek")
    page.locator(f"{form} input[name=street_address]").fill("Henrik Ibsens gate 4")
    page.locator(f"{form} input[name=postal_code]").fill("3724")
    page.locator(f"{form} input[name=postal_place]").fill("Skien")
    page.locator(f"{form} select[name=municipality]").select_option("4003")
    page.locator(f"{form} input[name=date]").fill(first.isoformat())
    page.locator(f"{form} input[name=start_time]").fill("18:00")
    page.locator(f"{form} input[name=end_time]").fill("20:00")
    page.locator(f"{form} select[name=pattern]").select_option("weekly")
    page.locator(f"{form} input[name=repeat_until]").fill(last.isoformat())
    page.locator(f"{form} input[name=themes][value='{_theme_pk('crafts-maker')}']").check()
    with page.expect_navigation():
        page.locator(f"{form} button[name=publish]").click()

    activity = Activity.objects.get(title=title)
    assert activity.status == Activity.Status.PUBLISHED
    assert activity.rrule.startswith("FREQ=WEEKLY;UNTIL=")
    assert activity.occurrences.count() == WEEKS
    detail = f"{prefix}/aktiviteter/{activity.pk}/"
    assert urlsplit(page.url).path == detail
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert page.locator("script[type='application/ld+json']").count() == 1
    check_page(page, language=language)

    # 2. A resident (signed out) finds each occurrence in the calendar by a word form.
    page.context.clear_cookies()
    page.goto(f"{prefix}/aktiviteter/?q=strikking&municipality=4003")
    results = page.get_by_role("link", name=title)
    assert results.count() >= 2, "a recurring activity shows as its occurrences"
    check_page(page, language=language)

    # 3. The feed the calendar page links to carries the series as one event with its RRULE.
    feed_href = page.locator("link[rel=alternate][type='text/calendar']").get_attribute("href")
    assert feed_href, "the calendar links its iCalendar feed in <head>"
    response = page.request.get(urljoin(page.url, feed_href))
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    events = [
        event
        for event in icalendar.Calendar.from_ical(response.body()).walk("VEVENT")
        if str(event["SUMMARY"]) == title
    ]
    assert len(events) == 1
    event = events[0]
    assert str(event["UID"]).startswith(str(activity.uid))
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert event.decoded("DTSTART").astimezone(OSLO) == datetime.datetime.combine(
        first, datetime.time(18, 0), tzinfo=OSLO
    )
    assert urlsplit(str(event["URL"])).path.endswith(f"/aktiviteter/{activity.pk}/")

    # 4. The embed page lists it, and a partner's website shows it through the script snippet.
    page.goto(f"{prefix}/aktiviteter/innebygd/?organiser={organisation.slug}")
    assert page.get_by_role("link", name=title).count() >= 1
    check_page(page, language=language)

    snippet = (
        f'<script src="{live_server.url}/aktiviteter/innebygd.js" '
        f'data-organiser="{organisation.slug}" data-lang="{language}" data-limit="5" async>'
        "</script>"
    )
    partner_site.page = (
        f'<!doctype html><html lang="{language}"><head><title>Partner</title></head>'
        f"<body><main><h1>Skien frivilligsentral</h1>{snippet}</main></body></html>"
    )
    page.goto(f"{partner_site.origin}/")
    frame = page.frame_locator("iframe[title]")
    frame.get_by_role("link", name=title).first.wait_for()
    assert frame.get_by_role("link", name=title).count() >= 1

    # 5. The snippet builder, with the organisation's filter and a live preview.
    page.goto(f"{prefix}/aktiviteter/bygg-inn/?organiser={organisation.slug}")
    script_snippet = page.locator("#embed-snippet-script").input_value()
    assert f'data-organiser="{organisation.slug}"' in script_snippet
    assert organisation.slug in page.locator("#embed-snippet-iframe").input_value()
    page.frame_locator("iframe").first.get_by_role("link", name=title).first.wait_for()
    check_page(page, language=language)
    assert_no_page_errors(page)


def _theme_pk(slug: str) -> int:
    from samskap.directory.models import Theme

    return Theme.objects.get(slug=slug).pk
