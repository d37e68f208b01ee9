"""The main journey in a real browser: sign up, confirm the e-mail address from the link in the
test mailbox, register an organisation and find it in the directory, in Bokmål and Nynorsk.

Fields are found by their `name` attributes, so the test does not depend on the wording of
labels, which change when the catalogues are translated.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from samskap.directory.models import Kind, Membership, Organisation
from tests.browser.conftest import (
    NARROW,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    assert_no_page_errors,
)
from tests.factories import OrganisationFactory, valid_org_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Lesesal-og-bokbuss-2026"
LINK = re.compile(r"https?://[^\s<>\"]+")


def url(language: str, name: str, **kwargs: str) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def submit(page, form_selector: str) -> None:
    """Click the form's submit button and wait for the next page."""
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type=submit]").last.click()


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_sign_up_confirm_register_and_find_organisation(page, live_server, language):
    prefix = "" if language == "nb" else f"/{language}"
    email = f"kari.{language}@frivillig.example"
    name = f"Lesevenner Grenland {language.upper()}"
    org_number = valid_org_number(4321 if language == "nb" else 4322)

    # 1. Sign up.
    signup_url = url(language, "account_signup")
    assert signup_url.startswith(f"{prefix}/")
    page.goto(signup_url)
    assert page.locator("html").get_attribute("lang") == language
    form = "form:has(input[name=password1])"
    page.locator(f"{form} input[name=name]").fill("Kari Nordmann")
    page.locator(f"{form} input[name=email]").fill(email)
    page.locator(f"{form} input[name=password1]").fill(PASSWORD)
    page.locator(f"{form} input[name=password2]").fill(PASSWORD)
    mail.outbox.clear()
    submit(page, form)
    assert urlsplit(page.url).path.startswith(f"{prefix}/"), page.url
    assert page.locator("html").get_attribute("lang") == language
    assert_no_axe_violations(page)

    # 2. The confirmation e-mail reaches the test mailbox (the live server runs in this process),
    #    in the person's language, with a link to the page in that language.
    messages = [m for m in mail.outbox if email in m.to]
    assert len(messages) == 1, [(m.to, m.subject) for m in mail.outbox]
    links = [link for link in LINK.findall(messages[0].body) if "confirm" in link]
    assert links, messages[0].body
    confirm_path = urlsplit(links[0]).path
    assert confirm_path.startswith(f"{prefix}/konto/"), confirm_path

    # 3. Open the link and confirm; confirming logs the person in.
    page.goto(confirm_path)
    assert page.locator("html").get_attribute("lang") == language
    assert_no_axe_violations(page)
    submit(page, f"main form[action^='{prefix}/konto/confirm-email/']")
    assert urlsplit(page.url).path.startswith(f"{prefix}/"), page.url
    assert page.locator(f"form[action='{url(language, 'account_logout')}']").count() == 1

    # 4. Register an organisation.
    create_url = url(language, "directory:create")
    assert create_url == f"{prefix}/aktorer/ny/"
    page.goto(create_url)
    assert page.locator("html").get_attribute("lang") == language
    assert_no_axe_violations(page)
    form = "form:has(input[name=org_number])"
    page.locator(f"{form} input[name=name]").fill(name)
    page.locator(f"{form} input[name=org_number]").fill(
        f"{org_number[:3]} {org_number[3:6]} {org_number[6:]}"
    )
    page.locator(f"{form} select[name=kind]").select_option("voluntary")
    page.locator(f"{form} select[name=home_municipality]").select_option("4003")
    page.locator(f"{form} input[name=target_groups]").first.check()
    page.locator(f"{form} input[name=themes]").first.check()
    page.locator(f"{form} textarea[name=description]").fill(
        "Frivillige som leser høyt for barn og eldre i Skien og Porsgrunn."
    )
    page.locator(f"{form} input[name=contact_email]").fill("post@lesevenner.example")
    page.locator(f"{form} input[name=public]").check()
    submit(page, form)

    organisation = Organisation.objects.get(org_number=org_number)
    assert organisation.name == name
    assert organisation.public
    assert Membership.objects.filter(
        organisation=organisation, user__email=email, role=Membership.Role.ADMIN
    ).exists()
    assert urlsplit(page.url).path == url(language, "directory:detail", slug=organisation.slug)
    assert page.get_by_role("heading", level=1).inner_text() == name
    assert_no_axe_violations(page)

    # 5. Find it in the directory, by search, and open its profile from the results.
    page.goto(f"{url(language, 'directory:list')}?q=Lesevenner")
    assert page.locator("html").get_attribute("lang") == language
    result = page.get_by_role("link", name=name)
    assert result.count() == 1
    assert_no_axe_violations(page)
    page.set_viewport_size(NARROW)
    assert_no_horizontal_scroll(page, NARROW["width"])
    with page.expect_navigation():
        result.click()
    assert urlsplit(page.url).path == url(language, "directory:detail", slug=organisation.slug)
    assert_no_page_errors(page)


def test_directory_search_without_match_says_so(page):
    page.goto(f"{url('en', 'directory:list')}?q=Finnesikkelag")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Finnesikkelag").count() == 0
    assert_no_axe_violations(page)


def test_directory_filter_updates_results_in_place_with_htmx(page):
    """With JavaScript, choosing a filter updates the results through htmx (under the strict
    CSP, with no errors) and puts the filter in the address, without reloading the page."""
    OrganisationFactory(name="Skien bibliotek", kind=Kind.LIBRARY)
    OrganisationFactory(name="Skien sjakklubb", kind=Kind.VOLUNTARY)
    page.goto(url("en", "directory:list"))
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("() => { window.stillTheSamePage = true; }")
    assert page.get_by_role("link", name="Skien sjakklubb").count() == 1

    page.locator("select[name=kind]").select_option("library")
    page.wait_for_url("**kind=library**")
    page.get_by_role("link", name="Skien sjakklubb").wait_for(state="detached")
    assert page.get_by_role("link", name="Skien bibliotek").count() == 1
    assert page.evaluate("() => window.stillTheSamePage === true"), "the page was reloaded"
    assert_no_page_errors(page)
    assert_no_axe_violations(page)
