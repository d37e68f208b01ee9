"""axe-core finds nothing on the activity pages — the calendar's three views, an activity
(one-off, series, cancelled), the sign-up page and the organiser's and moderator's pages — in
all three languages, at 1280 px and at 320 px without sideways scrolling; the skip link works
from the keyboard."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress

from samskap.activities.models import Activity
from tests.browser.conftest import (
    NARROW,
    WIDE,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    assert_no_page_errors,
    check_focus_visible,
)
from tests.factories import ActivityFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-passord-123"  # UserFactory's password
LANGUAGES = ["nb", "nn", "en"]


@pytest.fixture
def activities(reference_data: None) -> dict[str, Any]:
    organisation = OrganisationFactory(name="Skien frivilligsentral", slug="skien-frivilligsentral")
    member = MembershipFactory(organisation=organisation, user__email="arr@example.no").user
    coordinator = UserFactory(email="koord@example.no")
    coordinator.coordinator_for.add("40")
    for user in (member, coordinator):
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    series = ActivityFactory(
        organiser=organisation,
        title="Strikkekafé på biblioteket",
        rrule="FREQ=WEEKLY;COUNT=12",
        exdates=[],
        target_groups=["seniors", "adults"],
        themes=["crafts-maker"],
        languages=["nb", "uk"],
        signup=Activity.SignUp.PLATFORM,
        capacity=12,
        step_free=True,
        hearing_loop=True,
        is_free=False,
        price="50.00",
        price_details="Kaffe og vafler inkludert",
    )
    cancelled = ActivityFactory(
        organiser=organisation,
        title="Bokbad med lokal forfatter",
        status=Activity.Status.CANCELLED,
        cancel_reason="Forfatteren er dessverre syk.",
    )
    draft = ActivityFactory(organiser=organisation, title="Eventyrstund", status="draft")
    return {
        "member": member,
        "coordinator": coordinator,
        "series": series,
        "cancelled": cancelled,
        "draft": draft,
    }


def log_in(page, email: str) -> None:
    page.goto("/konto/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) button[type=submit]").click()


def check(page, url: str, language: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url} answered {response.status}"
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1, f"{url} should have exactly one h1"
    assert_no_axe_violations(page)
    check_focus_visible(page)
    page.set_viewport_size(NARROW)
    page.goto(url)
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    page.set_viewport_size(WIDE)


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_activity_pages(page, activities, language):
    prefix = "" if language == "nb" else f"/{language}"
    series, cancelled = activities["series"], activities["cancelled"]
    for url in (
        f"{prefix}/aktiviteter/",
        f"{prefix}/aktiviteter/?view=week",
        f"{prefix}/aktiviteter/?view=month",
        f"{prefix}/aktiviteter/?q=strikking&access=step_free",
        f"{prefix}/aktiviteter/?municipality=9999&date_from=nonsense",
        f"{prefix}/aktiviteter/{series.pk}/",
        f"{prefix}/aktiviteter/{cancelled.pk}/",
        f"{prefix}/aktiviteter/{series.pk}/pamelding/",
        f"{prefix}/aktiviteter/bygg-inn/",
    ):
        check(page, url, language)
    assert_no_page_errors(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_organiser_and_moderator_pages(page, activities, language):
    prefix = "" if language == "nb" else f"/{language}"
    series, draft = activities["series"], activities["draft"]
    log_in(page, activities["member"].email)
    for url in (
        f"{prefix}/aktiviteter/mine/",
        f"{prefix}/aktiviteter/{draft.pk}/",
        f"{prefix}/aktiviteter/{series.pk}/rediger/",
        f"{prefix}/aktiviteter/{series.pk}/avlys/",
        f"{prefix}/aktiviteter/{series.pk}/pameldte/",
    ):
        check(page, url, language)

    # A form sent with bad input shows its errors accessibly and keeps what was typed.
    page.goto(f"{prefix}/aktiviteter/{series.pk}/rediger/")
    page.locator("input[name=end_time]").fill("17:00")
    page.locator("input[name=title]").fill("Strikkekafé med nytt navn")
    with page.expect_navigation():
        page.locator("form:has(input[name=title]) button[type=submit][name=save]").click()
    assert page.locator("input[name=title]").input_value() == "Strikkekafé med nytt navn"
    assert page.locator("[aria-invalid=true]").count() >= 1
    assert_no_axe_violations(page)

    page.context.clear_cookies()
    log_in(page, activities["coordinator"].email)
    check(page, f"{prefix}/aktiviteter/{series.pk}/skjul/", language)
    assert_no_page_errors(page)
