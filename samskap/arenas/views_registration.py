"""Registration and the personal page behind the signed link.

No account is needed: `register` takes the form, and everything afterwards (the personal page,
changing and cancelling) is reached through the personal link from the confirmation e-mail
(`tokens`). A link that is malformed or tampered with gets a 400 page, an expired one a 410
page; both explain how to get a new link.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from samskap.accounts.models import User
from samskap.core.forms import add_service_errors
from samskap.core.mail import absolute_url
from samskap.directory.models import Sector
from samskap.directory.permissions import active_memberships

from . import ical, participants, permissions, tokens
from .forms.registration import ORGANISATION_LIST_ID, RegistrationForm, ResendLinkForm
from .models import Arena, Registration
from .selectors import groups as group_selectors
from .selectors import hosting as hosting_selectors
from .selectors import registration as selectors
from .selectors.arenas import RegistrationState, registration_state
from .services import registration as services

INVALID_TEMPLATE = "arenas/registration/invalid_link.html"


def _signed_in(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def _organisation_suggestions(arena: Arena, form: RegistrationForm) -> list[str]:
    """The organisation names the page carries: all of the county's when they are few; else
    none, and the organisation field asks for suggestions as the person types (htmx)."""
    names = selectors.organisation_names(arena.county_id, limit=selectors.SUGGESTIONS_IN_PAGE + 1)
    if len(names) <= selectors.SUGGESTIONS_IN_PAGE:
        return names
    form.fields["organisation_name"].widget.attrs.update(
        {
            "hx-get": reverse("arenas:organisation_suggestions", args=[arena.pk]),
            "hx-trigger": "input changed delay:250ms",
            "hx-target": f"#{ORGANISATION_LIST_ID}",
            "hx-swap": "innerHTML",
            "hx-sync": "this:replace",
        }
    )
    return []


def _initial_for_user(user: User | None) -> dict[str, Any]:
    """A signed-in person's name and address, and their organisation if they have one."""
    if user is None:
        return {}
    initial: dict[str, Any] = {"name": user.name, "email": user.email}
    membership = min(active_memberships(user), key=lambda m: m.pk, default=None)
    if membership is not None:
        organisation = membership.organisation
        initial["organisation_name"] = organisation.name
        initial["sector"] = organisation.sector
        if organisation.home_municipality_id:
            initial["municipality"] = organisation.home_municipality_id
    return initial


def _invited(arena: Arena) -> dict[str, Any]:
    if arena.access != Arena.Access.INVITED:
        return {}
    sectors = [str(Sector(value).label) for value in arena.invited_sectors if value in Sector]
    organisations = list(
        arena.invited_organisations.order_by("name").values_list("name", flat=True)
    )
    return {"invited_sectors": sectors, "invited_organisations": organisations}


def _resend(request: HttpRequest, arena: Arena) -> HttpResponse:
    """Send the personal link again; the answer is the same whether or not the address has a
    registration."""
    form = ResendLinkForm(request.POST)
    if form.is_valid():
        services.registration_resend_link(arena=arena, email=form.cleaned_data["email"])
        messages.info(
            request,
            _(
                "If %(email)s has a registration for this arena, we have sent the link to "
                "your page to it. Check your inbox (and the spam folder)."
            )
            % {"email": form.cleaned_data["email"]},
        )
    else:
        messages.error(request, _("Enter a valid e-mail address to get your link again."))
    return redirect("arenas:register", pk=arena.pk)


def _personal_url(registration: Registration) -> str:
    return reverse("arenas:personal", args=[registration.arena_id, tokens.make_token(registration)])


def _success_message(request: HttpRequest, registration: Registration) -> None:
    if registration.status == Registration.Status.WAITLISTED:
        position = selectors.waitlist_position(registration) or 1
        messages.success(
            request,
            _(
                "The arena is full, so you are on the waiting list, as number %(position)s. "
                "You get a place automatically if someone cancels. "
                "We have sent you an e-mail with the link to this page."
            )
            % {"position": position},
        )
    else:
        messages.success(
            request,
            _(
                "You are registered for %(title)s. "
                "We have sent you an e-mail with the link to this page."
            )
            % {"title": registration.arena.title},
        )


@require_http_methods(["GET", "HEAD", "POST"])
def register(request: HttpRequest, pk: int) -> HttpResponse:
    arena = permissions.arena_for_view(request.user, pk)
    if request.method == "POST" and request.POST.get("resend"):
        return _resend(request, arena)
    user = _signed_in(request)
    counts = hosting_selectors.registration_counts(arena)
    state = registration_state(arena, counts.holding_place)
    is_open = state in (RegistrationState.OPEN, RegistrationState.WAITLIST)
    is_post = request.method == "POST" and is_open
    form = RegistrationForm(
        request.POST if is_post else None, arena=arena, initial=_initial_for_user(user)
    )
    duplicate_email = ""
    if is_post and form.is_valid():
        try:
            registration = services.registration_create(
                arena=arena,
                data=form.to_data(),
                language=translation.get_language() or "nb",
                user=user,
            )
        except ValidationError as error:
            if "duplicate" in services.error_codes(error):
                duplicate_email = form.cleaned_data["email"]
            add_service_errors(form, error)
        else:
            participants.remember_registration(request, registration)
            _success_message(request, registration)
            return redirect(_personal_url(registration))
    context = {
        "arena": arena,
        "form": form,
        "state": state,
        "places_left": counts.places_left,
        "next_position": counts.waitlisted + 1,
        "organisation_names": _organisation_suggestions(arena, form) if is_open else [],
        "organisation_list_id": ORGANISATION_LIST_ID,
        "duplicate_email": duplicate_email,
        "resend_form": ResendLinkForm(),
        **_invited(arena),
    }
    return render(request, "arenas/registration/register.html", context)


