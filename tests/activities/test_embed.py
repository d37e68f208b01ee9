"""Embedding: the framable calendar page, the loader script and the snippet builder; framing is
allowed on the embed page only."""

import datetime
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from samskap.activities.models import Activity
from tests.factories import ActivityFactory, OrganisationFactory
from tests.test_security import InlineCodeFinder, csp_directives

pytestmark = pytest.mark.django_db

EMBED = "/en/aktiviteter/innebygd/"
SCRIPT = "/en/aktiviteter/innebygd.js"
BUILDER = "/en/aktiviteter/bygg-inn/"
HTMX = {"HTTP_HX_REQUEST": "true"}


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs))


def links(html: str) -> list[dict[str, str | None]]:
    parser = Links()
    parser.feed(html)
    return parser.links


def no_inline_code(html: str) -> None:
    finder = InlineCodeFinder()
    finder.feed(html)
    assert finder.problems == []


# --- who may frame what ---------------------------------------------------------------------


def test_embed_may_be_framed_by_ourselves_and_https_sites(client):
    response = client.get(EMBED)
    assert response.status_code == 200
    directives = csp_directives(response["Content-Security-Policy"])
    assert directives["frame-ancestors"] == ["'self'", "https:"]
    # The rest of the policy stays as strict as everywhere else.
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert "X-Frame-Options" not in response


def test_embed_frame_ancestors_come_from_the_setting(client, settings):
    settings.EMBED_FRAME_ANCESTORS = ["https://bibliotek.skien.kommune.no"]
    response = client.get(EMBED)
    directives = csp_directives(response["Content-Security-Policy"])
    assert directives["frame-ancestors"] == ["'self'", "https://bibliotek.skien.kommune.no"]


@pytest.mark.parametrize(
    "url",
    [
        BUILDER,
        SCRIPT,
        "/en/aktiviteter/kalender.ics",
        "/en/aktiviteter/kalender.json",
        "/en/",
        "/en/aktorer/",
    ],
)
def test_other_pages_may_not_be_framed(client, url):
    ActivityFactory()
    response = client.get(url)
    assert response.status_code == 200
    assert csp_directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def test_activity_page_may_not_be_framed(client):
    activity = ActivityFactory()
    response = client.get(f"/en/aktiviteter/{activity.pk}/")
    assert csp_directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


# --- the embedded page ----------------------------------------------------------------------


def test_embed_lists_the_next_occurrences_with_links_to_new_tabs(client):
    soon = ActivityFactory(title="Strikkekafé", start=timezone.now() + datetime.timedelta(days=1))
    soon.refresh_from_db()
    later = ActivityFactory(title="Leseklubb", themes=["reading"])
    ActivityFactory(title="Utkast", status=Activity.Status.DRAFT)
    ActivityFactory(title="Skjult", hidden_at=timezone.now())
    response = client.get(EMBED)
    html = response.content.decode()
    assert [o.activity for o in response.context["occurrences"]] == [soon, later]
    assert "Utkast" not in html
    assert "Skjult" not in html
    assert '<html lang="en">' in html
    assert "<main" in html
    assert "<h1" in html
    # No site header or footer, no inline code.
    assert "samskap-header" not in html
    assert "samskap-footer" not in html
    no_inline_code(html)
    assert 'src="/static/activities/embed.js"' in html
    detail = [a for a in links(html) if a["href"] == f"/en/aktiviteter/{soon.pk}/"]
    assert detail
    assert detail[0]["target"] == "_blank"
    assert detail[0]["rel"] == "noopener"
    assert "(opens in a new tab)" in html
    assert "public" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")


def test_embed_filters_limits_and_language(client):
    ActivityFactory.create_batch(3, themes=["reading"])
    ActivityFactory(themes=["music"], title="Korøvelse")
    response = client.get(EMBED, {"theme": "reading", "limit": "2", "lang": "nn"})
    assert response.status_code == 200
    assert len(response.context["occurrences"]) == 2
    assert all(
        o.activity.themes.filter(slug="reading").exists() for o in response.context["occurrences"]
    )
    html = response.content.decode()
    assert '<html lang="nn">' in html
    assert response["Content-Language"] == "nn"
    assert 'href="/nn/aktiviteter/' in html
    assert "Lesing og litteratur" in html  # the heading names the theme in Nynorsk


