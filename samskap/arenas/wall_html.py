"""The live wall's HTML, rendered once and shared by everyone who sees the same wall.

The shared part of the wall region (its heading, the order links and every card) is cached per
version, order, language and kind of viewer, so 300 people polling after a change cost one
rendering. Each card is also kept by its state, so after a vote one card is rendered again,
not hundreds. `personal` then fills in the person's own support and CSRF token.
"""

import re
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Arena, Contribution
from .selectors import wall as wall_selectors

TEMPLATE = "arenas/wall/wall.html"
WALL_TIMEOUT = 120  # one version of the wall; a change makes a new version
CARDS_TIMEOUT = 60 * 60
CSRF_PLACEHOLDER = "arenas-wall-csrf-placeholder"
_NOT_PRESSED = re.compile(r'id="vote-(\d+)" aria-pressed="false"')

type CardKey = tuple[int, str, int, int, tuple[str, ...]]


@dataclass(frozen=True)
class SharedWall:
    """The wall region's HTML at one version, with the ids of its visible contributions."""

    html: str
    version: int
    visible_ids: tuple[int, ...]

    @property
    def last_id(self) -> int:
        """The newest visible contribution, to tell readers how many are new to them."""
        return max(self.visible_ids, default=0)


def shared_wall(
    arena: Arena, *, is_host: bool, can_post: bool, sort: wall_selectors.WallSort
) -> SharedWall:
    """The wall at `arena.wall_version`: read before the contributions (the arena is loaded
    first), so a change made meanwhile is fetched by the next poll."""
    variant = ":".join(
        [
            translation.get_language() or "",
            "host" if is_host else "participant",
            "open" if can_post else "closed",
        ]
    )
    key = f"arenas:wall:{arena.pk}:{arena.wall_version}:{sort}:{variant}"
    shared = cache.get(key)
    if shared is None:
        wall = wall_selectors.wall_for(arena, include_hidden=is_host, sort=sort)
        wall_base = reverse("arenas:wall", args=[arena.pk])
        card_context = {"is_host": is_host, "can_post": can_post, "wall_base": wall_base}
        _render_cards(arena, wall, card_context, variant)
        html = render_to_string(
            f"{TEMPLATE}#cards",
            {"wall": wall, "sort": sort, "wall_base": wall_base, "csrf_token": CSRF_PLACEHOLDER},
        )
        shared = SharedWall(
            html=html,
            version=arena.wall_version,
            visible_ids=tuple(wall_selectors.visible_ids(wall)),
        )
        cache.set(key, shared, WALL_TIMEOUT)
    return shared


def personal(request: HttpRequest, shared: SharedWall, supported: set[int]) -> SafeString:
    """The shared wall with this person's support pressed and their CSRF token."""
    html = shared.html
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


def _card_key(card: wall_selectors.Card) -> CardKey:
    """Everything a card shows that can change (text, author, time and group cannot)."""
    return (card.pk, card.status, card.vote_count, card.merged_count, card.tag_names)


def _render_cards(
    arena: Arena, wall: wall_selectors.Wall, context: dict[str, object], variant: str
) -> None:
    """Give each card its HTML, reusing the cards rendered before in the same state. The
    arena's cards are kept in one cache entry per kind of viewer (one read, one write,
    whatever the cache backend), holding the current cards only."""
    store_key = f"arenas:cards:{arena.pk}:{variant}"
    stored: dict[CardKey, str] = cache.get(store_key) or {}
    cards = {_card_key(card): card for card in wall.cards()}
    current = {key: stored[key] for key in cards if key in stored}
    missing = {key: card for key, card in cards.items() if key not in current}
    if missing:
        template = get_template(f"{TEMPLATE}#card")
        full = wall_selectors.contributions_by_pk(arena, [card.pk for card in missing.values()])
        for key, card in missing.items():
            contribution = full.get(card.pk)  # None if deleted meanwhile
            current[key] = (
                template.render({**context, "c": _label(contribution, card)})
                if contribution
                else ""
            )
    for key, card in cards.items():
        card.html = mark_safe(current[key])  # noqa: S308 - rendered by our template
    if current.keys() != stored.keys():
        cache.set(store_key, current, CARDS_TIMEOUT)


def _label(c: Contribution, card: wall_selectors.Card) -> Contribution:
    """The contribution in the card's state, with its texts worked out in Python (cheaper
    than in the template)."""
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
    return c
