"""Writes of activities. Every change goes through these functions, in one transaction each.

`activity_refresh_derived` keeps what is derived from an activity (its occurrences and search
columns) in step; every service that changes times, texts or places calls it.

Services trust their caller to have checked permissions (views and the API fetch their objects
through `permissions.py`); they enforce the rules that hold whoever calls them: a valid
recurrence, a venue in the municipality's county, capacity on sign-up.

E-mail goes out after the transaction commits (`transaction.on_commit`, robust: a mail server
that is down is logged and does not undo what was saved), rendered in each recipient's language.

Images: the uploaded file is written to storage when the activity row is saved. If anything
later in the service fails, the transaction rolls back and the service deletes the file it
wrote, so a failed save leaves neither a row nor a file. (If a caller wraps the service in its
own transaction and that one rolls back afterwards, the file stays behind as an orphan.) A
replaced image is not deleted, because a copy of the activity may share it.
"""

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from samskap.accounts.models import User
from samskap.core.search import search_columns
from samskap.directory.models import Organisation, TargetGroup, Theme
from samskap.places.models import Municipality

from . import notifications, recurrence
from .models import Activity, CoOrganiser, Language, Occurrence, SignUp


def exdates_of(activity: Activity) -> list[datetime.date]:
    return [datetime.date.fromisoformat(value) for value in activity.exdates]


def occurrences_rebuild(activity: Activity) -> int:
    """Bring the activity's stored occurrences in line with the expansion of its recurrence;
    returns how many there are. The recurrence must be valid (see `recurrence.validate`).

    Occurrences that keep their start are kept (their end is updated), so the sign-ups for
    them survive an edit of the text or of the end time; the others are deleted or created.
    """
    occurrences = recurrence.expand(
        activity.rrule,
        start=activity.start,
        end=activity.end,
        exdates=exdates_of(activity),
        limit=recurrence.MAX_OCCURRENCES,
    )
    wanted = {o.start: o for o in occurrences}
    with transaction.atomic():
        stored = {o.start: o for o in Occurrence.objects.filter(activity=activity)}
        gone = [o.pk for start, o in stored.items() if start not in wanted]
        if gone:
            Occurrence.objects.filter(pk__in=gone).delete()
        changed = []
        for start, occurrence in stored.items():
            if start in wanted and occurrence.end != wanted[start].end:
                occurrence.end = wanted[start].end
                changed.append(occurrence)
        if changed:
            Occurrence.objects.bulk_update(changed, ["end"])
        Occurrence.objects.bulk_create(
            Occurrence(activity=activity, start=o.start, end=o.end)
            for start, o in wanted.items()
            if start not in stored
        )
    return len(occurrences)


def search_values(activity: Activity) -> dict[str, str]:
    """The search columns of an activity: title, description, organiser, place, municipality."""
    return search_columns(
        activity.title,
        activity.description,
        activity.organiser.name,
        activity.place_name,
        activity.postal_place,
        activity.municipality.name,
    )


def activity_refresh_derived(activity: Activity) -> None:
    """Rebuild the occurrences and the search columns of a saved activity."""
    with transaction.atomic():
        values = search_values(activity)
        Activity.objects.filter(pk=activity.pk).update(**values)
        for key, value in values.items():
            setattr(activity, key, value)
        occurrences_rebuild(activity)


# --- creating and editing -----------------------------------------------------------------

# Fields whose change calendar apps should notice (RFC 5545 SEQUENCE goes up).
CALENDAR_FIELDS = (
    "organiser_id",
    "title",
    "description",
    "venue_id",
    "venue_name",
    "street_address",
    "postal_code",
    "postal_place",
    "municipality_id",
    "start",
    "end",
    "rrule",
    "exdates",
    "is_free",
    "price",
    "price_details",
    "signup",
    "signup_url",
    "status",
)
OTHER_FIELDS = ("capacity", "step_free", "hearing_loop", "sign_language", "image", "image_alt")
RELATIONS = ("target_groups", "themes", "languages")
# What a copy takes over (it gets its own organiser, status and calendar identifier).
COPIED_FIELDS = tuple(
    name for name in (*CALENDAR_FIELDS, *OTHER_FIELDS) if name not in ("organiser_id", "status")
)

VENUE_IN_OTHER_COUNTY = _(
    "The venue is in another county than the municipality you chose. "
    "Choose the venue's municipality or another venue."
)


