# Temporary ad-hoc check, deleted after use.
import os
import pytest
from tests.browser.conftest import axe_violations, format_violations, assert_no_horizontal_scroll
from tests.factories import OrganisationFactory, MembershipFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    p = sync_playwright().start()
    b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"], headless=True)
    yield b
    b.close(); p.stop()


@pytest.fixture
def page(browser, live_server):
    ctx = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    page.errors = errors
    yield page
    ctx.close()


def real_errors(page):
    return [e for e in page.errors if "/static/samskap/" not in e and "Failed to load resource" not in e]


def check(page):
    v = axe_violations(page)
    assert not v, format_violations(page.url, v)
    assert not real_errors(page), real_errors(page)


def test_pages(page, live_server):
    org = OrganisationFactory(name="Skien Røde Kors", slug="skien-rode-kors", target_groups=["children"], themes=["reading"], contact_email="a@b.no", website="https://x.example")
    OrganisationFactory.create_batch(30, target_groups=["seniors"])
    admin = MembershipFactory(organisation=org, role="admin", user__email="adm@example.no").user
    pending = MembershipFactory(organisation=org, status="pending", user__email="p@example.no", message="Hei")
    MembershipFactory(organisation=org, user__email="m@example.no")
    for lang in ("", "/nn", "/en"):
        page.goto(f"{lang}/aktorer/?municipality=9999")
        check(page)
        page.goto(f"{lang}/aktorer/skien-rode-kors/")
        check(page)
        page.goto(f"{lang}/")
        check(page)
    # htmx: change a filter select
    page.goto("/en/aktorer/")
    page.select_option("#id_target_group", "children")
    page.wait_for_function("() => document.getElementById('result-count').textContent.includes('1 organisation found')")
    assert "target_group=children" in page.url
    assert page.locator("#results a.ds-link").count() == 1
    # pagination via htmx
    page.goto("/en/aktorer/")
    page.click("nav.ds-pagination a:has-text('2')")
    page.wait_for_function("() => document.getElementById('result-count').textContent.includes('page 2 of 2')")
    assert "page=2" in page.url
    assert page.evaluate("() => document.activeElement.id") == "results-heading"
    check(page)
    # search via submit
    page.fill("#id_q", "Røde Kors")
    page.click("button:has-text('Search')")
    page.wait_for_function("() => document.getElementById('result-count').textContent.includes('1 organisation found')")
    check(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert_no_horizontal_scroll(page, 320)
    page.set_viewport_size({"width": 1280, "height": 900})
    # log in as admin via session cookie
    from django.test import Client
    c = Client(); c.force_login(admin)
    page.context.add_cookies([{"name": "sessionid", "value": c.cookies["sessionid"].value, "url": live_server.url}])
    page.goto("/en/aktorer/skien-rode-kors/medlemmer/")
    check(page)
    page.click("button:has-text('Approve')")
    page.wait_for_function("() => document.getElementById('members-feedback').textContent.includes('is now a member')")
    check(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert_no_horizontal_scroll(page, 320)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/en/aktorer/ny/")
    check(page)
    page.click("button:has-text('Register')")
    page.wait_for_selector(".ds-error-summary")
    check(page)
    page.goto("/en/aktorer/skien-rode-kors/rediger/")
    check(page)


def test_join_htmx(page, live_server):
    org = OrganisationFactory(name="Skien Røde Kors", slug="skien-rode-kors")
    MembershipFactory(organisation=org, role="admin")
    from tests.factories import UserFactory
    u = UserFactory(email="join@example.no")
    from django.test import Client
    c = Client(); c.force_login(u)
    page.context.add_cookies([{"name": "sessionid", "value": c.cookies["sessionid"].value, "url": live_server.url}])
    page.goto("/en/aktorer/skien-rode-kors/")
    check(page)
    page.click("summary:has-text('Ask to join')")
    page.fill("textarea[name=message]", "Hei")
    page.click("#membership button:has-text('Ask to join')")
    page.wait_for_selector("#membership :text('waiting for approval')")
    check(page)
    page.goto("/en/aktorer/skien-rode-kors/bli-medlem/")
    check(page)