# --- behind the personal link -----------------------------------------------------------


def _invalid_link(request: HttpRequest, pk: int, reason: str) -> HttpResponse:
    try:
        arena: Arena | None = permissions.arena_for_view(request.user, pk)
    except Http404:
        arena = None
    return render(
        request,
        INVALID_TEMPLATE,
        {"arena": arena, "expired": reason == "expired", "resend_form": ResendLinkForm()},
        status=410 if reason == "expired" else 400,
    )


def _from_token(request: HttpRequest, pk: int, token: str) -> Registration | HttpResponse:
    """The registration the link names, or the page explaining the link does not work."""
    try:
        registration = tokens.registration_from_token(token, arena_id=pk)
    except tokens.InvalidToken as error:
        return _invalid_link(request, pk, error.reason)
    participants.remember_registration(request, registration)
    return registration


def _private(response: HttpResponse) -> HttpResponse:
    """The pages behind the personal link are for one person: no shared caches, no search
    engines."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_http_methods(["GET", "HEAD"])
def personal(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    found = _from_token(request, pk, token)
    if isinstance(found, HttpResponse):
        return found
    registration = found
    arena = registration.arena
    if request.GET.get("ics"):
        url = absolute_url(request.path)
        return _private(ical.ics_response(arena, url=url, include_video=registration.holds_place))
    confirmed = registration.holds_place
    sees_names = confirmed and permissions.can_see_participant_names(
        request.user, arena, registration
    )
    context = {
        "arena": arena,
        "registration": registration,
        "token": token,
        "confirmed": confirmed,
        "position": selectors.waitlist_position(registration),
        "programme": list(arena.programme.all()),
        "visible_participants": selectors.visible_participants(arena) if sees_names else None,
        "show_wall": arena.wall_open
        and not arena.is_cancelled
        and registration.status != Registration.Status.CANCELLED,
        "can_register_again": (
            registration.status == Registration.Status.CANCELLED and arena.registration_is_open()
        ),
        "my_groups": group_selectors.groups_for_registration(registration) if confirmed else [],
    }
    return _private(render(request, "arenas/registration/personal.html", context))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def registration_change(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    found = _from_token(request, pk, token)
    if isinstance(found, HttpResponse):
        return found
    registration = found
    arena = registration.arena
    if registration.status == Registration.Status.CANCELLED:
        messages.info(request, _("This registration is cancelled, so it cannot be changed."))
        return redirect("arenas:personal", pk=arena.pk, token=token)
    is_post = request.method == "POST"
    form = RegistrationForm(
        request.POST if is_post else None,
        arena=arena,
        initial=RegistrationForm.initial_for(registration),
    )
    if is_post and form.is_valid():
        try:
            services.registration_update(registration=registration, data=form.to_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("arenas:personal", pk=arena.pk, token=token)
    context = {
        "arena": arena,
        "registration": registration,
        "token": token,
        "form": form,
        "organisation_names": _organisation_suggestions(arena, form),
        "organisation_list_id": ORGANISATION_LIST_ID,
    }
    return _private(render(request, "arenas/registration/change.html", context))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def registration_cancel(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    found = _from_token(request, pk, token)
    if isinstance(found, HttpResponse):
        return found
    registration = found
    arena = registration.arena
    if request.method == "POST":
        was_cancelled = registration.status == Registration.Status.CANCELLED
        services.registration_cancel(registration=registration)
        if not was_cancelled:
            if arena.registration_is_open():
                messages.success(
                    request,
                    _(
                        "Your registration is cancelled. You may register again while "
                        "registration is open."
                    ),
                )
            else:
                messages.success(request, _("Your registration is cancelled."))
        return redirect("arenas:personal", pk=arena.pk, token=token)
    context = {"arena": arena, "registration": registration, "token": token}
    return _private(render(request, "arenas/registration/cancel.html", context))


@require_GET
def organisation_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """The registration form's organisation suggestions for what was typed so far (the options
    of its `<datalist>`), for counties with too many organisations to list in the page."""
    arena = permissions.arena_for_view(request.user, pk)
    query = " ".join(request.GET.get("organisation_name", "").split())[:200]
    names = (
        selectors.organisation_suggestions(arena.county_id, query=query) if len(query) >= 2 else []
    )
    return render(
        request,
        "arenas/registration/_organisation_options.html",
        {"organisation_names": names},
    )
