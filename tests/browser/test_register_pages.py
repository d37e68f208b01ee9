"""The coordinators' register pages: axe finds nothing in nb, nn and en, at 1280 and 320 px."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from samskap.directory.models import ImportRun, ImportRunIssue
from tests.browser.conftest import (
    NARROW,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    assert_no_page_errors,
)
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-passord-123"  # UserFactory's password


@pytest.fixture
def finished_run(reference_data):
    coordinator = UserFactory(email="koordinator@example.no", name="Kari Koordinator")
    coordinator.coordinator_for.add("40")
    EmailAddress.objects.create(
        user=coordinator, email=coordinator.email, verified=True, primary=True
    )
    now = timezone.now()
    run = ImportRun.objects.create(
        source=ImportRun.Source.API,
        county_id="40",
        started_by=coordinator,
        status=ImportRun.Status.SUCCEEDED,
        started_at=now,
        finished_at=now,
        read=120,
        created=100,
        unchanged=15,
        deactivated=3,
        skipped=2,
    )
    ImportRunIssue.objects.create(
        run=run,
        position=7,
        org_number="",
        action=ImportRunIssue.Action.SKIPPED,
        code=ImportRunIssue.Code.NO_ORG_NUMBER,
        reason="The record has no organisation number.",
    )
    ImportRunIssue.objects.create(
        run=run,
        position=12,
        org_number="974760673",
        action=ImportRunIssue.Action.DEACTIVATED,
        code=ImportRunIssue.Code.BANKRUPT,
        reason="Bankrupt.",
    )
    return coordinator, run


def log_in(page, email):
    page.goto("/konto/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_register_pages_have_no_axe_violations(page, finished_run, language):
    coordinator, run = finished_run
    log_in(page, coordinator.email)
    prefix = "" if language == "nb" else f"/{language}"
    for url in (f"{prefix}/aktorer/registeret/", f"{prefix}/aktorer/registeret/{run.pk}/"):
        page.set_viewport_size({"width": 1280, "height": 900})
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").count() == 1
        assert_no_axe_violations(page)
        page.set_viewport_size(NARROW)
        page.goto(url)
        assert_no_horizontal_scroll(page)
        assert_no_axe_violations(page)
    assert_no_page_errors(page)
