"""Pages where county coordinators start a sync of their county from the Brønnøysund registers
and read the reports of the import runs.

Who may do what: a county coordinator sees the runs of the counties they coordinate and may
start a sync of each of them; a platform admin sees every run (also the whole-country runs of
the bulk file, which belong to no county) and may sync any county. Anyone else who is signed in
gets 403 on the list; a run the person may not see is a 404, so run numbers reveal nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from samskap.accounts.permissions import signed_in_user
from samskap.core.htmx import HtmxHttpRequest, wants_fragment

from . import permissions, selectors, services
from .forms import CountySyncForm
from .models import ImportRun, ImportRunIssue

RUNS_PAGE_SIZE = 20
ISSUES_PAGE_SIZE = 50


def _run_issues(run: ImportRun) -> QuerySet[ImportRunIssue]:
    return run.issues.order_by("position", "pk")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def register_runs(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    counties = selectors.syncable_counties(user)
    if not counties:
        raise PermissionDenied
    form = CountySyncForm(request.POST if request.method == "POST" else None, counties=counties)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["county"]
        if not permissions.can_sync_county(user, number):  # the choices allow only these
            raise PermissionDenied
        county = next(c for c in counties if c.number == number)
        try:
            run = services.import_run_start(by=user, county_number=number)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("directory:register_runs")
        messages.success(
            request,
            _(
                "The sync of %(county)s from the register has started. This page shows its "
                "report when it is done."
            )
            % {"county": county.name},
        )
        return redirect("directory:register_run", pk=run.pk)
    paginator = Paginator(selectors.import_runs_for(user, counties), RUNS_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "counties": counties,
        "single_county": counties[0] if len(counties) == 1 else None,
        "page_obj": page,
    }
    return render(request, "directory/register/runs.html", context)


@vary_on_headers("HX-Request")
@login_required
@require_http_methods(["GET", "HEAD"])
def register_run(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    run = permissions.import_run_for_view(user, pk)
    in_progress = run.status in (ImportRun.Status.QUEUED, ImportRun.Status.RUNNING)
    if wants_fragment(request):
        # The summary refreshes itself while the run is in progress.
        return render(
            request,
            "directory/register/run.html#summary",
            {"run": run, "in_progress": in_progress},
        )
    paginator = Paginator(_run_issues(run), ISSUES_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "run": run,
        "in_progress": in_progress,
        "page_obj": page,
    }
    return render(request, "directory/register/run.html", context)
