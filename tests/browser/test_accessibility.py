"""axe-core (default rule set) finds nothing on the main public pages, in all three languages,
at 1280 px and at 320 px, and the pages work from the keyboard."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from samskap.directory.models import TargetGroup, Theme
from tests.browser.conftest import (
    NARROW,
    WIDE,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    assert_no_page_errors,
    check_focus_visible,
)
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["nb", "nn", "en"]
PAGES = ["home", "directory", "profile", "signup", "login"]


@pytest.fixture
def public_organisation(reference_data: None) -> Any:
    """A full profile, so the pages show every part: tags, contact details, places served."""
    organisation = OrganisationFactory(
        name="Porsgrunn frivilligsentral",
        slug="porsgrunn-frivilligsentral",
        home_municipality_id="4001",
        description="Frivilligsentralen samler folk som vil gjøre noe for andre.\n\nVelkommen!",
        website="https://frivilligsentral.example",
        contact_email="post@frivilligsentral.example",
        contact_name="Kari Nordmann",
        contact_phone="35 00 00 00",
        street_address="Storgata 1",
        postal_code="3921",
        postal_place="Porsgrunn",
    )
    organisation.target_groups.set(TargetGroup.objects.order_by("position")[:3])
    organisation.themes.set(Theme.objects.order_by("position")[:3])
    organisation.municipalities_served.set(["4003", "4005"])
    return organisation


def page_url(name: str, language: str, organisation: Any) -> str:
    with translation.override(language):
        if name == "home":
            return reverse("home")
        if name == "directory":
            return reverse("directory:list")
        if name == "profile":
            return reverse("directory:detail", kwargs={"slug": organisation.slug})
        if name == "signup":
            return reverse("account_signup")
        if name == "login":
            return reverse("account_login")
    raise ValueError(name)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_axe_violations(page, public_organisation, name, language):
    url = page_url(name, language, public_organisation)
    expected_prefix = "" if language == "nb" else f"/{language}/"
    assert url.startswith(expected_prefix)

    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url} answered {response.status}"
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1, f"{url} should have exactly one h1"
    assert_no_axe_violations(page)

    page.set_viewport_size(NARROW)
    page.goto(url)
    assert_no_horizontal_scroll(page, NARROW["width"])
    assert_no_axe_violations(page)
    assert_no_page_errors(page)


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("path", ["accessibility", "privacy", "missing"])
def test_site_pages_have_no_axe_violations(page, path, language):
    with translation.override(language):
        url = {
            "accessibility": reverse("core:accessibility"),
            "privacy": reverse("core:privacy"),
            "missing": reverse("home") + "finnes-ikke/",
        }[path]
    response = page.goto(url)
    assert response is not None
    assert response.status == (404 if path == "missing" else 200)
    assert page.locator("html").get_attribute("lang") == language
    assert_no_axe_violations(page)
    page.set_viewport_size(NARROW)
    page.goto(url)
    assert_no_horizontal_scroll(page, NARROW["width"])
    assert_no_axe_violations(page)


@pytest.mark.parametrize("name", PAGES)
def test_skip_link_is_first_tab_stop_and_moves_focus_to_main(page, public_organisation, name):
    page.goto(page_url(name, "nb", public_organisation))
    check_focus_visible(page)


def test_skip_link_works_at_320px(page, public_organisation):
    page.set_viewport_size(NARROW)
    page.goto(page_url("directory", "en", public_organisation))
    check_focus_visible(page)
    page.set_viewport_size(WIDE)


def test_axe_reports_a_real_violation(page):
    """The axe helper is not a no-op: a page with an unlabelled input fails it."""
    page.goto(reverse("home"))
    page.evaluate(
        """() => {
            const input = document.createElement('input');
            input.type = 'text';
            document.querySelector('main').appendChild(input);
        }"""
    )
    with pytest.raises(AssertionError, match="label"):
        assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_500_page_has_no_axe_violations(page, live_server, language):
    """The 500 page stands alone (no request context); serve its HTML from a route."""
    from django.test import RequestFactory
    from django.views import defaults

    with translation.override(language):
        html = defaults.server_error(RequestFactory().get("/")).content.decode()
    page.route(
        "**/server-error-preview/",
        lambda route: route.fulfill(status=500, body=html, content_type="text/html"),
    )
    page.goto(f"{live_server.url}/server-error-preview/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)
    page.set_viewport_size(NARROW)
    assert_no_horizontal_scroll(page, NARROW["width"])
    assert_no_axe_violations(page)
