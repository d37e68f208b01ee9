"""The live wall: joining with the arena's code, the wall with its contributions (polled by
htmx every few seconds; a poll with the current version gets "204 No Content"), posting,
supporting, and the hosts' moderation and export.

Each view fetches the arena through `permissions`, recognises the person through
`participants` (their session), calls one service and renders the page, or for htmx the
part of it that changed.
"""

import re
import zlib
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from samskap.accounts.models import User
from samskap.core.htmx import HtmxHttpRequest, wants_fragment
from samskap.core.spreadsheet import csv_response, spreadsheet_time

from . import participants, permissions
from .forms.wall import ContributionForm, JoinForm, ModerateForm
from .models import Arena, BreakoutGroup, Contribution
from .participants import Participant
from .selectors import groups as group_selectors
from .selectors import wall as wall_selectors
from .services import wall as wall_services

# Wrong join codes allowed per client address and per browser session in a window; the next
# attempt (right or wrong) gets "429 Too many attempts" until the window ends.
JOIN_CODE_ATTEMPTS = 10
JOIN_CODE_WINDOW = 5 * 60
TEMPLATE = "arenas/wall/wall.html"

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


def _too_many_attempts(request: HttpRequest) -> HttpResponse:
    return render(request, "429.html", status=429)


# --- who is on the wall -----------------------------------------------------------------


def _participant(request: HttpRequest, arena: Arena) -> Participant | None:
    """The person on the wall: their joined or registered identity in this session, else a
    host by their account (hosts see and moderate without joining)."""
    participant = participants.participant_for(request, arena)
    if participant is not None:
        return participant
    user = request.user
    if isinstance(user, User) and permissions.can_moderate_wall(user, arena):
        return Participant(key=f"u{user.pk}", name=user.name)
    return None


class _NotJoined(Exception):
    """The person may not see the wall before joining it."""


def _wall_arena(request: HttpRequest, pk: int) -> tuple[Arena, Participant | None, bool]:
    """The arena, the person and whether they host, if they may see the wall."""
    arena = permissions.arena_for_view(request.user, pk)
    participant = participants.participant_for(request, arena)
    if not permissions.can_view_wall(request.user, arena, has_joined=participant is not None):
        raise _NotJoined
    is_host = permissions.can_moderate_wall(request.user, arena)
    if participant is None and is_host:
        participant = _participant(request, arena)
    return arena, participant, is_host


def _my_groups(arena: Arena, participant: Participant | None) -> list[BreakoutGroup]:
    """The person's published groups in this arena, to post from."""
    if participant is None or participant.registration_id is None:
        return []
    if arena.groups_published_at is None:
        return []
    registration = arena.registrations.filter(pk=participant.registration_id).first()
    if registration is None:
        return []
    registration.arena = arena
    groups = []
    for mine in group_selectors.groups_for_registration(registration):
        mine.group.round = mine.round
        groups.append(mine.group)
    return groups


def _sort(request: HttpRequest) -> wall_selectors.WallSort:
    value = request.GET.get("sort", "")
    return "support" if value == "support" else "new"


def _int(value: str | None) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0


# The wall's shared part is rendered once per version, order, language and kind of viewer
# and cached, so 300 people polling after a change cost one rendering; each response then
# fills in the person's own support and CSRF token.
CARDS_TIMEOUT = 120
CARDS_STORE_TIMEOUT = 60 * 60
CSRF_PLACEHOLDER = "arenas-wall-csrf-placeholder"
_NOT_PRESSED = re.compile(r'id="vote-(\d+)" aria-pressed="false"')


@dataclass(frozen=True)
class Cards:
    html: str
    version: int
    last_id: int
    visible_ids: tuple[int, ...]


def _label(c: Contribution, card: wall_selectors.Card) -> None:
    """Texts of a contribution's card, worked out in Python (cheaper than in the template)."""
    c.kind_label = c.get_kind_display()  # type: ignore[attr-defined]
    c.status = card.status
    c.vote_count = card.vote_count
    c.tag_names = card.tag_names  # type: ignore[attr-defined]
    support = ngettext("%(count)s supports this", "%(count)s support this", card.vote_count) % {
        "count": card.vote_count
    }
    if card.merged_count:
        support += " · " + ngettext(
            "merged from %(count)s other", "merged from %(count)s others", card.merged_count
        ) % {"count": card.merged_count}
    c.support_label = support  # type: ignore[attr-defined]
    c.group_label = ""  # type: ignore[attr-defined]
    if c.group is not None:
        c.group_label = (  # type: ignore[attr-defined]
            _("Group %(group)s (round %(round)s)")
            % {"group": c.group.number, "round": c.group.round.number}
            if c.group.round.number > 1
            else _("Group %(group)s") % {"group": c.group.number}
        )
    local = timezone.localtime(c.created_at)
    c.iso = local.replace(microsecond=0).isoformat()  # type: ignore[attr-defined]
    c.time_label = date_format(local, "H:i")  # type: ignore[attr-defined]


