import pytest
from tests.browser.conftest import NARROW, WIDE, assert_no_axe_violations, assert_no_horizontal_scroll, assert_no_page_errors
from tests.factories import ArenaFactory, RegistrationFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_arena_pages(page):
    coordinator = UserFactory(email="koord@example.no")
    coordinator.coordinator_for.add("40")
    from allauth.account.models import EmailAddress
    EmailAddress.objects.create(user=coordinator, email=coordinator.email, verified=True, primary=True)
    org = OrganisationFactory(name="Vert")
    arena = ArenaFactory(hosts=[org], format="hybrid", place_name="Skien bibliotek", municipality_id="4003")
    arena.programme.create(title="Velkommen", starts_at=arena.starts_at)
    RegistrationFactory.create_batch(3, arena=arena)
    ArenaFactory(status="cancelled", cancel_reason="Sykdom")
    page.goto("/konto/login/")
    page.locator("input[name=login]").fill("koord@example.no")
    page.locator("input[name=password]").fill("demo-passord-123")
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) button[type=submit]").click()
    for url in ["/arenaer/", "/arenaer/?when=past", f"/arenaer/{arena.pk}/", "/arenaer/ny/", f"/arenaer/{arena.pk}/rediger/", "/arenaer/mine/", f"/arenaer/{arena.pk}/avlys/", "/"]:
        for size in (WIDE, NARROW):
            page.set_viewport_size(size)
            r = page.goto(url)
            assert r.status == 200, url
            assert "/konto/login" not in page.url, url
            assert_no_axe_violations(page)
            if size == NARROW:
                assert_no_horizontal_scroll(page)
    page.set_viewport_size(WIDE)
    page.goto("/arenaer/ny/")
    before = page.locator('[data-rows="programme"] [data-row]').count()
    print("ERRORS", getattr(page, "samskap_errors", None))
    print(page.evaluate("Array.from(document.scripts).map(s => s.src)"))
    print(page.locator('button[data-add-row="programme"]').evaluate("b => b.outerHTML"))
    page.locator('button[data-add-row="programme"]').click()
    assert page.locator('[data-rows="programme"] [data-row]').count() == before + 1
    assert page.locator('input[name="programme-TOTAL_FORMS"]').input_value() == str(before + 1)
    assert page.locator(f'input[name="programme-{before}-title"]').count() == 1
    assert_no_axe_violations(page)
    # error page with a submit
    page.locator("#id_title").fill("Test")
    with page.expect_navigation():
        page.locator('button[name="save"]').click()
    assert_no_axe_violations(page)
    assert_no_page_errors(page)
    page.goto(f"/nn/arenaer/{arena.pk}/")
    assert_no_axe_violations(page)
