"""Placeholder: being written."""

from django.http import Http404, HttpRequest, HttpResponse


def register(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def personal(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def registration_change(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def registration_cancel(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
