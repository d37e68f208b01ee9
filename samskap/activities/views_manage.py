"""Placeholder: replaced while issue 4 is built."""

from django.http import HttpRequest, HttpResponse


def my_activities(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)


def activity_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)


def activity_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)


def activity_copy(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)


def activity_publish(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)


def activity_cancel(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)


def activity_hide(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)


def activity_unhide(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)


def activity_signup(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)


def activity_signups(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)


def co_organiser_decide(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)