@dataclass(frozen=True, kw_only=True)
class ActivityData:
    """What an organiser enters about an activity (on the form or through the API).

    `image`: a new upload, `False` to remove the image, `None` to keep what is there.
    `co_organisers`: `None` leaves the co-organisers as they are.
    """

    title: str
    municipality: Municipality
    start: datetime.datetime
    end: datetime.datetime
    description: str = ""
    venue: Organisation | None = None
    venue_name: str = ""
    street_address: str = ""
    postal_code: str = ""
    postal_place: str = ""
    rrule: str = ""
    exdates: Sequence[datetime.date] = field(default_factory=tuple)
    target_groups: Sequence[TargetGroup] = field(default_factory=tuple)
    themes: Sequence[Theme] = field(default_factory=tuple)
    languages: Sequence[Language] = field(default_factory=tuple)
    is_free: bool = True
    price: Decimal | None = None
    price_details: str = ""
    signup: str = Activity.SignUp.NONE
    signup_url: str = ""
    capacity: int | None = None
    step_free: bool = False
    hearing_loop: bool = False
    sign_language: bool = False
    image: UploadedFile[bytes] | bool | None = None
    image_alt: str = ""
    co_organisers: Sequence[Organisation] | None = None


def _check_venue(venue: Organisation | None, municipality: Municipality) -> None:
    if venue is None or venue.home_municipality_id is None:
        return
    home = Municipality.objects.only("county_id").get(pk=venue.home_municipality_id)
    if home.county_id != municipality.county_id:
        raise ValidationError({"venue": VENUE_IN_OTHER_COUNTY}, code="venue_other_county")


def _apply(activity: Activity, data: ActivityData) -> bool:
    """Copy `data` onto `activity`; returns whether a new image file was given."""
    activity.title = " ".join(data.title.split())
    activity.description = data.description.strip()
    activity.venue = data.venue
    activity.venue_name = data.venue_name.strip()
    activity.street_address = data.street_address.strip()
    activity.postal_code = data.postal_code.strip()
    activity.postal_place = data.postal_place.strip()
    activity.municipality = data.municipality
    activity.start = data.start
    activity.end = data.end
    activity.rrule = data.rrule
    activity.exdates = sorted({day.isoformat() for day in data.exdates})
    activity.is_free = data.is_free
    activity.price = None if data.is_free else data.price
    activity.price_details = data.price_details.strip()
    activity.signup = data.signup
    activity.signup_url = data.signup_url if data.signup == Activity.SignUp.LINK else ""
    activity.capacity = data.capacity if data.signup == Activity.SignUp.PLATFORM else None
    activity.step_free = data.step_free
    activity.hearing_loop = data.hearing_loop
    activity.sign_language = data.sign_language
    activity.image_alt = data.image_alt.strip()
    new_image = False
    if isinstance(data.image, UploadedFile):
        activity.image = data.image
        new_image = True
    elif data.image is False:
        activity.image = ""
    if not activity.image:
        activity.image_alt = ""
    return new_image


def _validate(activity: Activity) -> None:
    """Check what the model cannot: the recurrence, the venue's county, required pairs."""
    errors: dict[str, list[ValidationError]] = {}
    try:
        recurrence.validate(
            activity.rrule, start=activity.start, end=activity.end, exdates=exdates_of(activity)
        )
    except ValidationError as error:
        for name, messages in error.update_error_dict({}).items():
            errors.setdefault(name, []).extend(messages)
    try:
        _check_venue(activity.venue, activity.municipality)
    except ValidationError as error:
        errors.setdefault("venue", []).extend(error.error_dict["venue"])
    if activity.venue is None and not activity.venue_name:
        errors.setdefault("venue_name", []).append(
            ValidationError(_("Choose a library or enter the name of the place."), code="required")
        )
    if not activity.is_free and activity.price is None:
        errors.setdefault("price", []).append(
            ValidationError(_("Enter the price, or mark the activity as free."), code="required")
        )
    if activity.signup == Activity.SignUp.LINK and not activity.signup_url:
        errors.setdefault("signup_url", []).append(
            ValidationError(_("Enter the address of the sign-up page."), code="required")
        )
    if activity.signup == Activity.SignUp.PLATFORM and not activity.capacity:
        errors.setdefault("capacity", []).append(
            ValidationError(_("Enter how many places there are each time."), code="required")
        )
    if activity.image and not activity.image_alt:
        errors.setdefault("image_alt", []).append(
            ValidationError(_("Describe what the image shows."), code="required")
        )
    if errors:
        raise ValidationError(errors)


