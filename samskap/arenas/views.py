"""Placeholder: being written."""

from django.http import Http404, HttpRequest, HttpResponse


def arena_list(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def my_arenas(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def arena_create(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def arena_detail(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def arena_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def arena_publish(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def arena_cancel(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def arena_ics(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
