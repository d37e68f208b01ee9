"""Placeholder: being written."""

from django.http import Http404, HttpRequest, HttpResponse


def join_code(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def join(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def wall(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def vote(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def wall_control(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def contribution_moderate(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def wall_csv(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
