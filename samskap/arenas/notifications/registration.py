"""E-mails to the person who registered: the confirmation (a place or a place on the waiting
list), "you got a place" when the waiting list moves, the cancellation, and the personal
link sent again.

Each is rendered in the registration's language, with the links in that language (Nynorsk
links carry `/nn/`) and times in Europe/Oslo. The confirmation and "you got a place" carry
the arena as an .ics invitation. The services call these after their transaction commits,
with the registration's id; a registration gone by then gets nothing.
"""

from typing import Any

from django.utils import translation

from samskap.core.mail import supported_language

from ..ical import arena_ics
from ..models import Registration
from ..selectors.registration import waitlist_position
from . import personal_links, send

ICS_NAME = "arena.ics"
ICS_TYPE = "text/calendar"


def _registration(registration_id: int) -> Registration | None:
    return (
        Registration.objects.select_related("arena__county", "organisation", "municipality")
        .filter(pk=registration_id)
        .first()
    )


def _send(
    registration: Registration,
    *,
    template: str,
    with_ics: bool = False,
    extra: dict[str, Any] | None = None,
) -> None:
    language = supported_language(registration.language)
    arena = registration.arena
    links = personal_links(registration, language)
    context: dict[str, Any] = {
        "registration": registration,
        "arena": arena,
        "name": registration.name,
        "programme": list(arena.programme.all()),
        "position": waitlist_position(registration),
        "confirmed": registration.holds_place,
        "waitlisted": registration.status == Registration.Status.WAITLISTED,
        **links,
        **(extra or {}),
    }
    attachments: list[tuple[str, str | bytes, str]] = []
    if with_ics:
        with translation.override(language):
            ics = arena_ics(
                arena, url=links["personal_url"], include_video=registration.holds_place
            )
        attachments.append((ICS_NAME, ics, ICS_TYPE))
    send(
        template,
        to=registration.email,
        language=language,
        context=context,
        attachments=attachments,
    )


def send_confirmation(registration_id: int) -> None:
    """The confirmation of a registration: a place, or a place on the waiting list (with
    the position), with the personal link and the arena as an .ics invitation."""
    registration = _registration(registration_id)
    if registration is None or registration.status == Registration.Status.CANCELLED:
        return
    _send(registration, template="registration_confirmation", with_ics=True)


def send_promoted(registration_id: int) -> None:
    """The waiting list moved and the person has a place now."""
    registration = _registration(registration_id)
    if registration is None or not registration.holds_place:
        return
    _send(registration, template="waitlist_promoted", with_ics=True)


def send_cancelled(registration_id: int, *, by_host: bool = False) -> None:
    """The registration is cancelled (by the person, or by a host: `by_host`)."""
    registration = _registration(registration_id)
    if registration is None or registration.status != Registration.Status.CANCELLED:
        return
    _send(registration, template="registration_cancelled", extra={"by_host": by_host})


def send_link(registration_id: int) -> None:
    """The personal link again, for someone who lost the first e-mail."""
    registration = _registration(registration_id)
    if registration is None:
        return
    _send(registration, template="registration_link")