def _card_key(card: wall_selectors.Card) -> str:
    """Everything a card shows that can change (text, author, time and group cannot)."""
    tags = "|".join(card.tag_names)
    tags_hash = zlib.crc32(tags.encode()) if tags else 0
    return f"{card.pk}:{card.status}:{card.vote_count}:{card.merged_count}:{tags_hash}"


def _render_cards(
    arena: Arena, wall: wall_selectors.Wall, context: dict[str, object], variant: str
) -> None:
    """Give each card its HTML, reusing the cards rendered before in the same state: after a
    vote, one card is rendered again, not hundreds. The arena's cards are kept in one cache
    entry per kind of viewer (one read, one write, whatever the cache backend)."""
    cards = wall.cards()
    store_key = f"arenas:cards:{arena.pk}:{variant}"
    stored = cache.get(store_key)
    found: dict[str, str] = stored if isinstance(stored, dict) else {}
    keys = [_card_key(card) for card in cards]
    missing = [card for card, key in zip(cards, keys, strict=True) if key not in found]
    current: dict[str, str] = {}
    if missing:
        template = get_template(f"{TEMPLATE}#card")
        full = wall_selectors.contributions_by_pk(arena, (card.pk for card in missing))
        for card in missing:
            contribution = full.get(card.pk)
            if contribution is None:  # deleted meanwhile
                continue
            _label(contribution, card)
            current[_card_key(card)] = template.render({**context, "c": contribution})
    for card, key in zip(cards, keys, strict=True):
        html = current.get(key) or found.get(key, "")
        current[key] = html
        card.html = mark_safe(html)  # noqa: S308 - rendered by our template
    if current.keys() != found.keys():
        cache.set(store_key, current, CARDS_STORE_TIMEOUT)


def _cards(arena: Arena, *, is_host: bool, can_post: bool, sort: str) -> Cards:
    version = wall_selectors.current_version(arena)
    variant = ":".join(
        [
            translation.get_language() or "",
            "host" if is_host else "participant",
            "open" if can_post else "closed",
        ]
    )
    key = f"arenas:wall:{arena.pk}:{version}:{sort}:{variant}"
    cached = cache.get(key)
    if isinstance(cached, Cards):
        return cached
    wall = wall_selectors.wall_for(
        arena,
        include_hidden=is_host,
        sort="support" if sort == "support" else "new",
        version=version,
    )
    context: dict[str, object] = {
        "arena": arena,
        "wall": wall,
        "sort": sort,
        "is_host": is_host,
        "can_post": can_post,
        "wall_base": reverse("arenas:wall", args=[arena.pk]),
        "csrf_token": CSRF_PLACEHOLDER,
    }
    _render_cards(arena, wall, context, variant)
    html = render_to_string(f"{TEMPLATE}#cards", context)
    cards = Cards(
        html=html,
        version=version,
        last_id=wall.last_id,
        visible_ids=tuple(wall_selectors.visible_ids(wall)),
    )
    cache.set(key, cards, CARDS_TIMEOUT)
    return cards


def _personal(request: HttpRequest, html: str, supported: set[int]) -> SafeString:
    """The shared wall with this person's support pressed and their CSRF token."""
    if supported:
        html = _NOT_PRESSED.sub(
            lambda match: (
                f'id="vote-{match[1]}" aria-pressed="true"'
                if int(match[1]) in supported
                else match[0]
            ),
            html,
        )
    return mark_safe(html.replace(CSRF_PLACEHOLDER, get_token(request)))  # noqa: S308 - our own rendering


def _wall_context(
    request: HttpRequest,
    arena: Arena,
    participant: Participant | None,
    is_host: bool,
    *,
    sort: wall_selectors.WallSort,
    announce: str = "",
    oob: bool = False,
    after_id: int | None = None,
) -> dict[str, object]:
    """What the wall region needs; with `after_id` (the newest contribution the person has
    seen), `announce` says how many are new."""
    can_post = permissions.can_post_on_wall(arena, has_joined=participant is not None)
    cards = _cards(arena, is_host=is_host, can_post=can_post, sort=sort)
    supported = wall_selectors.supported_ids(arena, participant.key if participant else None)
    if after_id is not None:
        new = sum(1 for pk in cards.visible_ids if pk > after_id)
        if new:
            announce = ngettext(
                "%(count)s new contribution", "%(count)s new contributions", new
            ) % {"count": new}
    return {
        "arena": arena,
        "wall": cards,
        "cards": _personal(request, cards.html, supported),
        "sort": sort,
        "is_host": is_host,
        "participant": participant,
        "can_post": can_post,
        "announce": announce,
        "oob": oob,
        "now": timezone.now(),
    }


def _wall_url(arena: Arena, anchor: str = "") -> str:
    return reverse("arenas:wall", args=[arena.pk]) + (f"#{anchor}" if anchor else "")


