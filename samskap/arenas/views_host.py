"""Placeholder: being written."""

from django.http import Http404, HttpRequest, HttpResponse


def participants(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def participants_csv(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def attendance(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def host_cancel_registration(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def message(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def invite(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
