"""Pages of the directory. Each view parses input, fetches its organisation through
`permissions`, calls one service and renders; htmx requests get a partial of the same template."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from samskap.accounts.models import User
from samskap.accounts.permissions import signed_in_user
from samskap.core.htmx import HtmxHttpRequest, wants_fragment

from . import permissions, selectors, services
from .forms import DirectoryFilterForm, JoinForm, MemberActionForm, OrganisationForm
from .models import Membership, Organisation

PAGE_SIZE = 20


# --- the public directory --------------------------------------------------------------


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "HEAD"])
def organisation_list(request: HtmxHttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET)
    filters, ignored = form.filters()
    paginator = Paginator(selectors.organisation_list(filters=filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filters": filters,
        "ignored_filters": ignored,
        "page_obj": page,
        "is_filtered": any(
            (
                filters.q,
                filters.county,
                filters.municipality,
                filters.kind,
                filters.target_group,
                filters.theme,
            )
        ),
        "fragment": wants_fragment(request),
    }
    template = "directory/list.html#results" if context["fragment"] else "directory/list.html"
    return render(request, template, context)


# --- a profile -------------------------------------------------------------------------


def _membership_context(request: HttpRequest, organisation: Organisation) -> dict[str, Any]:
    user = request.user
    membership = permissions.membership_of(user, organisation)
    can_manage = permissions.can_manage_members(user, organisation)
    return {
        "organisation": organisation,
        "membership": membership,
        "can_edit": permissions.can_edit_organisation(user, organisation),
        "can_manage": can_manage,
        "can_request": permissions.can_request_membership(user, organisation),
        "pending_count": selectors.pending_request_count(organisation) if can_manage else 0,
        "join_form": JoinForm(),
    }


@require_http_methods(["GET", "HEAD"])
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = permissions.organisation_for_view(request.user, slug)
    context = _membership_context(request, organisation)
    context["register_checked"] = selectors.register_last_checked(organisation)
    return render(request, "directory/detail.html", context)


# --- registering and editing -----------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = OrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(by=user, data=form.to_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is registered. You are its administrator.")
                % {"name": organisation.name},
            )
            return redirect("directory:detail", slug=organisation.slug)
    return render(request, "directory/form.html", {"form": form, "organisation": None})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    organisation = permissions.organisation_for_edit(user, slug)
    # The form works on its own copy, so the page keeps showing the stored name while the
    # person corrects their input.
    form = OrganisationForm(
        request.POST if request.method == "POST" else None,
        instance=Organisation.objects.get(pk=organisation.pk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(organisation=organisation, by=user, data=form.to_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect("directory:detail", slug=organisation.slug)
    return render(request, "directory/form.html", {"form": form, "organisation": organisation})


# --- memberships -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_join(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    organisation = permissions.organisation_for_view(user, slug)
    membership = permissions.membership_of(user, organisation)
    if membership is not None and not wants_fragment(request):
        if membership.status == Membership.Status.PENDING:
            messages.info(
                request, _("You have already asked to join. An administrator will reply.")
            )
        else:
            messages.info(request, _("You are already a member of this organisation."))
        return redirect("directory:detail", slug=organisation.slug)
    if membership is None and not permissions.can_request_membership(user, organisation):
        messages.error(request, _("It is not possible to ask to join this organisation."))
        return redirect("directory:detail", slug=organisation.slug)

    form = JoinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and membership is None and form.is_valid():
        services.membership_request(
            organisation=organisation, user=user, message=form.cleaned_data["message"]
        )
        if not wants_fragment(request):
            messages.success(
                request,
                _("Your request is sent. The administrators of %(name)s will reply.")
                % {"name": organisation.name},
            )
            return redirect("directory:detail", slug=organisation.slug)
    if wants_fragment(request):
        context = _membership_context(request, organisation)
        if request.method == "POST" and form.errors:
            context["join_form"] = form
        return render(request, "directory/detail.html#membership", context)
    return render(request, "directory/join.html", {"organisation": organisation, "form": form})


def _member_action(*, action: str, membership: Membership, by: User) -> tuple[str, str]:
    """Carry out one action of the members page; returns the message level and text."""
    name = str(membership.user)
    if action == MemberActionForm.Action.APPROVE:
        services.membership_approve(membership=membership, by=by)
        return "success", _("%(name)s is now a member.") % {"name": name}
    if action == MemberActionForm.Action.REJECT:
        services.membership_reject(membership=membership, by=by)
        return "success", _("The request from %(name)s is rejected.") % {"name": name}
    if action == MemberActionForm.Action.MAKE_ADMIN:
        services.membership_set_role(membership=membership, role=Membership.Role.ADMIN, by=by)
        return "success", _("%(name)s is now an administrator.") % {"name": name}
    if action == MemberActionForm.Action.MAKE_MEMBER:
        services.membership_set_role(membership=membership, role=Membership.Role.MEMBER, by=by)
        return "success", _("%(name)s is now a member without administrator rights.") % {
            "name": name
        }
    services.membership_remove(membership=membership, by=by)
    return "success", _("%(name)s is removed from the organisation.") % {"name": name}


@vary_on_headers("HX-Request")
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_members(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    organisation = permissions.organisation_for_members(user, slug)
    feedback: tuple[str, str] | None = None
    if request.method == "POST":
        form = MemberActionForm(request.POST, organisation=organisation)
        if not form.is_valid():
            feedback = (
                "error",
                _("That member or action was not found. Reload the page and try again."),
            )
        else:
            try:
                feedback = _member_action(
                    action=form.cleaned_data["action"],
                    membership=form.cleaned_data["membership"],
                    by=user,
                )
            except ValidationError as error:
                feedback = ("error", " ".join(error.messages))
        if not permissions.can_manage_members(user, organisation):
            # The person stepped down or removed themselves.
            messages.add_message(request, messages.SUCCESS, feedback[1])
            url = (
                reverse("directory:detail", kwargs={"slug": organisation.slug})
                if permissions.can_view_organisation(user, organisation)
                else reverse("directory:list")
            )
            return HttpResponseClientRedirect(url) if wants_fragment(request) else redirect(url)
        if not wants_fragment(request):
            level = messages.ERROR if feedback[0] == "error" else messages.SUCCESS
            messages.add_message(request, level, feedback[1])
            return redirect("directory:members", slug=organisation.slug)

    memberships = list(selectors.membership_list(organisation))
    pending = [m for m in memberships if m.status == Membership.Status.PENDING]
    active = [m for m in memberships if m.status == Membership.Status.ACTIVE]
    context = {
        "organisation": organisation,
        "pending": pending,
        "active": active,
        "admin_count": sum(1 for m in active if m.role == Membership.Role.ADMIN),
        "feedback": feedback,
        "fragment": wants_fragment(request),
        "pending_heading": ngettext(
            "%(count)s request waiting for approval",
            "%(count)s requests waiting for approval",
            len(pending),
        )
        % {"count": len(pending)},
    }
    template = (
        "directory/members.html#members" if wants_fragment(request) else "directory/members.html"
    )
    return render(request, template, context)
