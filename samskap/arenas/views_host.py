"""Pages for an arena's hosts: the participant list with attendance marking at the door or
from the video call, the CSV export, cancelling someone's registration, a message to the
participants, and inviting organisations. Every page fetches the arena through
`permissions.arena_for_manage` (404 for those who may not see the arena, 403 for those who
may see but not run it); anonymous visitors are sent to log in first."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from samskap.accounts.permissions import signed_in_user
from samskap.core.forms import add_service_errors
from samskap.core.htmx import HtmxHttpRequest, wants_fragment
from samskap.core.spreadsheet import csv_response, spreadsheet_time

from . import permissions
from .forms.hosting import (
    AttendanceForm,
    InviteFilterForm,
    InviteForm,
    MessageForm,
    ParticipantFilterForm,
    list_query,
)
from .models import Arena, Registration
from .selectors import hosting as selectors
from .services import hosting as services
from .services import registration as registration_services

PAGE_SIZE = 50


@dataclass(frozen=True)
class Row:
    """A registration in the hosts' list, with its place in the waiting line (if any)."""

    registration: Registration
    position: int | None = None


def _registration_or_404(arena: Arena, registration_pk: int) -> Registration:
    registration = selectors.registration_of_arena(arena, registration_pk)
    if registration is None:
        raise Http404
    return registration


def _participants_url(arena: Arena, query: str = "", anchor: str = "") -> str:
    url = reverse("arenas:participants", args=[arena.pk])
    if query:
        url += f"?{query}"
    if anchor:
        url += f"#{anchor}"
    return url


