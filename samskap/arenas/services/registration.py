"""Writes of registrations: signing up, changing, cancelling, and the waiting list.

Places are counted with the arena's row locked (`SELECT … FOR UPDATE`), so parallel sign-ups
and cancellations never confirm more than `capacity` people and the waiting list moves in
order (`waitlisted_at`, then `pk`). Whoever gets a place from the waiting list is e-mailed
after the transaction commits.

E-mail addresses are stored lower-case and compared case-insensitively; one address has one
registration per arena. A cancelled registration is taken up again (the same row, with a new
personal link) when the person registers again.

The services trust their caller to have found the arena through `permissions.py`; they
enforce what holds whoever calls them: the registration window, the arena's access rule and
its capacity.
"""

import datetime
import uuid
from dataclasses import dataclass
from functools import partial

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskap.accounts.models import User
from samskap.core.mail import supported_language
from samskap.directory.models import Organisation, Sector
from samskap.places.models import Municipality

from .. import permissions
from ..models import Arena, Registration
from ..notifications import registration as notifications
from ..selectors.registration import places_left

ARENA_CANCELLED = _("This arena is cancelled, so registration is closed.")
ARENA_NOT_PUBLISHED = _("This arena is not open for registration.")
REGISTRATION_NOT_OPEN_YET = _("Registration opens %(when)s.")
REGISTRATION_CLOSED = _("Registration closed %(when)s.")
NOT_INVITED = _(
    "This arena is by invitation. Your organisation and sector are not among those invited. "
    "Contact the hosts if you think you should be."
)
ALREADY_REGISTERED = _(
    "You already have a registration for this arena with this e-mail address. "
    "We can send you the e-mail with your personal link again."
)
EMAIL_TAKEN = _("Someone else is registered for this arena with this e-mail address.")
ORGANISATION_REQUIRED = _("Choose your organisation from the list or type its name.")
SECTOR_REQUIRED = _("Choose your sector.")
SECTOR_INVALID = _("Choose one of the sectors in the list.")
MUNICIPALITY_REQUIRED = _("Choose your municipality.")
REGISTRATION_CANCELLED = _("This registration is cancelled. Register again instead.")

# A personal link is sent again at most once in this many seconds per registration, so the
# re-send form cannot be used to flood someone's inbox.
RESEND_INTERVAL = 300
DATE_FORMAT = "j. F Y H:i"


@dataclass(frozen=True, kw_only=True)
class RegistrationData:
    """What a person enters when they register (or change their registration).

    Either `organisation` (from the directory) or `organisation_name` (typed) names the
    organisation; when an organisation is given, the typed name is ignored.
    """

    name: str
    email: str
    organisation: Organisation | None = None
    organisation_name: str = ""
    sector: str = ""
    municipality: Municipality | None = None
    role: str = ""
    accessibility_needs: str = ""
    dietary_needs: str = ""
    show_to_participants: bool = False


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _when(moment: datetime.datetime) -> str:
    return str(date_filter(timezone.localtime(moment), DATE_FORMAT))


def _locked_arena(arena: Arena) -> Arena:
    """The arena's row, locked until the transaction ends (call inside `atomic`)."""
    return Arena.objects.select_for_update().get(pk=arena.pk)


def _check_open(arena: Arena, now: datetime.datetime) -> None:
    if arena.status == Arena.Status.CANCELLED:
        raise ValidationError(ARENA_CANCELLED, code="cancelled")
    if arena.status != Arena.Status.PUBLISHED:
        raise ValidationError(ARENA_NOT_PUBLISHED, code="not_published")
    if now < arena.registration_opens:
        raise ValidationError(
            REGISTRATION_NOT_OPEN_YET,
            code="not_open_yet",
            params={"when": _when(arena.registration_opens)},
        )
    if now >= arena.registration_closes:
        raise ValidationError(
            REGISTRATION_CLOSED,
            code="closed",
            params={"when": _when(arena.registration_closes)},
        )


def _check_data(data: RegistrationData) -> None:
    """The rules of a registration's details that the model's fields do not express."""
    errors: dict[str, ValidationError] = {}
    if data.organisation is None and not data.organisation_name.strip():
        errors["organisation_name"] = ValidationError(
            ORGANISATION_REQUIRED, code="organisation_required"
        )
    if not data.sector:
        errors["sector"] = ValidationError(SECTOR_REQUIRED, code="required")
    elif data.sector not in Sector.values:
        errors["sector"] = ValidationError(SECTOR_INVALID, code="invalid")
    if data.municipality is None:
        errors["municipality"] = ValidationError(MUNICIPALITY_REQUIRED, code="required")
    if errors:
        raise ValidationError(errors)


def _duplicate() -> ValidationError:
    return ValidationError({"email": ValidationError(ALREADY_REGISTERED, code="duplicate")})


def _email_taken() -> ValidationError:
    return ValidationError({"email": ValidationError(EMAIL_TAKEN, code="email_taken")})


def error_codes(error: ValidationError) -> set[str]:
    """Every code in `error`, of the whole and of each field."""
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors if e.code}
    return {e.code for e in error.error_list if e.code}


def _check_invited(arena: Arena, data: RegistrationData) -> None:
    if not permissions.may_register(arena, organisation=data.organisation, sector=data.sector):
        raise ValidationError(NOT_INVITED, code="not_invited")


