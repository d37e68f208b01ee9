"""Security basics: a strict Content Security Policy, no inline script or style in our pages,
a clean `check --deploy` with production settings, secure cookies and HSTS, inert user text."""

from __future__ import annotations

import json
import os
import secrets
import string
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import OrganisationFactory

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


def csp_directives(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


class InlineCodeFinder(HTMLParser):
    """Collects inline scripts, inline event handlers, style attributes and <style> elements."""

    DATA_TYPES = {"application/ld+json", "application/json"}

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.scripts_with_src: list[str] = []
        self._inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script":
            if attributes.get("src"):
                self.scripts_with_src.append(attributes["src"] or "")
            elif (attributes.get("type") or "").lower() not in self.DATA_TYPES:
                self._inline_script = True
                self.problems.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.problems.append(f"<style> element at line {self.getpos()[0]}")
        for name, _value in attrs:
            if name == "style":
                self.problems.append(f'style="..." on <{tag}> at line {self.getpos()[0]}')
            if name.startswith("on"):
                self.problems.append(f"{name}= handler on <{tag}> at line {self.getpos()[0]}")
            if name.startswith("hx-on"):
                self.problems.append(f"{name} (needs eval) on <{tag}> at line {self.getpos()[0]}")


def inline_code(html: str) -> InlineCodeFinder:
    finder = InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder


@pytest.fixture
def organisation_for_pages(db):
    return OrganisationFactory(name="Skien frivilligsentral", slug="skien-frivilligsentral")


def main_pages(organisation) -> list[str]:
    urls = []
    for language in ("nb", "en"):
        with translation.override(language):
            urls += [
                reverse("home"),
                reverse("directory:list"),
                reverse("directory:detail", kwargs={"slug": organisation.slug}),
                reverse("account_login"),
                reverse("account_signup"),
                reverse("core:accessibility"),
                reverse("core:privacy"),
            ]
    return urls


def test_csp_header_is_strict_on_every_main_page(client, organisation_for_pages):
    for url in main_pages(organisation_for_pages):
        response = client.get(url)
        assert response.status_code == 200, url
        header = response.headers.get("Content-Security-Policy")
        assert header, f"{url} has no Content-Security-Policy header"
        directives = csp_directives(header)
        assert directives.get("script-src") == ["'self'"], (url, header)
        assert "'unsafe-inline'" not in header, (url, header)
        assert "'unsafe-eval'" not in header, (url, header)
        assert directives.get("object-src") == ["'none'"], (url, header)
        assert directives.get("frame-ancestors") == ["'none'"], (url, header)
        assert directives.get("base-uri") == ["'self'"], (url, header)


def test_csp_header_on_error_pages(client):
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert csp_directives(response.headers["Content-Security-Policy"])["script-src"] == ["'self'"]


def test_main_pages_have_no_inline_script_style_or_handlers(client, organisation_for_pages):
    for url in [*main_pages(organisation_for_pages), "/finnes-ikke/"]:
        html = client.get(url).content.decode()
        finder = inline_code(html)
        assert not finder.problems, f"{url}: {finder.problems}"
        # The page does load its scripts, as files.
        assert any("htmx" in src for src in finder.scripts_with_src), url


def test_inline_code_finder_catches_what_it_should():
    html = (
        '<p style="color:red" onclick="x()">a</p><script>alert(1)</script>'
        '<script type="application/ld+json">{}</script><script src="/a.js"></script>'
    )
    finder = inline_code(html)
    assert len(finder.problems) == 3, finder.problems
    assert finder.scripts_with_src == ["/a.js"]


def test_other_security_headers(client):
    response = client.get(reverse("home"))
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_search_query_is_rendered_inert(client):
    payload = "<script>alert(1)</script>"
    response = client.get(reverse("directory:list"), {"q": payload})
    assert response.status_code == 200
    html = response.content.decode()
    assert payload not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, "the query should be echoed, escaped"
    assert not inline_code(html).problems


def test_user_text_in_a_profile_is_rendered_inert(client):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    organisation = OrganisationFactory(description=payload, name="Lag <b>fet</b>")
    response = client.get(reverse("directory:detail", kwargs={"slug": organisation.slug}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "Lag &lt;b&gt;fet&lt;/b&gt;" in html
    assert not inline_code(html).problems


# --- production settings, checked in a subprocess (pytest in sys.modules means "testing") -----


def subprocess_database_url() -> str:
    """The test database, for subprocesses: on PostgreSQL some checks ask the server's version."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return "sqlite://:memory:"
    s = connection.settings_dict
    user, password = quote(s["USER"] or "", safe=""), quote(s["PASSWORD"] or "", safe="")
    return (
        f"postgres://{user}:{password}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"
    )


def production_env(**extra: str) -> dict[str, str]:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SAMSKAP_TESTING", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        and not key.startswith("PYTEST_")
    }
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
            "ALLOWED_HOSTS": "samskap.example",
            "EMAIL_HOST": "smtp.samskap.example",
            "SITE_URL": "https://samskap.example",
            "DATABASE_URL": subprocess_database_url(),
        }
    )
    env.update(extra)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout, result.stdout


def test_check_deploy_would_fail_on_an_insecure_setting():
    """The check above can fail: without HSTS, `check --deploy` complains."""
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(SECURE_HSTS_SECONDS="0"),
    )
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


PRINT_SETTINGS = """
import json
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in [
    "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_SSL_REDIRECT", "SECURE_CONTENT_TYPE_NOSNIFF",
]}))
"""


def test_cookies_are_secure_and_hsts_is_on_when_debug_is_off():
    result = manage("shell", "-c", PRINT_SETTINGS, env=production_env())
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["LANGUAGE_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