def _set_relations(activity: Activity, data: ActivityData) -> None:
    activity.target_groups.set(data.target_groups)
    activity.themes.set(data.themes)
    activity.languages.set(data.languages)


def _relation_values(activity: Activity) -> dict[str, set[int]]:
    return {name: set(getattr(activity, name).values_list("pk", flat=True)) for name in RELATIONS}


def _save_with_image(activity: Activity, new_image: bool, work: Callable[[], None]) -> None:
    """Save the activity and run `work()` in one transaction; if it fails, delete the image
    file written by the save."""
    try:
        with transaction.atomic():
            activity.save()
            work()
    except BaseException:
        if new_image and activity.image.name:
            activity.image.storage.delete(activity.image.name)
        raise


def activity_create(
    *, by: User, organiser: Organisation, data: ActivityData, publish: bool = False
) -> Activity:
    """Create an activity (a draft, or published with `publish=True`) with its relations,
    co-organisers (invited) and occurrences. Everything is saved or nothing is."""
    activity = Activity(organiser=organiser, created_by=by)
    new_image = _apply(activity, data)
    activity.status = Activity.Status.PUBLISHED if publish else Activity.Status.DRAFT
    _validate(activity)
    activity.full_clean()

    def work() -> None:
        _set_relations(activity, data)
        if data.co_organisers:
            co_organisers_set(activity=activity, organisations=data.co_organisers, by=by)
        activity_refresh_derived(activity)

    _save_with_image(activity, new_image, work)
    return activity


def activity_update(
    *,
    activity: Activity,
    by: User,
    data: ActivityData,
    organiser: Organisation | None = None,
    publish: bool = False,
) -> Activity:
    """Change an activity (and, with `organiser`, move it to another organisation).
    `sequence` goes up when anything calendar apps show changes, and `updated_at` whenever
    anything changes. With `publish=True` a draft is published too."""
    before = {name: getattr(activity, name) for name in CALENDAR_FIELDS}
    before_other = {name: getattr(activity, name) for name in OTHER_FIELDS}
    relations_before = _relation_values(activity)
    new_image = _apply(activity, data)
    if organiser is not None:
        activity.organiser = organiser
    if publish and activity.status == Activity.Status.DRAFT:
        activity.status = Activity.Status.PUBLISHED
    calendar_changed = any(getattr(activity, name) != before[name] for name in CALENDAR_FIELDS)
    changed = (
        calendar_changed
        or new_image
        or any(getattr(activity, name) != before_other[name] for name in OTHER_FIELDS)
        or any(
            {item.pk for item in getattr(data, name)} != relations_before[name]
            for name in RELATIONS
        )
    )
    if calendar_changed:
        activity.sequence += 1
    if changed:
        activity.updated_at = timezone.now()
    _validate(activity)
    activity.full_clean()
    _keep_signed_up_times(activity)

    def work() -> None:
        _set_relations(activity, data)
        if data.co_organisers is not None:
            co_organisers_set(activity=activity, organisations=data.co_organisers, by=by)
        activity_refresh_derived(activity)

    _save_with_image(activity, new_image, work)
    return activity


def _keep_signed_up_times(activity: Activity) -> None:
    """Refuse a change of times that would remove a time people have signed up for (their
    sign-ups would go with it, unannounced): the organiser cancels instead, which tells them."""
    starts = {
        o.start
        for o in recurrence.expand(
            activity.rrule,
            start=activity.start,
            end=activity.end,
            exdates=exdates_of(activity),
            limit=recurrence.MAX_OCCURRENCES,
        )
    }
    lost = (
        SignUp.objects.filter(occurrence__activity=activity)
        .exclude(occurrence__start__in=starts)
        .count()
    )
    if lost:
        message = ngettext_lazy(
            "%(count)s person has signed up for a time this change would remove. "
            "Keep that time, or cancel the activity so they are told.",
            "%(count)s people have signed up for times this change would remove. "
            "Keep those times, or cancel the activity so they are told.",
            "count",
        )
        raise ValidationError(
            {
                "start": ValidationError(
                    message, code="signed_up_time_removed", params={"count": lost}
                )
            }
        )