# --- joining ----------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def join_code(request: HttpRequest) -> HttpResponse:
    """Type an arena's join code (and a name) to take part in its live wall."""
    if request.method == "POST" and join_code_blocked(request):
        return _too_many_attempts(request)
    form = JoinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        arena = Arena.objects.published().filter(join_code=form.cleaned_data["code"]).first()
        if arena is None:
            join_code_count_wrong(request)
            form.add_error(
                "code", _("No arena has that code. Check the code the hosts show, and try again.")
            )
        else:
            participants.join_with_code(request, arena, name=form.cleaned_data["name"])
            return redirect("arenas:wall", pk=arena.pk)
    return render(request, "arenas/wall/join.html", {"form": form, "arena": None})


@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest, pk: int) -> HttpResponse:
    """Join one arena's wall with its code; a person already recognised (their personal
    link, an earlier join, or a host) goes straight on."""
    arena = permissions.arena_for_view(request.user, pk)
    if _participant(request, arena) is not None:
        return redirect("arenas:wall", pk=arena.pk)
    if request.method == "POST" and join_code_blocked(request):
        return _too_many_attempts(request)
    form = JoinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["code"] != arena.join_code:
            join_code_count_wrong(request)
            form.add_error(
                "code",
                _("That is not this arena's code. Check the code the hosts show, and try again."),
            )
        else:
            participants.join_with_code(request, arena, name=form.cleaned_data["name"])
            return redirect("arenas:wall", pk=arena.pk)
    return render(request, "arenas/wall/join.html", {"form": form, "arena": arena})


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
        if str(arena.wall_version) == request.GET.get("v"):
            return HttpResponse(status=204)
        context = _wall_context(
            request,
            arena,
            participant,
            is_host,
            sort=sort,
            after_id=_int(request.GET.get("last")),
        )
        return render(request, f"{TEMPLATE}#region", context)

    groups = _my_groups(arena, participant)
    is_post = request.method == "POST"
    form = ContributionForm(
        request.POST if is_post else None,
        arena=arena,
        groups=groups,
        initial={"author_name": participant.name if participant else ""},
    )
    if is_post:
        if participant is None:
            return redirect("arenas:join", pk=arena.pk)
        if form.is_valid():
            try:
                wall_services.contribution_create(
                    arena=arena,
                    participant=participant,
                    question=form.cleaned_data["question"],
                    kind=form.cleaned_data["kind"],
                    text=form.cleaned_data["text"],
                    group=form.cleaned_data.get("group"),
                    author_name=form.cleaned_data["author_name"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                if not wants_fragment(request):
                    messages.success(request, _("Your contribution is on the wall."))
                    return redirect(_wall_url(arena, "wall"))
                question = form.cleaned_data["question"]
                form = ContributionForm(
                    arena=arena,
                    groups=groups,
                    initial={
                        "author_name": form.cleaned_data["author_name"],
                        "question": question.pk if question else None,
                        "kind": form.cleaned_data["kind"],
                        "group": form.cleaned_data.get("group") and form.cleaned_data["group"].pk,
                    },
                )
                context = _wall_context(
                    request,
                    arena,
                    participant,
                    is_host,
                    sort=sort,
                    announce=_("Your contribution is on the wall."),
                    oob=True,
                )
                context["form"] = form
                return render(request, f"{TEMPLATE}#posted", context)
        if wants_fragment(request):
            context = {
                "arena": arena,
                "form": form,
                "can_post": permissions.can_post_on_wall(arena, has_joined=True),
            }
            return render(request, f"{TEMPLATE}#form", context)
    context = _wall_context(request, arena, participant, is_host, sort=sort)
    context["form"] = form
    return render(request, TEMPLATE, context)


def _add_errors(form: ContributionForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _region_response(
    request: HtmxHttpRequest,
    arena: Arena,
    participant: Participant | None,
    is_host: bool,
    announce: str,
) -> HttpResponse:
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
    if participant is None or not permissions.can_post_on_wall(arena, has_joined=True):
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


def _arena_for_moderation(request: HttpRequest, pk: int) -> Arena:
    arena = permissions.arena_for_view(request.user, pk)
    if not permissions.can_moderate_wall(request.user, arena):
        raise PermissionDenied
    return arena


@login_required
@require_POST
def wall_control(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Open or close the wall for contributions and support."""
    arena = _arena_for_moderation(request, pk)
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
    arena = _arena_for_moderation(request, pk)
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by @login_required
    contribution = wall_selectors.contribution_for_wall(arena, contribution_pk)
    if contribution is None:
        raise Http404
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
                into.arena = arena
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
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            anchor = f"c{contribution.pk}"
            if action == ModerateForm.Action.MERGE:
                anchor = f"c{form.cleaned_data['into'].pk}"
            if wants_fragment(request):
                return _region_response(request, arena, _participant(request, arena), True, message)
            messages.success(request, message)
            return redirect(_wall_url(arena, anchor))
    elif request.method == "POST" and wants_fragment(request):
        return _region_response(
            request,
            arena,
            _participant(request, arena),
            True,
            _("The change could not be made. Try again."),
        )
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
    arena = _arena_for_moderation(request, pk)
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
