"""Placeholder: being written."""

from django.http import Http404, HttpRequest, HttpResponse


def groups(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def group_move(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def group_links(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def groups_publish(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def groups_print(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
