"""htmx helpers shared by the apps' views (django-htmx sets `request.htmx`)."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it, for type checking."""

    htmx: HtmxDetails


def wants_fragment(request: HtmxHttpRequest) -> bool:
    """An htmx request for part of a page (a history restore needs the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request
