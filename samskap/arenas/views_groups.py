"""The hosts' breakout groups pages: making the rounds, moving people between groups, the
rounds' titles and questions with the groups' video room links, publishing the groups to the
participants, and a printable list. Every view gets the arena through
`permissions.arena_for_manage`, calls one service and renders."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from samskap.accounts.permissions import signed_in_user
from samskap.core.htmx import HtmxHttpRequest, wants_fragment

from . import permissions
from .breakouts import Score
from .forms.groups import (
    DEFAULT_GROUP_SIZE,
    DEFAULT_ROUNDS,
    GenerateForm,
    LinksForm,
    MoveForm,
    PublishForm,
)
from .models import Arena, BreakoutRound
from .selectors import groups as selectors
from .services import groups as services

PAGE = "arenas/groups/page.html"

# Where an error of `rounds_generate` (by its code) belongs on the form; others on top.
GENERATE_ERROR_FIELDS = {
    "group_size": "group_size",
    "too_few_participants": "group_size",
    "rounds": "rounds",
    "mode": "mode",
    "seed": "seed",
}


def _groups_url(arena: Arena, anchor: str = "") -> str:
    url = reverse("arenas:groups", args=[arena.pk])
    return f"{url}#{anchor}" if anchor else url


def score_lines(score: Score | None, *, rounds: int, mode: str) -> list[tuple[bool, str]]:
    """The score of the current groups in words: (good news?, sentence)."""
    if score is None:
        return []
    lines: list[tuple[bool, str]] = []
    if rounds > 1:
        if score.repeated_pairs == 0:
            lines.append((True, _("No one meets the same person twice.")))
        else:
            lines.append(
                (
                    False,
                    ngettext(
                        "%(count)s pair of people meets again in a later round.",
                        "%(count)s pairs of people meet again in a later round.",
                        score.repeated_pairs,
                    )
                    % {"count": score.repeated_pairs},
                )
            )
    if score.same_organisation_pairs == 0:
        lines.append((True, _("No group has two people from the same organisation.")))
    elif score.avoidable_same_organisation_pairs == 0:
        lines.append(
            (
                True,
                ngettext(
                    "%(count)s pair of colleagues shares a group: some organisations have more "
                    "people than there are groups, so this cannot be avoided.",
                    "%(count)s pairs of colleagues share a group: some organisations have more "
                    "people than there are groups, so this cannot be avoided.",
                    score.same_organisation_pairs,
                )
                % {"count": score.same_organisation_pairs},
            )
        )
    else:
        lines.append(
            (
                False,
                ngettext(
                    "%(count)s pair of colleagues from the same organisation shares a group "
                    "where it could be avoided.",
                    "%(count)s pairs of colleagues from the same organisation share a group "
                    "where it could be avoided.",
                    score.avoidable_same_organisation_pairs,
                )
                % {"count": score.avoidable_same_organisation_pairs},
            )
        )
    if score.groups_lacking_library == 0 and score.groups_lacking_voluntary == 0:
        lines.append(
            (
                True,
                _(
                    "Every group has someone from a library and someone from the voluntary "
                    "sector, as far as there are enough of them."
                ),
            )
        )
    else:
        if score.groups_lacking_library:
            lines.append(
                (
                    False,
                    ngettext(
                        "%(count)s group has no one from a library, though it could have.",
                        "%(count)s groups have no one from a library, though they could have.",
                        score.groups_lacking_library,
                    )
                    % {"count": score.groups_lacking_library},
                )
            )
        if score.groups_lacking_voluntary:
            lines.append(
                (
                    False,
                    ngettext(
                        "%(count)s group has no one from the voluntary sector, though it could "
                        "have.",
                        "%(count)s groups have no one from the voluntary sector, though they "
                        "could have.",
                        score.groups_lacking_voluntary,
                    )
                    % {"count": score.groups_lacking_voluntary},
                )
            )
    if score.avoidable_single_sector_groups:
        lines.append(
            (
                False,
                ngettext(
                    "%(count)s group has people from one sector only.",
                    "%(count)s groups have people from one sector only.",
                    score.avoidable_single_sector_groups,
                )
                % {"count": score.avoidable_single_sector_groups},
            )
        )
    if mode == BreakoutRound.Mode.LOCAL:
        lines.append(
            (
                True,
                _(
                    "%(percent)s %% of the pairs of people in a group come from the same "
                    "municipality."
                )
                % {"percent": round(score.local_cohesion * 100)},
            )
        )
    return lines


def _links_form(
    arena: Arena, overview: selectors.GroupsOverview, data: QueryDict | None = None
) -> LinksForm:
    return LinksForm(
        data, rounds=[item.round for item in overview.rounds], questions=list(arena.questions.all())
    )


def _context(
    arena: Arena,
    *,
    overview: selectors.GroupsOverview | None = None,
    form: GenerateForm | None = None,
    links_form: LinksForm | None = None,
) -> dict[str, Any]:
    overview = overview or selectors.groups_overview(arena)
    if form is None:
        initial = {
            "group_size": overview.group_size or DEFAULT_GROUP_SIZE,
            "rounds": len(overview.rounds) or DEFAULT_ROUNDS,
            "mode": overview.mode or BreakoutRound.Mode.MIXED.value,
            "seed": overview.seed,
        }
        form = GenerateForm(initial=initial, has_groups=overview.has_groups)
    if links_form is None and overview.has_groups:
        links_form = _links_form(arena, overview)
    return {
        "arena": arena,
        "overview": overview,
        "form": form,
        "links_form": links_form,
        "score_lines": score_lines(overview.score, rounds=len(overview.rounds), mode=overview.mode),
        "has_links": any(group.video_url for item in overview.rounds for group in item.groups),
        "has_group_contributions": overview.has_groups and selectors.has_group_contributions(arena),
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def groups(request: HttpRequest, pk: int) -> HttpResponse:
    """The groups page; a POST makes (or remakes) the groups."""
    user = signed_in_user(request)
    arena = permissions.arena_for_manage(user, pk)
    if request.method != "POST":
        return render(request, PAGE, _context(arena))
    overview = selectors.groups_overview(arena)
    form = GenerateForm(request.POST, has_groups=overview.has_groups)
    if form.is_valid():
        data = form.cleaned_data
        shuffle = "shuffle" in request.POST
        seed = services.new_seed() if shuffle else (data["seed"] or 0)
        try:
            made = services.rounds_generate(
                arena=arena,
                group_size=data["group_size"],
                rounds=data["rounds"],
                mode=data["mode"],
                seed=seed,
                by=user,
            )
        except ValidationError as error:
            form.add_error(GENERATE_ERROR_FIELDS.get(str(error.code)), error)
        else:
            messages.success(
                request,
                ngettext(
                    "The groups are made: %(count)s round. Check them, move people if needed, "
                    "and publish them when you are ready.",
                    "The groups are made: %(count)s rounds. Check them, move people if needed, "
                    "and publish them when you are ready.",
                    len(made),
                )
                % {"count": len(made)},
            )
            return redirect(_groups_url(arena, "groups-heading"))
    return render(request, PAGE, _context(arena, overview=overview, form=form))


@login_required
@require_POST
def group_move(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Move one person to another group of a round; htmx gets the round's grid back."""
    user = signed_in_user(request)
    arena = permissions.arena_for_manage(user, pk)
    form = MoveForm(request.POST, arena=arena)
    fragment = wants_fragment(request)
    if not form.is_valid():
        messages.error(
            request, _("That person or group was not found. Reload the page and try again.")
        )
        url = _groups_url(arena)
        return HttpResponseClientRedirect(url) if fragment else redirect(url)
    registration = form.cleaned_data["registration"]
    breakout_round = form.cleaned_data["round"]
    group = form.cleaned_data["group"]
    try:
        services.group_member_move(
            arena=arena, registration=registration, round=breakout_round, to_group=group, by=user
        )
    except ValidationError as error:
        feedback = ("error", " ".join(error.messages))
    else:
        feedback = (
            "success",
            _("%(name)s is now in group %(group)s in round %(round)s.")
            % {"name": registration.name, "group": group.number, "round": breakout_round.number},
        )
    if not fragment:
        messages.add_message(
            request, messages.ERROR if feedback[0] == "error" else messages.SUCCESS, feedback[1]
        )
        return redirect(_groups_url(arena, f"round-{breakout_round.number}"))
    overview, item = selectors.round_overview(arena, breakout_round.pk)
    context = {
        "arena": arena,
        "item": item,
        "feedback": feedback,
        "fragment": True,
        "score_lines": score_lines(overview.score, rounds=len(overview.rounds), mode=overview.mode),
    }
    return render(request, f"{PAGE}#round", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_links(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the rounds' titles and questions and the groups' video room links together."""
    user = signed_in_user(request)
    arena = permissions.arena_for_manage(user, pk)
    if request.method != "POST":
        return redirect(_groups_url(arena, "links-heading"))
    overview = selectors.groups_overview(arena)
    links_form = _links_form(arena, overview, request.POST)
    if links_form.is_valid():
        try:
            services.group_links_set(
                arena=arena,
                links=links_form.links(),
                rounds=links_form.round_details(),
                by=user,
            )
        except ValidationError as error:
            links_form.add_service_errors(error.message_dict)
        else:
            messages.success(request, _("The rounds and video rooms are saved."))
            return redirect(_groups_url(arena, "links-heading"))
    return render(request, PAGE, _context(arena, overview=overview, links_form=links_form))


@login_required
@require_POST
def groups_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the groups to the participants, or hide them again."""
    user = signed_in_user(request)
    arena = permissions.arena_for_manage(user, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown action. Reload the page and try again."))
        return redirect(_groups_url(arena))
    try:
        if form.cleaned_data["action"] == "publish":
            services.groups_publish(arena=arena, by=user)
            messages.success(
                request,
                _(
                    "The groups are published. Each participant sees their groups on their "
                    "personal page."
                ),
            )
        else:
            services.groups_unpublish(arena=arena, by=user)
            messages.success(request, _("The groups are hidden from the participants."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_groups_url(arena))


@login_required
@require_http_methods(["GET", "HEAD"])
def groups_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The groups on paper: one section per round, large type."""
    user = signed_in_user(request)
    arena = permissions.arena_for_manage(user, pk)
    return render(
        request,
        "arenas/groups/print.html",
        {"arena": arena, "rounds": selectors.rounds_with_groups(arena)},
    )
