"""Arenas themselves: the public list and page, the hosts' list, creating, editing,
publishing and cancelling, and the arena's calendar file. Each view fetches its objects
through `permissions`, calls one service and renders."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from samskap.accounts.permissions import signed_in_user
from samskap.activities.jsonld import iso_local, jsonld_script
from samskap.core.forms import add_service_errors
from samskap.core.htmx import HtmxHttpRequest, wants_fragment
from samskap.core.mail import absolute_url
from samskap.places.models import County

from . import ical, participants, permissions
from .forms.arena import (
    ArenaForm,
    CancelForm,
    ProgrammeFormSet,
    QuestionFormSet,
    programme_initial,
    questions_initial,
)
from .models import Arena
from .selectors import arenas as selectors
from .services import arenas as services

PAGE_SIZE = 20
SCHEMA = "https://schema.org"
ATTENDANCE_MODES = {
    Arena.Format.DIGITAL: f"{SCHEMA}/OnlineEventAttendanceMode",
    Arena.Format.PHYSICAL: f"{SCHEMA}/OfflineEventAttendanceMode",
    Arena.Format.HYBRID: f"{SCHEMA}/MixedEventAttendanceMode",
}


def _with_state(arenas: list[Arena]) -> list[Arena]:
    """Give each arena (annotated by `selectors.with_counts`) its registration state and the
    places left, for the templates."""
    now = timezone.now()
    for arena in arenas:
        confirmed = arena.confirmed_count  # type: ignore[attr-defined]
        arena.registration_state = selectors.registration_state(arena, confirmed, now)  # type: ignore[attr-defined]
        arena.places_left = selectors.places_left(arena, confirmed)  # type: ignore[attr-defined]
    return arenas


# --- the public list ----------------------------------------------------------------------


class ArenaFilterForm(forms.Form):
    county = forms.ModelChoiceField(
        label=gettext_lazy("County"),
        queryset=County.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("All counties"),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[("", gettext_lazy("All kinds")), *Arena.Kind.choices],
        required=False,
    )
    when = forms.ChoiceField(
        choices=[("", "upcoming"), ("past", "past")], required=False, widget=forms.HiddenInput
    )

    def filters(self) -> selectors.ArenaFilters:
        if not self.is_valid():
            return selectors.ArenaFilters()
        county = self.cleaned_data.get("county")
        return selectors.ArenaFilters(
            county=county.pk if county else "",
            kind=self.cleaned_data.get("kind") or "",
            past=self.cleaned_data.get("when") == "past",
        )


@require_http_methods(["GET", "HEAD"])
def arena_list(request: HtmxHttpRequest) -> HttpResponse:
    form = ArenaFilterForm(request.GET)
    filters = form.filters()
    paginator = Paginator(selectors.arenas_for_list(request.user, filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    _with_state(list(page.object_list))
    context = {
        "form": form,
        "filters": filters,
        "past": filters.past,
        "can_create": permissions.can_create_arena(request.user),
        "page_obj": page,
    }
    if wants_fragment(request):
        return render(request, "arenas/list.html#results", context)
    return render(request, "arenas/list.html", context)


# --- the hosts' list ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def my_arenas(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    paginator = Paginator(selectors.managed_arenas(user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    _with_state(list(page.object_list))
    context = {"can_create": permissions.can_create_arena(user), "page_obj": page}
    return render(request, "arenas/mine.html", context)


# --- the arena's page ---------------------------------------------------------------------


def arena_jsonld(arena: Arena, *, url: str) -> dict[str, Any]:
    """schema.org `Event` of the arena, for search engines. The video link is private, so
    a digital arena's virtual location is its page."""
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": arena.title,
        "url": url,
        "startDate": iso_local(arena.starts_at),
        "endDate": iso_local(arena.ends_at),
        "eventStatus": f"{SCHEMA}/EventCancelled"
        if arena.is_cancelled
        else f"{SCHEMA}/EventScheduled",
        "eventAttendanceMode": ATTENDANCE_MODES.get(
            Arena.Format(arena.format), ATTENDANCE_MODES[Arena.Format.DIGITAL]
        ),
        "maximumAttendeeCapacity": arena.capacity,
        "isAccessibleForFree": True,
        "inLanguage": "no",
    }
    if arena.description:
        data["description"] = arena.description
    locations: list[dict[str, Any]] = []
    if arena.is_physical:
        address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": "NO"}
        if arena.street_address:
            address["streetAddress"] = arena.street_address
        if arena.postal_code:
            address["postalCode"] = arena.postal_code
        locality = arena.postal_place or (arena.municipality.name if arena.municipality else "")
        if locality:
            address["addressLocality"] = locality
        address["addressRegion"] = arena.county.name
        locations.append(
            {
                "@type": "Place",
                "name": arena.place_name or arena.street_address or locality,
                "address": address,
            }
        )
    if arena.is_digital:
        locations.append({"@type": "VirtualLocation", "url": url})
    data["location"] = locations[0] if len(locations) == 1 else locations
    hosts = list(arena.hosts.all())
    if hosts:
        organisers = []
        for host in hosts:
            organiser: dict[str, Any] = {"@type": "Organization", "name": host.name}
            if host.is_public_profile:
                organiser["url"] = urljoin(url, reverse("directory:detail", args=[host.slug]))
            organisers.append(organiser)
        data["organizer"] = organisers[0] if len(organisers) == 1 else organisers
    return data


