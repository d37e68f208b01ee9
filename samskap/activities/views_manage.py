"""Pages for organisers and moderators: "My activities", the activity form, publishing,
cancelling, copying, hiding, sign-up on the platform and the sign-up lists, and answering an
invitation to co-organise. Each view fetches its objects through `permissions`, calls one
service and renders."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samskap.accounts.models import User
from samskap.accounts.permissions import signed_in_user
from samskap.core.forms import add_service_errors
from samskap.core.spreadsheet import csv_response, spreadsheet_time
from samskap.directory.models import Organisation

from . import permissions, selectors, services
from .forms import ActivityForm, CancelForm, DecideForm, HideForm, SignUpForm
from .models import Activity

PAGE_SIZE = 20
STATUS_FILTERS = ("draft", "published", "cancelled", "hidden")
MAX_SIGNUP_TIMES = 60

# Where errors about a model field from a service belong on the form.
SERVICE_FIELDS = {
    "start": "date",
    "end": "end_time",
    "rrule": "repeat_until",
    "exdates": "exdates_text",
}


# --- my activities ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def my_activities(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    organisation_ids = permissions.member_organisation_ids(user)
    status = request.GET.get("status", "")
    if status not in STATUS_FILTERS:
        status = ""
    counts = selectors.activity_counts(organisation_ids)
    paginator = Paginator(selectors.activities_of(organisation_ids, status), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    invitations = list(selectors.pending_invitations(permissions.admin_organisation_ids(user)))
    tabs = [
        ("", _("All"), counts["all"]),
        ("draft", _("Drafts"), counts["draft"]),
        ("published", _("Published"), counts["published"]),
        ("cancelled", _("Cancelled"), counts["cancelled"]),
        ("hidden", _("Hidden by a moderator"), counts["hidden"]),
    ]
    context = {
        "page_obj": page,
        "status": status,
        "tabs": tabs,
        "invitations": invitations,
        "organisations": permissions.organisations_for_activities(user),
    }
    return render(request, "activities/manage/mine.html", context)


# --- creating and editing ---------------------------------------------------------------


def _preselected_organiser(request: HttpRequest, user: User) -> Organisation | None:
    slug = request.GET.get("organiser", "")
    if not slug:
        return None
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not permissions.can_create_activity_for(user, organisation):
        return None
    return organisation


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    preselected = _preselected_organiser(request, user)
    if preselected is None and not permissions.organisations_for_activities(user):
        return render(request, "activities/manage/no_organisation.html")
    is_post = request.method == "POST"
    form = ActivityForm(
        request.POST if is_post else None,
        request.FILES if is_post else None,
        user=user,
        organiser=preselected,
        instance=Activity(),
    )
    if is_post and form.is_valid():
        organiser = form.cleaned_data["organiser"]
        if not permissions.can_create_activity_for(user, organiser):
            raise PermissionDenied
        publish = "publish" in request.POST
        try:
            activity = services.activity_create(
                by=user, organiser=organiser, data=form.to_data(), publish=publish
            )
        except ValidationError as error:
            add_service_errors(form, error, fields=SERVICE_FIELDS)
        else:
            if publish:
                messages.success(request, _("The activity is published."))
            else:
                messages.success(
                    request, _("The activity is saved as a draft. Only your organisation sees it.")
                )
            return redirect("activities:detail", pk=activity.pk)
    return render(request, "activities/manage/form.html", {"form": form, "activity": None})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    activity = permissions.activity_for_edit(user, pk)
    is_post = request.method == "POST"
    # The form works on its own copy, so the page keeps the stored title while the person
    # corrects their input.
    form = ActivityForm(
        request.POST if is_post else None,
        request.FILES if is_post else None,
        user=user,
        instance=Activity.objects.get(pk=activity.pk),
    )
    if is_post and form.is_valid():
        organiser = form.cleaned_data["organiser"]
        if organiser.pk != activity.organiser_id and not permissions.can_create_activity_for(
            user, organiser
        ):
            raise PermissionDenied
        publish = "publish" in request.POST
        try:
            services.activity_update(
                activity=activity,
                by=user,
                data=form.to_data(),
                organiser=organiser,
                publish=publish,
            )
        except ValidationError as error:
            add_service_errors(form, error, fields=SERVICE_FIELDS)
        else:
            if publish:
                messages.success(request, _("The activity is saved and published."))
            else:
                messages.success(request, _("The activity is saved."))
            return redirect("activities:detail", pk=activity.pk)
    return render(request, "activities/manage/form.html", {"form": form, "activity": activity})


@login_required
@require_POST
def activity_copy(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    activity = permissions.activity_for_edit(user, pk)
    copy = services.activity_copy(activity=activity, by=user)
    messages.success(
        request,
        _("This is a copy, saved as a draft. Change the date and anything else, then publish."),
    )
    return redirect("activities:edit", pk=copy.pk)


@login_required
@require_POST
def activity_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    activity = permissions.activity_for_edit(user, pk)
    try:
        services.activity_publish(activity=activity, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The activity is published."))
    return redirect("activities:detail", pk=activity.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def activity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    activity = permissions.activity_for_edit(user, pk)
    if activity.status != Activity.Status.PUBLISHED:
        if activity.status == Activity.Status.CANCELLED:
            messages.info(request, _("The activity is already cancelled."))
        else:
            messages.info(request, _("A draft is not public, so there is nothing to cancel."))
        return redirect("activities:detail", pk=activity.pk)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.activity_cancel(activity=activity, by=user, reason=form.cleaned_data["reason"])
        messages.success(
            request, _("The activity is cancelled. Everyone who signed up gets an e-mail.")
        )
        return redirect("activities:detail", pk=activity.pk)
    signup_count = selectors.future_signup_count(activity)
    return render(
        request,
        "activities/manage/cancel.html",
        {"activity": activity, "form": form, "signup_count": signup_count},
    )


# --- moderation -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def activity_hide(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    activity = permissions.activity_for_moderation(user, pk)
    if activity.is_hidden:
        messages.info(request, _("The activity is already hidden."))
        return redirect("activities:detail", pk=activity.pk)
    form = HideForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_hide(activity=activity, by=user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error.messages)
        else:
            messages.success(
                request,
                _("The activity is hidden. The organiser's administrators get the reason."),
            )
            return redirect("activities:detail", pk=activity.pk)
    return render(request, "activities/manage/hide.html", {"activity": activity, "form": form})


@login_required
@require_POST
def activity_unhide(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    activity = permissions.activity_for_moderation(user, pk)
    services.activity_unhide(activity=activity, by=user)
    messages.success(request, _("The activity is shown again."))
    return redirect("activities:detail", pk=activity.pk)


# --- sign-up ----------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def activity_signup(request: HttpRequest, pk: int) -> HttpResponse:
    activity = permissions.activity_for_view(request.user, pk)
    if activity.signup != Activity.SignUp.PLATFORM or not activity.is_public:
        raise Http404
    user = request.user if isinstance(request.user, User) else None
    times = list(selectors.open_times(activity)[:MAX_SIGNUP_TIMES])
    for occurrence in times:
        occurrence.places_left = services.places_left(activity, occurrence.taken)  # type: ignore[attr-defined]
    open_times = [o for o in times if o.places_left != 0]  # type: ignore[attr-defined]
    initial: dict[str, Any] = {}
    if user is not None:
        initial = {"name": user.name, "email": user.email}
    if len(open_times) == 1:
        initial["occurrence"] = open_times[0].pk
    is_post = request.method == "POST" and not activity.is_cancelled
    form = SignUpForm(
        request.POST if is_post else None,
        initial=initial,
        occurrences=selectors.open_times(activity),
    )
    if is_post and form.is_valid():
        try:
            signup = services.signup_create(
                occurrence=form.cleaned_data["occurrence"],
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                user=user,
                language=translation.get_language() or "nb",
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error("occurrence", error)
        else:
            return render(
                request,
                "activities/manage/signup_done.html",
                {"activity": activity, "signup": signup},
            )
    selected = str(form["occurrence"].value() or "")
    return render(
        request,
        "activities/manage/signup.html",
        {
            "activity": activity,
            "form": form,
            "times": times,
            "open_times": open_times,
            "selected": selected,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def activity_signups(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    activity = permissions.activity_for_view(user, pk)
    if not permissions.can_view_signups(user, activity):
        raise PermissionDenied
    occurrences = list(selectors.occurrences_with_signups(activity))
    if request.GET.get("format") == "csv":
        rows = (
            [
                spreadsheet_time(occurrence.start),
                signup.name,
                signup.email,
                spreadsheet_time(signup.created_at),
            ]
            for occurrence in occurrences
            for signup in occurrence.signups.all()
        )
        return csv_response(
            filename=f"pameldte-{activity.pk}.csv",
            header=[_("Time"), _("Name"), _("E-mail"), _("Signed up")],
            rows=rows,
        )
    for occurrence in occurrences:
        occurrence.places_left = services.places_left(activity, occurrence.taken)  # type: ignore[attr-defined]
    return render(
        request,
        "activities/manage/signups.html",
        {"activity": activity, "occurrences": occurrences},
    )


# --- co-organisers ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def co_organiser_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    link = permissions.co_organiser_link_for_decision(user, pk)
    form = DecideForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["accept"]
        try:
            services.co_organiser_decide(link=link, by=user, accept=accept)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if accept:
                messages.success(
                    request,
                    _("%(organisation)s is now a co-organiser of “%(title)s”.")
                    % {"organisation": link.organisation.name, "title": link.activity.title},
                )
            else:
                messages.success(
                    request,
                    _("You declined to co-organise “%(title)s”.") % {"title": link.activity.title},
                )
        return redirect("activities:mine")
    return render(
        request,
        "activities/manage/co_organiser.html",
        {"link": link, "activity": link.activity, "form": form},
    )
