"""Site-level pages that draw on several apps."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samskap.directory.selectors import directory_stats


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"stats": directory_stats()})
