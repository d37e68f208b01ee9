"""Placeholder: replaced while issue 4 is built."""

from django.http import HttpRequest, HttpResponse


def calendar(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)


def activity_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)
