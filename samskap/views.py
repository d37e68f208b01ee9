"""Site-level pages that draw on several apps."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samskap.activities.selectors import occurrence_list
from samskap.activities.views import days_of
from samskap.directory.selectors import directory_stats

UPCOMING_ON_HOME = 5


def home(request: HttpRequest) -> HttpResponse:
    upcoming = list(occurrence_list()[:UPCOMING_ON_HOME])
    return render(
        request, "home.html", {"stats": directory_stats(), "upcoming_days": days_of(upcoming)}
    )
