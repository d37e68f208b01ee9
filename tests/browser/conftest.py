"""Browser tests: Playwright for Python driving the system Chromium against pytest-django's
live server.

Locally, without Chromium, these tests skip with a message saying how to enable them. With
REQUIRE_BROWSER=1 (set by .ci/run) a missing browser, or any other skip of a browser test, is
a failure instead.

Each xdist worker starts its own live server (pytest-django's session-scoped `live_server`)
and its own Chromium, so the tests run in parallel workers.
"""

from __future__ import annotations

import json
import os
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_BROWSER = "Browser tests need Chromium: apt-get install chromium (or set CHROMIUM_PATH)"
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}

# Playwright's sync API runs an asyncio event loop in this thread, and Django refuses ORM calls
# from a thread with a running loop. The test code (fixtures, assertions on the database) is
# synchronous, so the guard is switched off for the worker that runs browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "on"}


def unavailable(reason: str) -> None:
    """Skip (locally) or fail (REQUIRE_BROWSER=1) because the browser cannot run."""
    if browser_required():
        pytest.fail(f"{reason} [REQUIRE_BROWSER=1 turns this skip into a failure]")
    pytest.skip(reason)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser test."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Under REQUIRE_BROWSER=1 a browser test must run: a skip of any kind fails it."""
    report = yield
    if report.skipped and browser_required() and item.get_closest_marker("browser"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"Browser test skipped, but REQUIRE_BROWSER=1 requires it: {reason}"
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium per xdist worker."""
    executable = os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM
    if not Path(executable).is_file():
        unavailable(NO_BROWSER)
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        unavailable("Browser tests need the playwright package: run `make deps`.")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
    except PlaywrightError as error:
        playwright.stop()
        unavailable(f"{NO_BROWSER}. Starting {executable} failed: {error}")
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page(browser: Browser, live_server: Any, reference_data: None) -> Iterator[Page]:
    """A fresh browser context (no cookies) on the live server, 1280 px wide.

    Console errors and uncaught exceptions are collected in `page.samskap_errors`, so tests can
    check that nothing (a Content Security Policy violation, say) went wrong in the page.
    """
    context = browser.new_context(
        base_url=live_server.url, viewport=WIDE, locale="nb-NO", timezone_id="Europe/Oslo"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "response",
        lambda r: errors.append(f"HTTP {r.status} for {r.url}") if r.status >= 400 else None,
    )
    page.samskap_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


def assert_no_page_errors(page: Page) -> None:
    """No console error, CSP violation or uncaught exception since the page fixture started."""
    errors: list[str] = page.samskap_errors  # type: ignore[attr-defined]
    assert not errors, "The page reported errors:\n" + "\n".join(f"  - {e}" for e in errors)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core (its default rule set) on the current page and return the violations.

    The script is evaluated through the DevTools protocol, which the page's strict CSP does not
    apply to, so the page under test keeps its real policy.
    """
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run `make frontend` (npm ci) first.")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => {
            const result = await window.axe.run(document, {resultTypes: ["violations"]});
            return {
                version: window.axe.version,
                checked: result.passes.length + result.violations.length
                    + result.incomplete.length + result.inapplicable.length,
                violations: result.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                    nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary})),
                })),
            };
        }"""
    )
    # A run that checked no rule at all would mean axe did not really run.
    assert result["checked"] > 0, f"axe {result['version']} ran no rules on {page.url}"
    return list(result["violations"])


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe found {len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:10]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    at {json.dumps(node['target'])}: {summary}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more elements")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, format_violations(page.url, violations)


def assert_no_horizontal_scroll(page: Page, width: int = 320) -> None:
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    if scroll_width > width:
        wide = page.evaluate(
            """(width) => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width + 1)
                .slice(0, 8)
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                     + (e.className && typeof e.className === 'string'
                        ? '.' + e.className.trim().split(/\\s+/).join('.') : ''))""",
            width,
        )
        pytest.fail(
            f"{page.url} scrolls sideways at {width} px: scrollWidth is {scroll_width}. "
            f"Elements reaching past the edge: {', '.join(wide)}"
        )


def check_focus_visible(page: Page) -> None:
    """The skip link is the first Tab stop, is visible when focused, and moves focus to main."""
    page.keyboard.press("Tab")
    skip = page.locator("a.ds-skip-link")
    focused = page.evaluate(
        "() => document.activeElement && document.activeElement.matches('a.ds-skip-link')"
    )
    assert focused, "The first Tab stop is not the skip link"
    assert skip.is_visible(), "The skip link is focused but not visible"
    box = skip.bounding_box()
    assert box and box["width"] > 1 and box["height"] > 1, f"Skip link is hidden: {box}"
    outline = page.evaluate(
        """() => {
            const s = getComputedStyle(document.activeElement);
            return {style: s.outlineStyle, width: parseFloat(s.outlineWidth),
                    shadow: s.boxShadow};
        }"""
    )
    assert (outline["style"] != "none" and outline["width"] > 0) or outline["shadow"] != "none", (
        f"The focused skip link shows no focus indicator: {outline}"
    )
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main'")
