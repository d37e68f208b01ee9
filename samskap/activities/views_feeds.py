"""Placeholder: replaced while issue 4 is built."""

from django.http import HttpRequest, HttpResponse


def feed_ics(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)


def feed_json(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)


def activity_ics(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)
