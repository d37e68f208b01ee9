from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import organisation_list as select_organisations


def organisation_list(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/list.html", {"organisations": select_organisations()[:20]})
