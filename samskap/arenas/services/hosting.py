"""What hosts do with an arena's participants: mark attendance, send them a message, and
invite organisations to register. (Cancelling someone is `services.registration`.)

E-mail goes out after the transaction commits, one background task per recipient."""

import logging
from collections.abc import Iterable
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.accounts.models import User
from samskap.directory.models import Organisation

from ..models import Arena, Registration
from ..notifications import hosting as notifications
from ..selectors import hosting as selectors

logger = logging.getLogger(__name__)

MAX_SUBJECT_LENGTH = 200
MAX_BODY_LENGTH = 5000
UNCHANGED_BY_ATTENDANCE = [
    field.name
    for field in Registration._meta.concrete_fields
    if field.name not in ("status", "attended_at")
]


@transaction.atomic
def registration_attendance_set(
    *, registration: Registration, attended: bool, by: User
) -> Registration:
    """Mark a confirmed participant as present (`attended`) or take the mark away again
    (back to confirmed). Setting what is already set changes nothing, so a double click or
    two hosts at the door do no harm. Waiting-list and cancelled registrations cannot be
    marked."""
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if not locked.holds_place:
        if locked.status == Registration.Status.WAITLISTED:
            message = _(
                "%(name)s is on the waiting list. Only people with a place can be marked as "
                "present."
            )
        else:
            message = _(
                "%(name)s has cancelled. Only people with a place can be marked as present."
            )
        raise ValidationError(message % {"name": locked.name}, code="no_place")
    is_attended = locked.status == Registration.Status.ATTENDED
    if attended != is_attended:
        if attended:
            locked.status = Registration.Status.ATTENDED
            locked.attended_at = timezone.now()
        else:
            locked.status = Registration.Status.CONFIRMED
            locked.attended_at = None
        # Only the fields changed here are checked: an oddity elsewhere in an old
        # registration must not stop anyone at the door.
        locked.full_clean(exclude=UNCHANGED_BY_ATTENDANCE, validate_unique=False)
        locked.save(update_fields=["status", "attended_at", "updated_at"])
        logger.info(
            "arena %s: user %s marked registration %s as %s",
            locked.arena_id,
            by.pk,
            locked.pk,
            locked.status,
        )
    return locked


def _clean_message(subject: str, body: str) -> tuple[str, str]:
    subject = " ".join(subject.split())
    body = body.strip()
    errors: dict[str, list[str]] = {}
    if not subject:
        errors["subject"] = [_("Write a subject.")]
    elif len(subject) > MAX_SUBJECT_LENGTH:
        errors["subject"] = [
            _("The subject can be at most %(limit)s characters.") % {"limit": MAX_SUBJECT_LENGTH}
        ]
    if not body:
        errors["body"] = [_("Write the message.")]
    elif len(body) > MAX_BODY_LENGTH:
        errors["body"] = [
            _("The message can be at most %(limit)s characters.") % {"limit": MAX_BODY_LENGTH}
        ]
    if errors:
        raise ValidationError(errors)
    return subject, body


@transaction.atomic
def participants_message(
    *, arena: Arena, subject: str, body: str, include_waitlist: bool, by: User
) -> int:
    """Send the hosts' message (plain text, as written) to everyone with a place, and to
    the waiting list when `include_waitlist`: one e-mail each, in the person's language,
    with their own link. Returns how many e-mails are sent (0: nobody to send to)."""
    subject, body = _clean_message(subject, body)
    recipient_ids = selectors.message_recipient_ids(arena, include_waitlist=include_waitlist)
    if recipient_ids:
        transaction.on_commit(
            partial(notifications.queue_host_messages, recipient_ids, subject, body),
            robust=True,
        )
    logger.info(
        "arena %s: user %s sent a message to %s participants (waiting list included: %s)",
        arena.pk,
        by.pk,
        len(recipient_ids),
        include_waitlist,
    )
    return len(recipient_ids)


@transaction.atomic
def arena_invite(*, arena: Arena, organisations: Iterable[Organisation], by: User) -> int:
    """Invite `organisations` to register: add them to the arena's invited organisations (so
    their people may register when the arena is by invitation) and e-mail each one's active
    administrators, in their own language, and its contact address, in the default language.
    Returns how many e-mails are sent. Organisations without any address are invited all the
    same (`selectors.hosting.organisations_without_address` names them)."""
    if arena.status != Arena.Status.PUBLISHED:
        raise ValidationError(
            _("Publish the arena before inviting anyone: the registration link does not work yet.")
            if arena.status == Arena.Status.DRAFT
            else _("The arena is cancelled, so no one can be invited."),
            code="not_published",
        )
    if arena.registration_closes <= timezone.now():
        raise ValidationError(
            _("Registration has closed, so invitations can no longer be sent."), code="closed"
        )
    chosen = list({organisation.pk: organisation for organisation in organisations}.values())
    if not chosen:
        raise ValidationError(_("Choose at least one organisation to invite."), code="empty")
    arena.invited_organisations.add(*chosen)
    addresses = selectors.invitation_addresses(chosen)
    if addresses:
        transaction.on_commit(
            partial(notifications.queue_invitations, arena.pk, addresses), robust=True
        )
    logger.info(
        "arena %s: user %s invited %s organisations (%s e-mails)",
        arena.pk,
        by.pk,
        len(chosen),
        len(addresses),
    )
    return len(addresses)