def _apply(registration: Registration, data: RegistrationData) -> None:
    registration.name = " ".join(data.name.split())
    registration.email = normalise_email(data.email)
    registration.organisation = data.organisation
    registration.organisation_name = (
        "" if data.organisation is not None else " ".join(data.organisation_name.split())
    )
    registration.sector = data.sector
    assert data.municipality is not None  # noqa: S101 - checked by _check_data
    registration.municipality = data.municipality
    registration.role = " ".join(data.role.split())
    registration.accessibility_needs = data.accessibility_needs.strip()
    registration.dietary_needs = data.dietary_needs.strip()
    registration.show_to_participants = data.show_to_participants


def _fill_places(arena: Arena, now: datetime.datetime) -> list[int]:
    """Give the free places of `arena` (its row locked) to the first on the waiting list, in
    order; returns the ids of those promoted. Nothing moves once the arena has ended or is
    cancelled."""
    if arena.status != Arena.Status.PUBLISHED or arena.ends_at <= now:
        return []
    free = places_left(arena)
    if not free:
        return []
    promoted = list(
        Registration.objects.filter(arena=arena)
        .waitlisted()
        .select_for_update()
        .values_list("pk", flat=True)[:free]
    )
    if promoted:
        Registration.objects.filter(pk__in=promoted).update(
            status=Registration.Status.CONFIRMED, updated_at=now
        )
        for registration_id in promoted:
            transaction.on_commit(
                partial(notifications.send_promoted, registration_id), robust=True
            )
    return promoted


def registration_create(
    *,
    arena: Arena,
    data: RegistrationData,
    language: str,
    user: User | None = None,
) -> Registration:
    """Register a person for `arena`: a confirmed place while places are left, else a place
    on the waiting list. A confirmation with the personal link and an .ics invitation is
    e-mailed in `language` after the transaction commits.

    Raises `ValidationError` when registration is not open, the person is not invited, the
    details are incomplete, or the e-mail address already has a registration (code
    "duplicate"). A cancelled registration with the same address is taken up again.
    """
    _check_data(data)
    email = normalise_email(data.email)
    with transaction.atomic():
        locked = _locked_arena(arena)
        now = timezone.now()  # after the lock: the waiting list is in the order people got in
        _check_open(locked, now)
        _check_invited(locked, data)
        existing = (
            Registration.objects.select_for_update()
            .filter(arena=locked, email__iexact=email)
            .first()
        )
        if existing is not None and existing.status != Registration.Status.CANCELLED:
            raise _duplicate()
        # Someone waiting may have a place free for them (the capacity was raised): the
        # waiting list goes first.
        _fill_places(locked, now)
        registration = existing or Registration(arena=locked, created_at=now)
        registration.arena = locked
        _apply(registration, data)
        registration.language = supported_language(language)
        if user is not None:
            registration.user = user
        registration.cancelled_at = None
        registration.attended_at = None
        if places_left(locked):
            registration.status = Registration.Status.CONFIRMED
            registration.waitlisted_at = None
        else:
            registration.status = Registration.Status.WAITLISTED
            registration.waitlisted_at = now
        if existing is not None:
            registration.token_key = uuid.uuid4()  # earlier links stop working
        registration.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as error:  # the same address at the same moment
            raise _duplicate() from error
        transaction.on_commit(
            partial(notifications.send_confirmation, registration.pk), robust=True
        )
    return registration


def registration_update(*, registration: Registration, data: RegistrationData) -> Registration:
    """Change the details of a registration (the person, through their personal link). A
    new e-mail address must not have a registration for the arena already; the
    confirmation is sent to a new address."""
    if registration.status == Registration.Status.CANCELLED:
        raise ValidationError(REGISTRATION_CANCELLED, code="cancelled")
    _check_data(data)
    email = normalise_email(data.email)
    with transaction.atomic():
        locked = _locked_arena(registration.arena)
        _check_invited(locked, data)
        taken = (
            Registration.objects.filter(arena=locked, email__iexact=email)
            .exclude(pk=registration.pk)
            .exists()
        )
        if taken:
            raise _email_taken()
        email_changed = normalise_email(registration.email) != email
        _apply(registration, data)
        registration.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as error:
            raise _email_taken() from error
        if email_changed:
            transaction.on_commit(
                partial(notifications.send_confirmation, registration.pk), robust=True
            )
    return registration


def registration_cancel(*, registration: Registration, by: User | None = None) -> Registration:
    """Cancel a registration (by the person, or by a host: `by`). A place it held goes to
    the first on the waiting list, who is e-mailed. Cancelling a cancelled registration
    changes nothing."""
    with transaction.atomic():
        locked = _locked_arena(registration.arena)
        now = timezone.now()
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status != Registration.Status.CANCELLED:
            current.status = Registration.Status.CANCELLED
            current.cancelled_at = now
            current.save(update_fields=["status", "cancelled_at", "updated_at"])
            _fill_places(locked, now)
            transaction.on_commit(
                partial(notifications.send_cancelled, current.pk, by_host=by is not None),
                robust=True,
            )
    registration.status = current.status
    registration.cancelled_at = current.cancelled_at
    registration.updated_at = current.updated_at
    return registration


def registration_resend_link(*, arena: Arena, email: str) -> None:
    """E-mail the personal link again to `email` if it has a registration for `arena`. The
    caller says the same whether or not it has (no one learns who is registered)."""
    registration = (
        Registration.objects.filter(arena=arena, email__iexact=normalise_email(email))
        .only("pk")
        .first()
    )
    if registration is None:
        return
    if not cache.add(f"arenas:resend:{registration.pk}", 1, timeout=RESEND_INTERVAL):
        return
    transaction.on_commit(partial(notifications.send_link, registration.pk), robust=True)