def test_embed_with_nonsense_filters_says_so(client):
    response = client.get(EMBED, {"municipality": "9999", "limit": "0"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Municipality:" in html
    assert "Number of activities:" in html


def test_embed_shows_cancellations(client):
    ActivityFactory(title="Avlyst kveld", status=Activity.Status.CANCELLED)
    html = client.get(EMBED).content.decode()
    assert "Avlyst kveld" in html
    assert "Cancelled" in html


# --- the loader script ------------------------------------------------------------------


def test_script_is_javascript_with_absolute_addresses(client, settings):
    settings.ALLOWED_HOSTS = ["bibliotek.example"]
    response = client.get(SCRIPT, SERVER_NAME="bibliotek.example", secure=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert "public" in response["Cache-Control"]
    js = response.content.decode()
    assert 'var ORIGIN = "https://bibliotek.example";' in js
    assert 'var EMBED_PATH = "/en/aktiviteter/innebygd/";' in js
    # It reads every filter (and the embed's options) from data- attributes.
    for key in ("municipality", "theme", "organiser", "venue", "target_group", "limit", "lang"):
        assert f'"{key}"' in js
    assert '"data-" + key.replace(/_/g, "-")' in js
    # It inserts a titled frame after the script and trusts messages from our origin only.
    assert 'createElement("iframe")' in js
    assert "frame.title" in js
    assert "script.nextSibling" in js
    assert "event.origin !== ORIGIN" in js
    assert "event.source !== frame.contentWindow" in js


def test_script_values_are_json_with_no_markup(client):
    js = client.get(SCRIPT).content.decode()
    values = [line for line in js.splitlines() if line.startswith("  var ")]
    assert len(values) == 8  # seven values and the marker attribute
    assert not any("<" in line for line in values)
    assert 'var DEFAULT_TITLE = "Activities from Samskap";' in js


# --- the builder ------------------------------------------------------------------------


def test_builder_prefills_from_the_query_and_renders_both_snippets(client, organisation):
    ActivityFactory(organiser=organisation, themes=["reading"])
    response = client.get(
        BUILDER,
        {
            "organiser": organisation.slug,
            "theme": "reading",
            "limit": "3",
            "access": ["step_free", "hearing_loop"],
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    no_inline_code(html)
    form = response.context["form"]
    assert form["organiser"].value() == organisation.slug
    assert form["limit"].value() == "3"
    script = response.context["script_snippet"]
    assert script == (
        '<script src="http://testserver/en/aktiviteter/innebygd.js" '
        'data-organiser="skien-rode-kors" data-theme="reading" '
        'data-access="step_free,hearing_loop" data-limit="3" async></script>'
    )
    frame = response.context["iframe_snippet"]
    assert frame.startswith(
        '<iframe src="http://testserver/en/aktiviteter/innebygd/?'
        "organiser=skien-rode-kors&amp;theme=reading&amp;access=step_free&amp;"
        'access=hearing_loop&amp;limit=3" title="Activities by Skien Røde Kors · Reading and literature"'
    )
    # Shown as text to copy, escaped once more in the page.
    assert "&lt;script src=&quot;http://testserver/en/aktiviteter/innebygd.js&quot;" in html
    # The preview frames the embed page with the same choices.
    assert (
        'src="/en/aktiviteter/innebygd/?organiser=skien-rode-kors&amp;theme=reading&amp;'
        'access=step_free&amp;access=hearing_loop&amp;limit=3"' in html
    )
    assert 'data-copy="embed-snippet-script" hidden' in html


def test_builder_works_without_javascript_and_with_htmx(client):
    html = client.get(BUILDER).content.decode()
    assert 'method="get" action="/en/aktiviteter/bygg-inn/"' in html
    assert 'hx-get="/en/aktiviteter/bygg-inn/"' in html
    assert 'hx-target="#embed-result"' in html
    response = client.get(BUILDER, {"municipality": "4003"}, **HTMX)
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert "<form" not in fragment
    assert "data-municipality=&quot;4003&quot;" in fragment
    assert "HX-Request" in response["Vary"]


def test_builder_with_nonsense_keeps_the_input_and_explains(client):
    response = client.get(BUILDER, {"municipality": "9999", "limit": "500"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "script_snippet" not in response.context
    assert 'aria-invalid="true"' in html
    assert 'value="500"' in html
    assert "Some choices are not valid" in html


def test_builder_offers_organisers_with_activities_and_the_chosen_one(client):
    with_activities = OrganisationFactory(name="Aktivt lag")
    ActivityFactory(organiser=with_activities)
    OrganisationFactory(name="Stille lag", slug="stille-lag")
    OrganisationFactory(name="Nytt lag", slug="nytt-lag")
    response = client.get(BUILDER, {"organiser": "nytt-lag"})
    choices = [o.name for o in response.context["form"].fields["organiser"].queryset]
    assert choices == ["Aktivt lag", "Nytt lag"]
    assert response.context["valid"]