@require_http_methods(["GET", "HEAD"])
def arena_detail(request: HttpRequest, pk: int) -> HttpResponse:
    arena = permissions.arena_for_view(request.user, pk)
    can_manage = permissions.can_manage_arena(request.user, arena)
    registration = participants.registration_for(request, arena)
    is_participant = permissions.is_confirmed_participant(arena, registration)
    counts = selectors.arena_counts(arena)
    url = absolute_url(arena.get_absolute_url())
    jsonld: SafeString | None = None
    if arena.is_public:
        jsonld = jsonld_script(arena_jsonld(arena, url=url))
    context = {
        "arena": arena,
        "can_manage": can_manage,
        "registration": registration,
        "is_participant": is_participant,
        "show_video": bool(arena.video_url) and arena.is_digital and (can_manage or is_participant),
        "show_names": is_participant and not can_manage,
        "visible_participants": (
            list(selectors.visible_participants(arena)) if is_participant and not can_manage else []
        ),
        "counts": counts,
        "places_left": selectors.places_left(arena, counts.confirmed),
        "state": selectors.registration_state(arena, counts.confirmed),
        "programme": list(selectors.programme_of(arena)),
        "questions": list(selectors.questions_of(arena)),
        "hosts": list(arena.hosts.all()),
        "jsonld": jsonld,
    }
    return render(request, "arenas/detail.html", context)


# --- creating and editing -----------------------------------------------------------------


def _form_context(
    request: HttpRequest, *, arena: Arena | None, counties: list[County]
) -> dict[str, Any]:
    """The form and the formsets (bound on POST) in a context for `arenas/form.html`."""
    is_post = request.method == "POST"
    data = request.POST if is_post else None
    instance = Arena.objects.get(pk=arena.pk) if arena is not None else Arena()
    form = ArenaForm(data, counties=counties, instance=instance)
    programme = ProgrammeFormSet(data, prefix="programme", initial=programme_initial(arena))
    questions = QuestionFormSet(data, prefix="questions", initial=questions_initial(arena))
    return {
        "form": form,
        "programme_formset": programme,
        "question_formset": questions,
        "arena": arena,
        "programme_errors": [],
        "question_errors": [],
    }


def _save(context: dict[str, Any], save: Callable[[services.ArenaData], Arena]) -> Arena | None:
    """Validate the bound form and formsets and call `save(data)`; on errors, put them in
    `context` and return None."""
    form: ArenaForm = context["form"]
    programme = context["programme_formset"]
    questions = context["question_formset"]
    valid = form.is_valid()
    valid = programme.is_valid() and valid
    valid = questions.is_valid() and valid
    if not valid:
        return None
    day = form.cleaned_data["start_date"]
    data = form.to_data(
        programme=[f.to_data(day) for f in programme.kept_forms()],
        questions=[f.to_data() for f in questions.kept_forms()],
    )
    try:
        arena: Arena = save(data)
    except ValidationError as error:
        form.add_service_errors(error)
        if hasattr(error, "error_dict"):
            context["programme_errors"] = [
                m for e in error.error_dict.get("programme", []) for m in e.messages
            ]
            context["question_errors"] = [
                m for e in error.error_dict.get("questions", []) for m in e.messages
            ]
        return None
    return arena


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def arena_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    numbers = permissions.counties_for_new_arenas(user)
    if not numbers:
        raise PermissionDenied
    counties = list(County.objects.filter(number__in=numbers).order_by("name"))
    context = _form_context(request, arena=None, counties=counties)
    if request.method == "POST":
        publish = "publish" in request.POST

        def save(data: services.ArenaData) -> Arena:
            county = context["form"].cleaned_data["county"]
            if county.pk not in numbers:
                raise PermissionDenied
            return services.arena_create(county=county, data=data, by=user, publish=publish)

        arena = _save(context, save)
        if arena is not None:
            if publish:
                messages.success(request, _("The arena is published."))
            else:
                messages.success(
                    request, _("The arena is saved as a draft. Only the hosts see it.")
                )
            return redirect("arenas:detail", pk=arena.pk)
    return render(request, "arenas/form.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def arena_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    arena = permissions.arena_for_manage(user, pk)
    context = _form_context(request, arena=arena, counties=[])
    if request.method == "POST":
        saved = _save(context, lambda data: services.arena_update(arena=arena, data=data))
        if saved is not None:
            messages.success(request, _("The arena is saved."))
            return redirect("arenas:detail", pk=arena.pk)
    return render(request, "arenas/form.html", context)


@login_required
@require_POST
def arena_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    arena = permissions.arena_for_manage(user, pk)
    try:
        services.arena_publish(arena=arena, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The arena is published."))
    return redirect("arenas:detail", pk=arena.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def arena_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    arena = permissions.arena_for_manage(user, pk)
    if arena.status != Arena.Status.PUBLISHED:
        if arena.is_cancelled:
            messages.info(request, _("The arena is already cancelled."))
        else:
            messages.info(request, _("A draft is not public, so there is nothing to cancel."))
        return redirect("arenas:detail", pk=arena.pk)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.arena_cancel(arena=arena, by=user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The arena is cancelled. Everyone registered gets an e-mail with the reason."),
            )
            return redirect("arenas:detail", pk=arena.pk)
    counts = selectors.arena_counts(arena)
    return render(
        request,
        "arenas/cancel.html",
        {"arena": arena, "form": form, "counts": counts},
    )


# --- calendar -----------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def arena_ics(request: HttpRequest, pk: int) -> HttpResponse:
    arena = permissions.arena_for_view(request.user, pk)
    return ical.ics_response(arena, url=absolute_url(arena.get_absolute_url()), include_video=False)