def _bump(activity: Activity) -> None:
    activity.sequence += 1
    activity.updated_at = timezone.now()


@transaction.atomic
def activity_publish(*, activity: Activity, by: User) -> Activity:
    """Publish a draft. Publishing what is already published changes nothing."""
    if activity.status == Activity.Status.PUBLISHED:
        return activity
    if activity.status != Activity.Status.DRAFT:
        raise ValidationError(
            _("A cancelled activity cannot be published again. Copy it instead."),
            code="not_draft",
        )
    activity.status = Activity.Status.PUBLISHED
    _bump(activity)
    activity.full_clean()
    activity.save(update_fields=["status", "sequence", "updated_at"])
    return activity


@transaction.atomic
def activity_cancel(*, activity: Activity, by: User, reason: str) -> Activity:
    """Cancel a published activity. It stays visible, marked as cancelled with the reason, and
    everyone signed up for a time still to come is told by e-mail in their language."""
    if activity.status == Activity.Status.CANCELLED:
        return activity
    if activity.status != Activity.Status.PUBLISHED:
        raise ValidationError(
            _("Only a published activity can be cancelled. Delete a draft instead."),
            code="not_published",
        )
    activity.status = Activity.Status.CANCELLED
    activity.cancel_reason = " ".join(reason.split())
    _bump(activity)
    activity.full_clean()
    activity.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
    signup_ids = list(
        SignUp.objects.filter(
            occurrence__activity=activity, occurrence__start__gt=timezone.now()
        ).values_list("pk", flat=True)
    )
    if signup_ids:
        transaction.on_commit(
            partial(notifications.send_cancelled, activity.pk, signup_ids), robust=True
        )
    return activity


@transaction.atomic
def activity_copy(*, activity: Activity, by: User) -> Activity:
    """A new draft with the same content as `activity` (same title, times and relations, a
    new calendar identifier), for the organiser to give new dates. Confirmed co-organisers
    stay confirmed and pending ones pending; declined ones are left out."""
    copy = Activity(
        organiser=activity.organiser,
        created_by=by,
        status=Activity.Status.DRAFT,
    )
    for name in COPIED_FIELDS:
        setattr(copy, name, getattr(activity, name))
    copy.exdates = list(activity.exdates)
    # A copy of what a moderator hid stays hidden, with the reason, until a moderator decides.
    copy.hidden_at, copy.hidden_by_id, copy.hidden_reason = (
        activity.hidden_at,
        activity.hidden_by_id,
        activity.hidden_reason,
    )
    copy.full_clean()
    copy.save()
    for name in RELATIONS:
        getattr(copy, name).set(getattr(activity, name).all())
    CoOrganiser.objects.bulk_create(
        CoOrganiser(
            activity=copy,
            organisation_id=link.organisation_id,
            status=link.status,
            invited_by=by,
            decided_by_id=link.decided_by_id,
            decided_at=link.decided_at,
        )
        for link in activity.co_organiser_links.exclude(status=CoOrganiser.Status.DECLINED)
    )
    activity_refresh_derived(copy)
    return copy


@transaction.atomic
def activity_hide(*, activity: Activity, by: User, reason: str) -> Activity:
    """Hide an activity from the public (moderators). The organiser's administrators are told
    why by e-mail; the reason is shown to the organiser's members."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the activity is hidden; the organiser will see it.")},
            code="required",
        )
    _set_hidden(activity, hidden_at=timezone.now(), by=by, reason=reason, template="hidden")
    return activity


@transaction.atomic
def activity_unhide(*, activity: Activity, by: User) -> Activity:
    """Show a hidden activity again; the organiser's administrators are told."""
    if activity.hidden_at is None:
        return activity
    _set_hidden(activity, hidden_at=None, by=None, reason="", template="unhidden")
    return activity


def _set_hidden(
    activity: Activity,
    *,
    hidden_at: datetime.datetime | None,
    by: User | None,
    reason: str,
    template: str,
) -> None:
    """Hide or show the activity, and tell the organiser's administrators after commit."""
    activity.hidden_at = hidden_at
    activity.hidden_by = by
    activity.hidden_reason = reason
    _bump(activity)
    activity.full_clean()
    activity.save(
        update_fields=["hidden_at", "hidden_by", "hidden_reason", "sequence", "updated_at"]
    )
    transaction.on_commit(
        partial(notifications.send_moderation, activity.pk, template), robust=True
    )


