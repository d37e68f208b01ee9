"""Placeholder: replaced while issue 4 is built."""

from django.http import HttpRequest, HttpResponse


def embed(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)


def embed_script(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)


def embed_builder(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)
