"""The calendar on other websites: an embeddable page, a script that inserts it, and a page
where an organisation builds its snippet.

- `embed` (`/aktiviteter/innebygd/?<filters>&limit=5&lang=nn`) is a small standalone page with
  the next occurrences of the selection. It is the only page that may be shown in a frame: its
  CSP `frame-ancestors` is `'self'` plus `settings.EMBED_FRAME_ANCESTORS`, and it is exempt
  from `X-Frame-Options`. Its links open the activity on Samskap in a new tab. A small static
  script tells the page around it how tall it is, so the frame can fit its content.
- `embed_script` (`/aktiviteter/innebygd.js`) is a dependency-free loader for partner sites:
  `<script src=".../aktiviteter/innebygd.js" data-municipality="4003" data-limit="5" async>`
  inserts the frame with those filters right after the script tag and resizes it on messages
  from the Samskap origin only.
- `embed_builder` (`/aktiviteter/bygg-inn/`) chooses the filters, previews the result and
  gives both snippets to copy; it works without JavaScript (a GET form) and updates in place
  with htmx.
"""

import json
from collections.abc import Callable
from functools import wraps
from html import escape
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from samskap.core.htmx import HtmxHttpRequest, wants_fragment
from samskap.directory.models import Organisation

from . import selectors
from .filters import FILTER_KEYS, CalendarFilterForm, filter_query
from .views_feeds import selection_title, site_origin

DEFAULT_LIMIT = 5
MAX_LIMIT = 50
EMBED_MAX_AGE = 5 * 60
SCRIPT_MAX_AGE = 60 * 60
# The query-string keys of an embed: the calendar's filters and the embed's own options.
EMBED_KEYS = (*FILTER_KEYS, "limit", "lang")
# The message the embedded page posts to the page around it (see static/activities/embed.js).
HEIGHT_MESSAGE = "samskap:embed-height"


