"""Without Chromium a browser test skips with a message saying how to enable it; with
REQUIRE_BROWSER=1 (as in CI) the same test fails instead. Checked in a child pytest."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.browser.conftest import NO_BROWSER

ROOT = Path(__file__).resolve().parents[2]
TARGET = "tests/browser/test_accessibility.py::test_axe_reports_a_real_violation"


def run_child(**env: str) -> subprocess.CompletedProcess[str]:
    child_env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REQUIRE_BROWSER", "CHROMIUM_PATH"} and not key.startswith("PYTEST_")
    }
    # Its own in-memory database, never the parent's test database.
    child_env.update({"DATABASE_URL": "sqlite://:memory:", **env})
    return subprocess.run(  # noqa: S603 - our own test suite with fixed arguments
        [sys.executable, "-m", "pytest", TARGET, "-p", "no:xdist", "-q", "-rs", "--no-migrations"],
        cwd=ROOT,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_missing_browser_skips_with_instructions_locally():
    result = run_child(CHROMIUM_PATH="/nonexistent/chromium")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout, result.stdout
    assert NO_BROWSER in result.stdout


def test_missing_browser_fails_when_required():
    result = run_child(CHROMIUM_PATH="/nonexistent/chromium", REQUIRE_BROWSER="1")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 skipped" not in result.stdout
    assert NO_BROWSER in result.stdout
    assert "REQUIRE_BROWSER=1" in result.stdout
