"""Arenas: e-mails by area, each in its recipient's language (import the submodules).

The helpers here are what every area shares: the links, absolute and in the recipient's
language (Nynorsk links carry `/nn/`), and sending a template pair from
`arenas/email/`."""

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils import translation

from samskap.core.mail import absolute_url, send_in_language

from ..models import Arena, Registration
from ..tokens import make_token


def arena_links(arena: Arena, language: str) -> dict[str, str]:
    """The absolute addresses of the arena's page and its registration page, in `language`."""
    with translation.override(language):
        return {
            "arena_url": absolute_url(arena.get_absolute_url()),
            "register_url": absolute_url(reverse("arenas:register", args=[arena.pk])),
        }


def personal_links(registration: Registration, language: str) -> dict[str, str]:
    """`arena_links`, and the person's own page and its change and cancel pages."""
    args = [registration.arena.pk, make_token(registration)]
    with translation.override(language):
        return {
            "personal_url": absolute_url(reverse("arenas:personal", args=args)),
            "change_url": absolute_url(reverse("arenas:registration_change", args=args)),
            "cancel_url": absolute_url(reverse("arenas:registration_cancel", args=args)),
            **arena_links(registration.arena, language),
        }


def send(
    template: str,
    *,
    to: str,
    language: str,
    context: dict[str, Any],
    attachments: Sequence[tuple[str, str | bytes, str]] = (),
) -> None:
    """Send `arenas/email/<template>.txt` with its `_subject.txt` to `to`, in `language`."""
    send_in_language(
        to=to,
        language=language,
        body_template=f"arenas/email/{template}.txt",
        subject_template=f"arenas/email/{template}_subject.txt",
        context=context,
        attachments=attachments,
    )
