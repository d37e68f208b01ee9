"""E-mails the hosts send: a message to the participants, and invitations to organisations.

Each e-mail is its own background task (a failed delivery neither stops the others nor holds
up the host's request) and is rendered in its recipient's language, with the links in that
language. The services queue them after their transaction commits."""

from collections.abc import Iterable

from django.tasks import task

from samskap.core.mail import supported_language
from samskap.directory.models import Organisation

from ..models import Arena, Registration
from ..selectors.hosting import InvitationAddress
from . import arena_links, personal_links, send

# --- a message to the participants ------------------------------------------------------


def queue_host_messages(registration_ids: Iterable[int], subject: str, body: str) -> None:
    """One task per recipient."""
    for registration_id in registration_ids:
        send_host_message.enqueue(registration_id, subject, body)


@task
def send_host_message(registration_id: int, subject: str, body: str) -> None:
    """The hosts' message, as they wrote it, with the arena's title and time and the
    person's own link around it. Someone who cancelled in the meantime gets nothing."""
    registration = (
        Registration.objects.select_related("arena__county").filter(pk=registration_id).first()
    )
    if registration is None or registration.status == Registration.Status.CANCELLED:
        return
    language = supported_language(registration.language)
    send(
        "host_message",
        to=registration.email,
        language=language,
        context={
            "arena": registration.arena,
            "name": registration.name,
            "subject": subject,
            "body": body,
            "waitlisted": registration.status == Registration.Status.WAITLISTED,
            **personal_links(registration, language),
        },
    )


# --- invitations ------------------------------------------------------------------------


def queue_invitations(arena_id: int, addresses: Iterable[InvitationAddress]) -> None:
    """One task per address."""
    for address in addresses:
        send_invitation.enqueue(
            arena_id, address.organisation_id, address.email, address.language, address.name
        )


@task
def send_invitation(
    arena_id: int, organisation_id: int, email: str, language: str, name: str
) -> None:
    """Invite an organisation to register for the arena: to one of its administrators (in
    their language) or its contact address (`language` empty: the default language)."""
    arena = Arena.objects.select_related("county", "municipality").filter(pk=arena_id).first()
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if arena is None or organisation is None:
        return
    language = supported_language(language or None)
    send(
        "invitation",
        to=email,
        language=language,
        context={
            "arena": arena,
            "organisation": organisation,
            "name": name,
            **arena_links(arena, language),
        },
    )
