"""The live wall: joining with the arena's code, the wall with its contributions (polled by
htmx every few seconds; a poll with the current version gets "204 No Content"), posting,
supporting, and the hosts' moderation and export.

Each view fetches the arena through `permissions`, recognises the person through
`participants` (their session), calls one service and renders the page, or for htmx the
part of it that changed.
"""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from samskap.accounts.models import User
from samskap.core.forms import add_service_errors
from samskap.core.htmx import HtmxHttpRequest, wants_fragment
from samskap.core.spreadsheet import csv_response, spreadsheet_time

from . import participants, permissions, wall_html
from .forms.wall import ContributionForm, JoinForm, ModerateForm
from .models import Arena, BreakoutGroup
from .participants import Participant
from .selectors import groups as group_selectors
from .selectors import wall as wall_selectors
from .services import wall as wall_services
from .wall_html import TEMPLATE

# Wrong join codes allowed per client address and per browser session in a window; the next
# attempt (right or wrong) gets "429 Too many attempts" until the window ends.
JOIN_CODE_ATTEMPTS = 10
JOIN_CODE_WINDOW = 5 * 60

# --- rate limit of wrong join codes -----------------------------------------------------


def _join_limit_keys(request: HttpRequest) -> list[str]:
    keys = [f"arenas:join-code:ip:{get_adapter(request).get_client_ip(request)}"]
    if request.session.session_key:
        keys.append(f"arenas:join-code:session:{request.session.session_key}")
    return keys


def join_code_blocked(request: HttpRequest) -> bool:
    """Whether this client has typed too many wrong join codes lately."""
    counts = cache.get_many(_join_limit_keys(request))
    return any(int(count) >= JOIN_CODE_ATTEMPTS for count in counts.values())


def join_code_count_wrong(request: HttpRequest) -> None:
    """Count one wrong join code for this client (the window starts at the first)."""
    if not request.session.session_key:
        request.session.save()
    for key in _join_limit_keys(request):
        cache.add(key, 0, timeout=JOIN_CODE_WINDOW)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=JOIN_CODE_WINDOW)


# --- who is on the wall -----------------------------------------------------------------


def _host_on_wall(user: User) -> Participant:
    """A host on the wall by their account (hosts see and moderate without joining)."""
    return Participant(key=f"u{user.pk}", name=user.name)


class _NotJoined(Exception):
    """The person may not see the wall before joining it."""


def _wall_arena(request: HttpRequest, pk: int) -> tuple[Arena, Participant, bool]:
    """The arena, the person on its wall and whether they host, if they may see the wall."""
    user = request.user
    arena = permissions.arena_for_view(user, pk)
    is_host = permissions.can_moderate_wall(user, arena)
    # Joined or registered in this session, else a host by their account.
    participant = participants.participant_for(request, arena)
    if participant is None and is_host and isinstance(user, User):
        participant = _host_on_wall(user)
    if participant is None or not permissions.can_view_wall(user, arena, has_joined=True):
        raise _NotJoined
    return arena, participant, is_host


def _my_groups(request: HttpRequest, arena: Arena) -> list[BreakoutGroup]:
    """The person's published groups in this arena, to post from."""
    if arena.groups_published_at is None:
        return []
    registration = participants.registration_for(request, arena)
    if registration is None:
        return []
    registration.arena = arena
    mine = group_selectors.groups_for_registration(registration)
    for place in mine:
        place.group.round = place.round
    return [place.group for place in mine]


def _sort(request: HttpRequest) -> wall_selectors.WallSort:
    return "support" if request.GET.get("sort") == "support" else "new"


def _int(value: str | None) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0


def _wall_context(
    request: HttpRequest,
    arena: Arena,
    participant: Participant,
    is_host: bool,
    *,
    sort: wall_selectors.WallSort,
    announce: str = "",
    oob: bool = False,
    after_id: int | None = None,
) -> dict[str, object]:
    """What the wall region needs, at `arena.wall_version` (read it again after a change);
    with `after_id` (the newest contribution the person has seen), `announce` says how many
    are new."""
    can_post = permissions.can_post_on_wall(arena, has_joined=True)
    shared = wall_html.shared_wall(arena, is_host=is_host, can_post=can_post, sort=sort)
    supported = wall_selectors.supported_ids(arena, participant.key)
    if after_id is not None:
        new = sum(1 for pk in shared.visible_ids if pk > after_id)
        if new:
            announce = ngettext(
                "%(count)s new contribution", "%(count)s new contributions", new
            ) % {"count": new}
    return {
        "arena": arena,
        "shared": shared,
        "cards": wall_html.personal(request, shared, supported),
        "sort": sort,
        "is_host": is_host,
        "participant": participant,
        "can_post": can_post,
        "announce": announce,
        "oob": oob,
    }


def _wall_url(arena: Arena, anchor: str = "") -> str:
    return reverse("arenas:wall", args=[arena.pk]) + (f"#{anchor}" if anchor else "")


# --- joining ----------------------------------------------------------------------------