# --- the participant list ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def participants(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    arena = permissions.arena_for_manage(user, pk)
    filters = ParticipantFilterForm(request.GET or None)
    status, query = filters.values()
    registrations = selectors.registrations_for_host(arena, status=status, query=query)
    paginator = Paginator(registrations, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    positions = selectors.waitlist_positions(arena)
    rows = [Row(registration, positions.get(registration.pk)) for registration in page]
    context = {
        "arena": arena,
        "counts": selectors.registration_counts(arena),
        "filters": filters,
        "status": status,
        "query": query,
        "page_obj": page,
        "rows": rows,
        "back": list_query(request.GET.urlencode()),
    }
    template = "arenas/host/participants.html"
    if wants_fragment(request):
        template += "#results"
    return render(request, template, context)


@login_required
@require_POST
def attendance(request: HtmxHttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    """Mark someone as present, or take the mark away. A normal form post goes back to the
    list (with its filters); htmx gets the row again, and the counts."""
    user = signed_in_user(request)
    arena = permissions.arena_for_manage(user, pk)
    registration = _registration_or_404(arena, registration_pk)
    form = AttendanceForm(request.POST)
    back = list_query(request.POST.get("back", ""))
    error = ""
    if not form.is_valid():
        error = _("The attendance could not be read. Reload the page and try again.")
    else:
        try:
            services.registration_attendance_set(
                registration=registration, attended=form.cleaned_data["attended"], by=user
            )
        except ValidationError as exception:
            error = " ".join(exception.messages)
        registration = _registration_or_404(arena, registration_pk)
    if wants_fragment(request):
        positions = selectors.waitlist_positions(arena) if error else {}
        context = {
            "arena": arena,
            "row": Row(registration, positions.get(registration.pk)),
            "counts": selectors.registration_counts(arena),
            "back": back,
            "error": error,
        }
        return render(request, "arenas/host/participants.html#attendance_response", context)
    if error:
        messages.error(request, error)
    elif registration.status == Registration.Status.ATTENDED:
        messages.success(request, _("%(name)s is marked as present.") % {"name": registration.name})
    else:
        messages.success(
            request, _("%(name)s is no longer marked as present.") % {"name": registration.name}
        )
    return redirect(_participants_url(arena, back, f"registration-{registration.pk}"))


@login_required
@require_http_methods(["GET", "HEAD"])
def participants_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Every registration, cancelled ones too, for a spreadsheet: UTF-8 with a byte-order
    mark, semicolon-separated, times in Norwegian time, text cells made formula-safe."""
    user = signed_in_user(request)
    arena = permissions.arena_for_manage(user, pk)
    positions = selectors.waitlist_positions(arena)
    header = [
        _("Name"),
        _("E-mail"),
        _("Organisation"),
        _("Organisation number"),
        _("In the directory"),
        _("Sector"),
        _("Municipality number"),
        _("Municipality"),
        _("Role or position"),
        _("Accessibility needs"),
        _("Food and allergies"),
        _("Shows name to other participants"),
        _("Language"),
        _("Status"),
        _("Place on the waiting list"),
        _("Registered"),
        _("Marked present"),
        _("Cancelled"),
    ]
    yes, no = _("Yes"), _("No")
    rows = []
    for registration in selectors.registrations_for_export(arena):
        organisation = registration.organisation
        position = positions.get(registration.pk)
        rows.append(
            [
                registration.name,
                registration.email,
                registration.organisation_label,
                (organisation.org_number or "") if organisation else "",
                yes if organisation else no,
                str(registration.get_sector_display()),
                registration.municipality_id,
                registration.municipality.name,
                registration.role,
                registration.accessibility_needs,
                registration.dietary_needs,
                yes if registration.show_to_participants else no,
                registration.language,
                str(registration.get_status_display()),
                str(position) if position else "",
                spreadsheet_time(registration.created_at),
                spreadsheet_time(registration.attended_at),
                spreadsheet_time(registration.cancelled_at),
            ]
        )
    return csv_response(filename=f"deltakere-arena-{arena.pk}.csv", header=header, rows=rows)


# --- cancelling a registration ----------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def host_cancel_registration(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    """Cancel someone's registration after a confirmation page; the first on the waiting
    list gets the place (by the registration service)."""
    user = signed_in_user(request)
    arena = permissions.arena_for_manage(user, pk)
    registration = _registration_or_404(arena, registration_pk)
    back = list_query(request.POST.get("back", "") or request.GET.get("back", ""))
    if registration.status == Registration.Status.CANCELLED:
        messages.info(
            request,
            _("The registration of %(name)s is already cancelled.") % {"name": registration.name},
        )
        return redirect(_participants_url(arena, back))
    if request.method == "POST":
        next_in_line = selectors.first_waitlisted(arena) if registration.holds_place else None
        try:
            registration_services.registration_cancel(registration=registration, by=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_participants_url(arena, back))
        text = _("The registration of %(name)s is cancelled.") % {"name": registration.name}
        if next_in_line is not None:
            next_in_line.refresh_from_db(fields=["status"])
            if next_in_line.holds_place:
                text += " " + _(
                    "%(name)s, first on the waiting list, got the place and an e-mail about it."
                ) % {"name": next_in_line.name}
        messages.success(request, text)
        return redirect(_participants_url(arena, back))
    return render(
        request,
        "arenas/host/cancel.html",
        {
            "arena": arena,
            "registration": registration,
            "back": back,
            "waitlisted": selectors.registration_counts(arena).waitlisted,
        },
    )


# --- a message to the participants ------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def message(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    arena = permissions.arena_for_manage(user, pk)
    form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.participants_message(
                arena=arena,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                include_waitlist=form.cleaned_data["include_waitlist"],
                by=user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if sent:
                messages.success(
                    request,
                    ngettext(
                        "The message is being sent to %(count)s person.",
                        "The message is being sent to %(count)s people.",
                        sent,
                    )
                    % {"count": sent},
                )
                return redirect("arenas:message", pk=arena.pk)
            form.add_error(
                None,
                _("There is no one to send the message to yet. Nothing was sent."),
            )
    return render(
        request,
        "arenas/host/message.html",
        {"arena": arena, "form": form, "counts": selectors.registration_counts(arena)},
    )


# --- invitations ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invite(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    arena = permissions.arena_for_manage(user, pk)
    filters = InviteFilterForm(request.GET or None)
    values = filters.values()
    named = {"q": values["query"], "kind": values["kind"], "sector": values["sector"]}
    filter_query = urlencode({name: value for name, value in named.items() if value})
    invitable = selectors.invitable_organisations(arena)
    form = InviteForm(request.POST if request.method == "POST" else None, invitable=invitable)
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen()
        try:
            sent = services.arena_invite(arena=arena, organisations=chosen, by=user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            invited = len({o.pk for o in chosen})
            messages.success(
                request,
                ngettext(
                    "%(count)s organisation is invited.",
                    "%(count)s organisations are invited.",
                    invited,
                )
                % {"count": invited}
                + " "
                + ngettext(
                    "%(count)s e-mail is being sent.", "%(count)s e-mails are being sent.", sent
                )
                % {"count": sent},
            )
            unreachable = selectors.organisations_without_address(chosen)
            if unreachable:
                messages.warning(
                    request,
                    _(
                        "These have no administrator on Samskap and no contact address, so "
                        "they got no e-mail; tell them another way: %(names)s"
                    )
                    % {"names": ", ".join(unreachable)},
                )
            url = reverse("arenas:invite", args=[arena.pk])
            return redirect(f"{url}?{filter_query}" if filter_query else url)
    candidates = selectors.invitable_organisations(
        arena, kind=values["kind"], sector=values["sector"], query=values["query"]
    )
    paginator = Paginator(candidates, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    checked = {str(value) for value in (form["organisations"].value() or [])}
    context = {
        "arena": arena,
        "filters": filters,
        "form": form,
        "invited": list(selectors.invited_organisations(arena)),
        "page_obj": page,
        "checked": checked,
        "can_invite": arena.status == Arena.Status.PUBLISHED
        and arena.registration_closes > timezone.now(),
    }
    template = "arenas/host/invite.html"
    if wants_fragment(request) and request.method != "POST":
        template += "#candidates"
    return render(request, template, context)