# --- co-organisers ------------------------------------------------------------------------


@transaction.atomic
def co_organisers_set(
    *, activity: Activity, organisations: Iterable[Organisation], by: User
) -> list[CoOrganiser]:
    """Make `organisations` the activity's co-organisers. New ones are invited (pending) and
    their administrators asked by e-mail; those no longer listed are removed; the others keep
    their answer."""
    wanted = {o.pk: o for o in organisations}
    if activity.organiser_id in wanted:
        raise ValidationError(
            {"co_organisers": _("The organiser cannot also be a co-organiser.")},
            code="organiser_is_co_organiser",
        )
    CoOrganiser.objects.filter(activity=activity).exclude(organisation_id__in=wanted).delete()
    existing = set(
        CoOrganiser.objects.filter(activity=activity).values_list("organisation_id", flat=True)
    )
    for pk, organisation in wanted.items():
        if pk in existing:
            continue
        link = CoOrganiser(activity=activity, organisation=organisation, invited_by=by)
        link.full_clean()
        link.save()
        transaction.on_commit(
            partial(notifications.send_co_organiser_invitation, link.pk), robust=True
        )
    return list(CoOrganiser.objects.filter(activity=activity).select_related("organisation"))


@transaction.atomic
def co_organiser_decide(*, link: CoOrganiser, by: User, accept: bool) -> CoOrganiser:
    """Confirm (`accept=True`) or decline an invitation to co-organise."""
    locked = CoOrganiser.objects.select_for_update().get(pk=link.pk)
    if locked.status != CoOrganiser.Status.PENDING:
        raise ValidationError(_("This invitation has already been answered."), code="decided")
    link.status = CoOrganiser.Status.CONFIRMED if accept else CoOrganiser.Status.DECLINED
    link.decided_by = by
    link.decided_at = timezone.now()
    link.full_clean()
    link.save(update_fields=["status", "decided_by", "decided_at"])
    if accept:
        # The co-organiser now shows in the calendar's organiser filter and the feeds.
        Activity.objects.filter(pk=link.activity_id).update(updated_at=timezone.now())
    return link


# --- sign-up ------------------------------------------------------------------------------

SIGNUP_FULL = _("Sorry, this time is full. Choose another time if there is one.")
SIGNUP_CLOSED = _("Sign-up for this time is closed.")
SIGNUP_DUPLICATE = _("This e-mail address is already signed up for this time.")


@transaction.atomic
def signup_create(
    *, occurrence: Occurrence, name: str, email: str, user: User | None, language: str
) -> SignUp:
    """Take a place at `occurrence`. The occurrence row is locked while places are counted,
    so parallel sign-ups never exceed the capacity. A confirmation is e-mailed in `language`.
    """
    locked = (
        Occurrence.objects.select_for_update()
        .select_related("activity")
        .filter(pk=occurrence.pk)
        .first()
    )
    if locked is None:
        raise ValidationError(SIGNUP_CLOSED, code="closed")
    activity = locked.activity
    open_for_signup = (
        activity.status == Activity.Status.PUBLISHED
        and activity.hidden_at is None
        and activity.signup == Activity.SignUp.PLATFORM
        and locked.start > timezone.now()
    )
    if not open_for_signup:
        raise ValidationError(SIGNUP_CLOSED, code="closed")
    email = email.strip()
    if SignUp.objects.filter(occurrence=locked, email__iexact=email).exists():
        raise ValidationError({"email": SIGNUP_DUPLICATE}, code="duplicate")
    if activity.capacity is not None and locked.signups.count() >= activity.capacity:
        raise ValidationError(SIGNUP_FULL, code="full")
    signup = SignUp(
        occurrence=locked,
        name=" ".join(name.split()),
        email=email,
        user=user,
        language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
    )
    signup.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            signup.save()
    except IntegrityError as error:  # the same address, differently cased, at the same moment
        raise ValidationError({"email": SIGNUP_DUPLICATE}, code="duplicate") from error
    transaction.on_commit(partial(notifications.send_signup_confirmation, signup.pk), robust=True)
    return signup


def places_left(activity: Activity, signup_count: int) -> int | None:
    """Places left at an occurrence with `signup_count` sign-ups; `None` when unlimited."""
    if activity.capacity is None:
        return None
    return max(activity.capacity - signup_count, 0)