def _join_page(request: HttpRequest, arena: Arena | None) -> HttpResponse:
    """The join form, for one arena or (`arena` None) for whichever arena has the code."""
    if request.method == "POST" and join_code_blocked(request):
        return render(request, "429.html", status=429)
    form = JoinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if arena is None:
            joined = Arena.objects.published().filter(join_code=code).first()
            wrong = _("No arena has that code. Check the code the hosts show, and try again.")
        else:
            joined = arena if code == arena.join_code else None
            wrong = _(
                "That is not this arena's code. Check the code the hosts show, and try again."
            )
        if joined is None:
            join_code_count_wrong(request)
            form.add_error("code", wrong)
        else:
            participants.join_with_code(request, joined, name=form.cleaned_data["name"])
            return redirect("arenas:wall", pk=joined.pk)
    return render(request, "arenas/wall/join.html", {"form": form, "arena": arena})


@require_http_methods(["GET", "HEAD", "POST"])
def join_code(request: HttpRequest) -> HttpResponse:
    """Type an arena's join code (and a name) to take part in its live wall."""
    return _join_page(request, None)


@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest, pk: int) -> HttpResponse:
    """Join one arena's wall with its code; a person already recognised (their personal
    link, an earlier join, or a host) goes straight on."""
    arena = permissions.arena_for_view(request.user, pk)
    recognised = participants.participant_for(request, arena) is not None
    if recognised or permissions.can_moderate_wall(request.user, arena):
        return redirect("arenas:wall", pk=arena.pk)
    return _join_page(request, arena)


# --- the wall ---------------------------------------------------------------------------


def _poll_unchanged(request: HttpRequest, pk: int) -> bool:
    """A participant's poll carrying the wall's current version: answered without reading
    the arena further (the arena is public and they joined it, so they may see the wall)."""
    if participants.participant_for(request, Arena(pk=pk)) is None:
        return False
    return str(wall_selectors.wall_version(pk)) == request.GET.get("v")


