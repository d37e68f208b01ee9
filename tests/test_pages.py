"""Site pages: home, accessibility statement and privacy in three languages, the language
switcher, and the error pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views import defaults

pytestmark = pytest.mark.django_db

LANGUAGES = ["nb", "nn", "en"]
PAGES = ["home", "core:accessibility", "core:privacy"]


class Outline(HTMLParser):
    """The page's <html lang>, its headings in order, and its links."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.headings: list[int] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def url_in(language: str, name: str, **kwargs: str) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def assert_headings_in_order(headings: list[int], url: str) -> None:
    assert headings and headings[0] == 1, f"{url}: the first heading is not h1: {headings}"
    assert headings.count(1) == 1, f"{url}: more than one h1: {headings}"
    for before, after in zip(headings, headings[1:], strict=False):
        assert after <= before + 1, f"{url}: heading level jumps from h{before} to h{after}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_page_renders_in_language(client, name, language):
    url = url_in(language, name)
    assert url.startswith("/" if language == "nb" else f"/{language}/")
    assert not url.startswith(("/nb/", "/nn/", "/en/")) or language != "nb"
    response = client.get(url)
    assert response.status_code == 200
    page = outline(response.content.decode())
    assert page.lang == language
    assert_headings_in_order(page.headings, url)
    # The footer links to the accessibility statement and the privacy page in the same language.
    assert url_in(language, "core:accessibility") in page.links
    assert url_in(language, "core:privacy") in page.links


def test_accessibility_statement_content(client):
    html = client.get(url_in("en", "core:accessibility")).content.decode()
    assert "WCAG 2.1" in html
    assert "Accessibility statement" in html
    assert 'href="https://www.uutilsynet.no/"' in html
    assert ">https://www.uutilsynet.no/<" in html  # the address is shown as text
    assert 'href="mailto:' in html
    assert "Last reviewed:" in html


def test_accessibility_statement_review_date_is_formatted_per_language(client):
    nb = client.get(url_in("nb", "core:accessibility")).content.decode()
    en = client.get(url_in("en", "core:accessibility")).content.decode()
    assert "26. november 2026" in nb
    assert "Nov. 26, 2026" in en or "November 26, 2026" in en


def test_privacy_page_content(client):
    html = client.get(url_in("en", "core:privacy")).content.decode()
    for text in ["e-mail address", "NLOD", "Brønnøysund", "Article 6(1)", "Datatilsynet"]:
        assert text in html, text
    assert 'href="https://www.datatilsynet.no/"' in html


def test_contact_email_can_be_configured(client, settings):
    settings.CONTACT_EMAIL = "post@fylkesbiblioteket.example"
    html = client.get(url_in("en", "core:privacy")).content.decode()
    assert 'href="mailto:post@fylkesbiblioteket.example"' in html


@pytest.mark.parametrize(
    ("start", "language", "expected"),
    [
        ("/tilgjengelighet/", "nn", "/nn/tilgjengelighet/"),
        ("/tilgjengelighet/", "en", "/en/tilgjengelighet/"),
        ("/nn/personvern/", "en", "/en/personvern/"),
        ("/en/personvern/", "nb", "/personvern/"),
        ("/en/", "nb", "/"),
        ("/", "nn", "/nn/"),
    ],
)
def test_language_switcher_returns_to_the_same_page(client, start, language, expected):
    response = client.post("/i18n/setlang/", {"language": language, "next": start})
    assert response.status_code == 302
    assert response["Location"] == expected
    assert response.cookies["samskap_language"].value == language
    follow = client.get(expected)
    assert follow.status_code == 200
    assert outline(follow.content.decode()).lang == language


def test_language_switcher_is_a_form_on_every_page(client):
    html = client.get(url_in("nn", "core:privacy")).content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert 'name="next" value="/nn/personvern/"' in html
    for code in LANGUAGES:
        assert f'name="language" value="{code}"' in html
    assert 'value="nn" lang="nn"' in html and 'aria-current="true"' in html


def test_language_switcher_refuses_foreign_redirects(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_404_page(client, language):
    prefix = "" if language == "nb" else f"/{language}"
    response = client.get(f"{prefix}/finnes-ikke/")
    assert response.status_code == 404
    html = response.content.decode()
    page = outline(html)
    assert page.lang == language
    assert_headings_in_order(page.headings, "404")
    assert url_in(language, "home") in page.links
    assert 'class="ds-skip-link"' in html


def test_404_page_text_in_english(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_500_page_renders_without_database_or_request(django_assert_num_queries):
    request = RequestFactory().get("/")
    with translation.override("en"), django_assert_num_queries(0):
        response = defaults.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert '<html lang="en"' in html
    assert 'href="/en/"' in html


def test_403_page(rf):
    request = rf.get("/aktorer/noe/rediger/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with translation.override("en"):
        response = defaults.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    html = response.content.decode()
    assert "Access denied" in html
    assert "/en/konto/login/?next=/aktorer/noe/rediger/" in html


def test_400_page_for_a_bad_host(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="nb"' in html
    assert "<h1" in html


def test_pages_name_their_other_language_versions(client, settings):
    settings.SITE_URL = "https://samskap.example"
    html = client.get(url_in("nn", "core:privacy")).content.decode()
    assert '<link rel="alternate" hreflang="nb" href="https://samskap.example/personvern/">' in html
    assert (
        '<link rel="alternate" hreflang="nn" href="https://samskap.example/nn/personvern/">' in html
    )
    assert (
        '<link rel="alternate" hreflang="en" href="https://samskap.example/en/personvern/">' in html
    )
