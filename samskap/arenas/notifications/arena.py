"""E-mails about an arena as a whole (its cancellation), each rendered in the recipient's
language. The services send them after their transaction commits, by the ids of what
changed; each person gets their own background task, so a failed delivery neither stops the
others nor holds up the host's request."""

from django.tasks import task

from samskap.core.mail import supported_language

from ..models import Arena, Registration
from . import arena_links, send


def send_arena_cancelled(arena_id: int, registration_ids: list[int]) -> None:
    """Queue one e-mail per registration (confirmed or waiting) of the cancelled arena."""
    for registration_id in registration_ids:
        send_arena_cancelled_to_person.enqueue(arena_id, registration_id)


@task
def send_arena_cancelled_to_person(arena_id: int, registration_id: int) -> None:
    """Tell one registered person that the arena is cancelled, with the reason."""
    arena = Arena.objects.select_related("county").get(pk=arena_id)
    registration = Registration.objects.filter(pk=registration_id, arena_id=arena_id).first()
    if registration is None:
        return
    language = supported_language(registration.language)
    send(
        "arena_cancelled",
        to=registration.email,
        language=language,
        context={
            "arena": arena,
            "name": registration.name,
            "was_waitlisted": registration.status == Registration.Status.WAITLISTED,
            **arena_links(arena, language),
        },
    )