@require_http_methods(["GET", "HEAD", "POST"])
def wall(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    polling = request.method != "POST" and wants_fragment(request) and "v" in request.GET
    if polling and _poll_unchanged(request, pk):
        return HttpResponse(status=204)
    try:
        arena, participant, is_host = _wall_arena(request, pk)
    except _NotJoined:
        if polling:
            # The session ended: a full page load of the join page, not a swap into the wall.
            return HttpResponseClientRedirect(reverse("arenas:join", args=[pk]))
        return redirect("arenas:join", pk=pk)
    sort = _sort(request)
    if polling:
        if str(arena.wall_version) == request.GET.get("v"):  # a host's poll
            return HttpResponse(status=204)
        after_id = _int(request.GET.get("last"))
        context = _wall_context(request, arena, participant, is_host, sort=sort, after_id=after_id)
        return render(request, f"{TEMPLATE}#region", context)

    groups = _my_groups(request, arena)
    is_post = request.method == "POST"
    form = ContributionForm(
        request.POST if is_post else None,
        arena=arena,
        groups=groups,
        initial={"author_name": participant.name},
    )
    if is_post and form.is_valid():
        data = form.cleaned_data
        try:
            wall_services.contribution_create(
                arena=arena,
                participant=participant,
                question=data["question"],
                kind=data["kind"],
                text=data["text"],
                group=data.get("group"),
                author_name=data["author_name"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not wants_fragment(request):
                messages.success(request, _("Your contribution is on the wall."))
                return redirect(_wall_url(arena, "wall"))
            # An emptied form that keeps the choices, and the wall with the contribution.
            group = data.get("group")
            form = ContributionForm(
                arena=arena,
                groups=groups,
                initial={
                    "author_name": data["author_name"],
                    "question": data["question"],
                    "kind": data["kind"],
                    "group": group.pk if group else None,
                },
            )
            arena.refresh_from_db(fields=["wall_version"])
            context = _wall_context(
                request,
                arena,
                participant,
                is_host,
                sort=sort,
                announce=_("Your contribution is on the wall."),
                oob=True,
            )
            return render(request, f"{TEMPLATE}#posted", {**context, "form": form})
    if is_post and wants_fragment(request):
        can_post = permissions.can_post_on_wall(arena, has_joined=True)
        context = {"arena": arena, "form": form, "can_post": can_post}
        return render(request, f"{TEMPLATE}#form", context)
    context = _wall_context(request, arena, participant, is_host, sort=sort)
    return render(request, TEMPLATE, {**context, "form": form})


def _region_response(
    request: HtmxHttpRequest,
    arena: Arena,
    participant: Participant,
    is_host: bool,
    announce: str,
) -> HttpResponse:
    """The wall region after a change (the arena's version is read again)."""
    arena.refresh_from_db(fields=["wall_version"])
    context = _wall_context(
        request, arena, participant, is_host, sort=_sort(request), announce=announce
    )
    return render(request, f"{TEMPLATE}#region", context)


@require_POST
def vote(request: HtmxHttpRequest, pk: int, contribution_pk: int) -> HttpResponse:
    """Support a contribution, or take the support back (one vote per person)."""
    try:
        arena, participant, is_host = _wall_arena(request, pk)
    except _NotJoined:
        return redirect("arenas:join", pk=pk)
    contribution = wall_selectors.contribution_for_wall(arena, contribution_pk)
    if contribution is None:
        raise Http404
    if not permissions.can_post_on_wall(arena, has_joined=True):
        message = _("The wall is closed, so support cannot be given now.")
        if wants_fragment(request):
            return _region_response(request, arena, participant, is_host, message)
        messages.error(request, message)
        return redirect(_wall_url(arena, f"c{contribution.pk}"))
    try:
        supported = wall_services.vote_toggle(contribution=contribution, voter_key=participant.key)
    except ValidationError as error:
        message = " ".join(error.messages)
    else:
        message = (
            _("You support this contribution.") if supported else _("You took back your support.")
        )
    if wants_fragment(request):
        return _region_response(request, arena, participant, is_host, message)
    messages.info(request, message)
    return redirect(_wall_url(arena, f"c{contribution.pk}"))


# --- hosts ------------------------------------------------------------------------------


@login_required
@require_POST
def wall_control(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Open or close the wall for contributions and support."""
    arena = permissions.arena_for_wall_moderation(request.user, pk)
    assert isinstance(request.user, User)  # noqa: S101 - guaranteed by @login_required
    is_open = request.POST.get("open") == "1"
    try:
        wall_services.wall_open_set(arena=arena, is_open=is_open, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if is_open:
            messages.success(request, _("The wall is open: participants can post and support."))
        else:
            messages.success(request, _("The wall is closed: it can be read, not added to."))
    return redirect(_wall_url(arena))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def contribution_moderate(request: HtmxHttpRequest, pk: int, contribution_pk: int) -> HttpResponse:
    """Hide or show a contribution, merge it into another, or tag it. The page (GET) holds
    the merge and tag forms; hide and show are buttons on the wall."""
    arena = permissions.arena_for_wall_moderation(request.user, pk)
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by @login_required
    contribution = wall_selectors.contribution_for_wall(arena, contribution_pk)
    if contribution is None:
        raise Http404
    host = participants.participant_for(request, arena) or _host_on_wall(user)
    targets = wall_selectors.merge_targets(contribution)
    initial = {"tags": ", ".join(tag.name for tag in contribution.tags.order_by("name"))}
    form = ModerateForm(
        request.POST if request.method == "POST" else None, targets=targets, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        action = form.cleaned_data["action"]
        try:
            if action == ModerateForm.Action.HIDE:
                wall_services.contribution_hide(contribution=contribution, by=user)
                message = _("The contribution is hidden.")
            elif action == ModerateForm.Action.SHOW:
                wall_services.contribution_show(contribution=contribution, by=user)
                message = _("The contribution is shown again.")
            elif action == ModerateForm.Action.MERGE:
                into = form.cleaned_data["into"]
                wall_services.contribution_merge(contribution=contribution, into=into, by=user)
                message = _("The contribution is merged.")
            else:
                wall_services.contribution_tag(
                    contribution=contribution,
                    tags=form.cleaned_data["tags"].split(","),
                    by=user,
                )
                message = _("The tags are saved.")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            anchor = f"c{contribution.pk}"
            if action == ModerateForm.Action.MERGE:
                anchor = f"c{form.cleaned_data['into'].pk}"
            if wants_fragment(request):
                return _region_response(request, arena, host, True, message)
            messages.success(request, message)
            return redirect(_wall_url(arena, anchor))
    elif request.method == "POST" and wants_fragment(request):
        message = _("The change could not be made. Try again.")
        return _region_response(request, arena, host, True, message)
    return render(
        request,
        "arenas/wall/moderate.html",
        {
            "arena": arena,
            "contribution": contribution,
            "form": form,
            "has_targets": targets.exists(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def wall_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Every contribution of the arena, for spreadsheets."""
    arena = permissions.arena_for_wall_moderation(request.user, pk)
    header = [
        _("Question"),
        _("Kind"),
        _("Text"),
        _("Group"),
        _("Shown as"),
        _("Status"),
        _("Merged into"),
        _("Tags"),
        _("Support"),
        _("Posted"),
    ]
    rows = []
    for contribution in wall_selectors.contributions_for_export(arena):
        group = ""
        if contribution.group is not None:
            group = _("Group %(group)s in round %(round)s") % {
                "group": contribution.group.number,
                "round": contribution.group.round.number,
            }
        rows.append(
            [
                contribution.question.text if contribution.question else "",
                contribution.get_kind_display(),
                contribution.text,
                group,
                contribution.author_name,
                contribution.get_status_display(),
                contribution.merged_into.text if contribution.merged_into else "",
                ", ".join(tag.name for tag in contribution.tags.all()),
                contribution.vote_count,
                spreadsheet_time(contribution.created_at),
            ]
        )
    return csv_response(filename=f"bidrag-arena-{arena.pk}.csv", header=header, rows=rows)