class EmbedOptionsForm(forms.Form):
    """How many occurrences an embed shows and in which language."""

    limit = forms.IntegerField(
        label=gettext_lazy("Number of activities"),
        min_value=1,
        max_value=MAX_LIMIT,
        required=False,
        initial=DEFAULT_LIMIT,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    lang = forms.ChoiceField(
        label=gettext_lazy("Language of the calendar"),
        choices=[("", gettext_lazy("The language of this page")), *settings.LANGUAGES],
        required=False,
    )


class EmbedBuilderForm(CalendarFilterForm, EmbedOptionsForm):
    """The snippet builder: the calendar's filters (without dates: an embed shows what is
    coming) and the embed's options."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("date_from", "date_to"):
            del self.fields[name]
        self.fields["language"].label = gettext_lazy("Language spoken at the activity")
        self.fields["q"].label = gettext_lazy("Words the activities must contain")
        # Offer the organisers and places that have activities (and whatever is chosen, so a
        # link from an organisation without activities yet still works).
        for name, with_activities in (
            ("organiser", selectors.organisations_with_activities()),
            ("venue", selectors.venues_with_activities()),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
            chosen = self.data.get(name, "") if self.data else ""
            field.queryset = Organisation.objects.filter(
                Q(pk__in=with_activities.values("pk")) | Q(slug=chosen)
            ).order_by("name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned.setdefault("date_from", None)
        cleaned.setdefault("date_to", None)
        return cleaned


def embed_query(params: QueryDict) -> QueryDict:
    """The keys of a query string an embed reads, empty values dropped."""
    query = filter_query(params)  # a new, mutable QueryDict
    for key in ("limit", "lang"):
        value = params.get(key, "").strip()
        if value:
            query[key] = value
    return query


def embed_csp() -> dict[str, list[str]]:
    """The site's CSP with `frame-ancestors` opened for the embed (read at request time, so a
    changed setting applies without a restart of anything but the settings)."""
    site_policy: dict[str, Any] = settings.SECURE_CSP
    policy = {directive: list(sources) for directive, sources in site_policy.items()}
    policy["frame-ancestors"] = [CSP.SELF, *settings.EMBED_FRAME_ANCESTORS]
    return policy


def framable[**P](view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """Let other websites show the view in a frame, as `EMBED_FRAME_ANCESTORS` allows."""

    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        return csp_override(embed_csp())(view)(*args, **kwargs)

    return xframe_options_exempt(wrapped)


def _language(code: str | None) -> str:
    """A site language from `?lang=`, or the language of the address."""
    codes = {code for code, _name in settings.LANGUAGES}
    return code if code in codes else (translation.get_language() or settings.LANGUAGE_CODE)


@framable
@require_http_methods(["GET", "HEAD"])
def embed(request: HttpRequest) -> HttpResponse:
    form = CalendarFilterForm(filter_query(request.GET))
    options = EmbedOptionsForm(request.GET)
    valid = form.is_valid() & options.is_valid()
    language = _language(options.cleaned_data.get("lang"))
    with translation.override(language):
        context: dict[str, Any] = {"form": form, "options": options, "valid": valid}
        if valid:
            limit = options.cleaned_data["limit"] or DEFAULT_LIMIT
            query = filter_query(request.GET).urlencode()
            suffix = f"?{query}" if query else ""
            context |= {
                "title": selection_title(form),
                "occurrences": list(selectors.occurrence_list(form.filters())[:limit]),
                "calendar_url": reverse("activities:calendar") + suffix,
                "feed_url": reverse("activities:feed_ics") + suffix,
            }
        response = render(request, "activities/embed.html", context, status=200 if valid else 400)
        response["Content-Language"] = language
    response["Cache-Control"] = f"public, max-age={EMBED_MAX_AGE}"
    return response


@require_http_methods(["GET", "HEAD"])
def embed_script(request: HttpRequest) -> HttpResponse:
    """The loader script partner websites include; its addresses are absolute, built from the
    address it was loaded from."""
    origin = site_origin(request)
    values = {
        "origin": origin,
        "embed_path": reverse("activities:embed"),
        "script_path": reverse("activities:embed_script"),
        "keys": list(EMBED_KEYS),
        "title": _("Activities from Samskap"),
        "message": HEIGHT_MESSAGE,
    }
    # JSON is valid JavaScript; "<" is escaped so the values can never close a script element.
    context = {key: json.dumps(value).replace("<", "\\u003c") for key, value in values.items()}
    context["example_src"] = (origin + reverse("activities:embed_script")).replace("*/", "")
    body = render_to_string("activities/embed_loader.js", context, request=request)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={SCRIPT_MAX_AGE}"
    return response


def script_snippet(script_url: str, query: QueryDict) -> str:
    """`<script src="…/innebygd.js" data-municipality="4003" … async></script>`."""
    parts = [f'<script src="{escape(script_url)}"']
    for key in EMBED_KEYS:
        values = query.getlist(key)
        if values:
            attribute = "data-" + key.replace("_", "-")
            parts.append(f'{attribute}="{escape(",".join(values))}"')
    parts.append("async></script>")
    return " ".join(parts)


def iframe_snippet(embed_url: str, *, title: str) -> str:
    """The frame alone, for websites that do not allow scripts (it cannot fit its content)."""
    return (
        f'<iframe src="{escape(embed_url)}" title="{escape(title)}" loading="lazy" '
        'width="100%" height="600" style="border: 0; max-width: 100%;"></iframe>'
    )


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "HEAD"])
def embed_builder(request: HtmxHttpRequest) -> HttpResponse:
    params = request.GET
    form = EmbedBuilderForm(embed_query(params))
    valid = form.is_valid()
    context: dict[str, Any] = {"form": form, "valid": valid}
    if valid:
        query = embed_query(params)
        for key in ("date_from", "date_to"):
            query.pop(key, None)
        origin = site_origin(request)
        embed_path = reverse("activities:embed")
        encoded = query.urlencode()
        embed_url = origin + embed_path + (f"?{encoded}" if encoded else "")
        title = selection_title(form)
        context |= {
            "title": title,
            "preview_url": embed_path + (f"?{encoded}" if encoded else ""),
            "embed_url": embed_url,
            "script_snippet": script_snippet(origin + reverse("activities:embed_script"), query),
            "iframe_snippet": iframe_snippet(embed_url, title=title),
        }
    fragment = wants_fragment(request)
    template = "activities/embed_builder.html" + ("#result" if fragment else "")
    # Invalid filters re-render the form with its messages (200, so htmx swaps it in).
    return render(request, template, context)
