"""Writes of arenas themselves: create, edit, publish and cancel.

Services trust their caller to have checked permissions (views fetch the arena through
`permissions.arena_for_manage`, and creation is checked against
`permissions.counties_for_new_arenas`); they enforce the rules that hold whoever calls them:
the times make sense, the capacity holds everyone confirmed, a physical arena has a place in
its county, an arena by invitation invites someone.

The programme and the reflection questions are saved with the arena in the same transaction.
Questions are updated in place (contributions on the wall point to them); a question with
contributions cannot be removed.

The cancellation e-mail goes out after the transaction commits (`transaction.on_commit`,
robust), one background task per person, in the person's language.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from samskap.accounts.models import User
from samskap.directory.models import Organisation, Sector
from samskap.places.models import County, Municipality

from ..models import Arena, ProgrammeItem, Question, Registration
from ..notifications import arena as notifications

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The four questions of the 2021 arenas: the template for a new arena's reflection questions
# (stored as text in the creator's language).
DEFAULT_QUESTIONS = (
    _(
        "How can libraries reach new target groups, when half the population does not use "
        "the library?"
    ),
    _(
        "How can the voluntary sector in each municipality be engaged, so that its activities "
        "become better known and new collaborations arise?"
    ),
    _("How can more people be included, and inclusive local communities be created?"),
    _("What can we co-create and develop together?"),
)

MAX_PROGRAMME_ITEMS = 50
MAX_QUESTIONS = 20


@dataclass(frozen=True, kw_only=True)
class ProgrammeItemData:
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None = None
    description: str = ""


@dataclass(frozen=True, kw_only=True)
class QuestionData:
    """A reflection question; `pk` names a stored question of the arena to update."""

    text: str
    pk: int | None = None


@dataclass(frozen=True, kw_only=True)
class ArenaData:
    """What a host enters about an arena (on the form or through the API).

    `hosts`, `invited_organisations`, `programme` and `questions` replace what is stored;
    the questions are kept in the order given."""

    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    registration_opens: datetime.datetime
    registration_closes: datetime.datetime
    capacity: int
    kind: str = Arena.Kind.CO_CREATION
    format: str = Arena.Format.DIGITAL
    description: str = ""
    place_name: str = ""
    street_address: str = ""
    postal_code: str = ""
    postal_place: str = ""
    municipality: Municipality | None = None
    video_url: str = ""
    access: str = Arena.Access.OPEN
    invited_organisations: Sequence[Organisation] = field(default_factory=tuple)
    invited_sectors: Sequence[str] = field(default_factory=tuple)
    hosts: Sequence[Organisation] = field(default_factory=tuple)
    programme: Sequence[ProgrammeItemData] = field(default_factory=tuple)
    questions: Sequence[QuestionData] = field(default_factory=tuple)


def _clean_text(value: str) -> str:
    return " ".join(value.split())


def _apply(arena: Arena, data: ArenaData) -> None:
    arena.kind = data.kind
    arena.format = data.format
    arena.title = _clean_text(data.title)
    arena.description = data.description.strip()
    arena.starts_at = data.starts_at
    arena.ends_at = data.ends_at
    arena.registration_opens = data.registration_opens
    arena.registration_closes = data.registration_closes
    arena.capacity = data.capacity
    physical = data.format in (Arena.Format.PHYSICAL, Arena.Format.HYBRID)
    arena.place_name = _clean_text(data.place_name) if physical else ""
    arena.street_address = _clean_text(data.street_address) if physical else ""
    arena.postal_code = data.postal_code.strip() if physical else ""
    arena.postal_place = _clean_text(data.postal_place) if physical else ""
    arena.municipality = data.municipality if physical else None
    arena.video_url = data.video_url.strip()
    arena.access = data.access
    arena.invited_sectors = (
        sorted(set(data.invited_sectors)) if data.access == Arena.Access.INVITED else []
    )


def _validate(arena: Arena, data: ArenaData) -> None:
    """The rules of an arena, reported by field, all at once."""
    errors: dict[str, list[ValidationError]] = {}

    def add(name: str, message: "StrOrPromise", code: str) -> None:
        errors.setdefault(name, []).append(ValidationError(message, code=code))

    if not arena.title:
        add("title", _("Enter the title."), "required")
    if arena.ends_at <= arena.starts_at:
        add("ends_at", _("The arena must end after it starts."), "end_before_start")
    if arena.registration_closes <= arena.registration_opens:
        add(
            "registration_closes",
            _("Registration must close after it opens."),
            "registration_window",
        )
    elif arena.registration_closes > arena.ends_at:
        add(
            "registration_closes",
            _("Registration must close before the arena ends."),
            "registration_after_end",
        )
    if arena.capacity is None or arena.capacity < 1:
        add("capacity", _("There must be at least one place."), "min_value")
    elif arena.pk is not None:
        confirmed = Registration.objects.filter(arena=arena).holding_place().count()
        if arena.capacity < confirmed:
            add(
                "capacity",
                ngettext(
                    "%(count)s person is confirmed, so there must be at least %(count)s place.",
                    "%(count)s people are confirmed, so there must be at least %(count)s places.",
                    confirmed,
                )
                % {"count": confirmed},
                "below_confirmed",
            )
    if arena.is_physical:
        if not arena.place_name and not arena.street_address:
            add(
                "place_name",
                _("A physical or hybrid arena needs a place: enter its name or address."),
                "place_required",
            )
        if arena.municipality is None:
            add(
                "municipality",
                _("Choose the municipality where the arena is held."),
                "required",
            )
        elif arena.municipality.county_id != arena.county_id:
            add(
                "municipality",
                _("The place must be in the arena's county (%(county)s).")
                % {"county": arena.county.name},
                "municipality_other_county",
            )
    if arena.video_url and not arena.is_digital:
        add(
            "video_url",
            _("Only a digital or hybrid arena has a video link. Choose the format, or remove it."),
            "video_not_digital",
        )
    nobody_invited = not data.invited_organisations and not data.invited_sectors
    if arena.access == Arena.Access.INVITED and nobody_invited:
        add(
            "access",
            _("Choose at least one invited organisation or sector, or open the arena."),
            "nobody_invited",
        )
    unknown = set(data.invited_sectors) - set(Sector.values)
    if unknown:
        add("invited_sectors", _("Choose sectors from the list."), "invalid_choice")
    inactive_hosts = [o for o in data.hosts if o.status != Organisation.Status.ACTIVE]
    if inactive_hosts:
        add(
            "hosts",
            _("%(names)s is not active in the directory.")
            % {"names": ", ".join(o.name for o in inactive_hosts)},
            "inactive",
        )
    _validate_programme(data.programme, errors)
    _validate_questions(arena, data.questions, errors)
    if errors:
        raise ValidationError(errors)
    arena.full_clean(exclude=["county", "municipality", "created_by"])


def _validate_programme(
    items: Sequence[ProgrammeItemData], errors: dict[str, list[ValidationError]]
) -> None:
    problems: list[ValidationError] = []
    if len(items) > MAX_PROGRAMME_ITEMS:
        problems.append(
            ValidationError(
                _("A programme can have at most %(max)s items.") % {"max": MAX_PROGRAMME_ITEMS},
                code="too_many",
            )
        )
    for item in items:
        if not _clean_text(item.title):
            problems.append(ValidationError(_("Every programme item needs a title."), "required"))
        if item.ends_at is not None and item.ends_at <= item.starts_at:
            problems.append(
                ValidationError(
                    _("“%(title)s” must end after it starts.") % {"title": item.title},
                    code="end_before_start",
                )
            )
        if len(item.description) > 2000:
            problems.append(
                ValidationError(
                    _("The description of “%(title)s” is too long (at most 2,000 characters).")
                    % {"title": item.title},
                    code="max_length",
                )
            )
    if problems:
        errors["programme"] = problems


def _validate_questions(
    arena: Arena, questions: Sequence[QuestionData], errors: dict[str, list[ValidationError]]
) -> None:
    problems: list[ValidationError] = []
    if len(questions) > MAX_QUESTIONS:
        problems.append(
            ValidationError(
                _("An arena can have at most %(max)s questions.") % {"max": MAX_QUESTIONS},
                code="too_many",
            )
        )
    for question in questions:
        text = _clean_text(question.text)
        if not text:
            problems.append(ValidationError(_("A question cannot be empty."), code="required"))
        elif len(text) > 500:
            problems.append(
                ValidationError(_("A question can be at most 500 characters."), code="max_length")
            )
    if arena.pk is not None:
        kept = {q.pk for q in questions if q.pk is not None}
        removed_with_contributions = (
            Question.objects.filter(arena=arena)
            .exclude(pk__in=kept)
            .annotate(n=Count("contributions"))
            .filter(n__gt=0)
        )
        for removed in removed_with_contributions:
            problems.append(
                ValidationError(
                    _(
                        "“%(text)s” has contributions on the wall and cannot be removed. "
                        "Keep it, or change its text."
                    )
                    % {"text": removed.text},
                    code="has_contributions",
                )
            )
    if problems:
        errors["questions"] = problems


def _save_relations(arena: Arena, data: ArenaData) -> None:
    arena.hosts.set(data.hosts)
    arena.invited_organisations.set(
        data.invited_organisations if data.access == Arena.Access.INVITED else []
    )
    ProgrammeItem.objects.filter(arena=arena).delete()
    ProgrammeItem.objects.bulk_create(
        ProgrammeItem(
            arena=arena,
            title=_clean_text(item.title),
            starts_at=item.starts_at,
            ends_at=item.ends_at,
            description=item.description.strip(),
        )
        for item in data.programme
    )
    stored = {q.pk: q for q in Question.objects.filter(arena=arena)}
    kept: list[Question] = []
    new: list[Question] = []
    for position, question_data in enumerate(data.questions):
        text = _clean_text(question_data.text)
        question = stored.get(question_data.pk) if question_data.pk is not None else None
        if question is None:
            new.append(Question(arena=arena, text=text, position=position))
        else:
            question.text = text
            question.position = position
            kept.append(question)
    Question.objects.filter(arena=arena).exclude(pk__in=[q.pk for q in kept]).delete()
    if kept:
        Question.objects.bulk_update(kept, ["text", "position"])
    Question.objects.bulk_create(new)


@transaction.atomic
def arena_create(
    *, county: County, data: ArenaData, by: User | None, publish: bool = False
) -> Arena:
    """A new arena in `county`, a draft unless `publish`."""
    arena = Arena(county=county, created_by=by, status=Arena.Status.DRAFT)
    _apply(arena, data)
    _validate(arena, data)
    if publish:
        arena.status = Arena.Status.PUBLISHED
    arena.save()
    _save_relations(arena, data)
    return arena


@transaction.atomic
def arena_update(*, arena: Arena, data: ArenaData) -> Arena:
    """Change an arena (not its county or status). Registrations stay as they are. The
    arena row is locked while the capacity is checked against the confirmed places; `arena`
    itself is left as it was when the data is refused, and refreshed when it is saved."""
    locked = Arena.objects.select_for_update().select_related("county").get(pk=arena.pk)
    _apply(locked, data)
    _validate(locked, data)
    locked.save()
    _save_relations(locked, data)
    arena.refresh_from_db()
    return locked


@transaction.atomic
def arena_publish(*, arena: Arena, by: User) -> Arena:
    """Make a draft public."""
    if arena.status == Arena.Status.PUBLISHED:
        return arena
    if arena.status == Arena.Status.CANCELLED:
        raise ValidationError(
            _("A cancelled arena cannot be published again. Create a new one instead."),
            code="cancelled",
        )
    arena.status = Arena.Status.PUBLISHED
    arena.full_clean(exclude=["county", "municipality", "created_by"])
    arena.save(update_fields=["status", "updated_at"])
    return arena


@transaction.atomic
def arena_cancel(*, arena: Arena, by: User, reason: str) -> Arena:
    """Cancel a published arena. It stays visible, marked as cancelled with the reason, and
    everyone confirmed or on the waiting list is told by e-mail in their language."""
    if arena.status == Arena.Status.CANCELLED:
        return arena
    if arena.status != Arena.Status.PUBLISHED:
        raise ValidationError(
            _("Only a published arena can be cancelled. A draft is not public."),
            code="not_published",
        )
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Tell the participants why."), code="required")}
        )
    if arena.ends_at < timezone.now():
        raise ValidationError(
            _("The arena has already taken place and cannot be cancelled."), code="past"
        )
    arena.status = Arena.Status.CANCELLED
    arena.cancel_reason = reason
    arena.wall_open = False
    arena.full_clean(exclude=["county", "municipality", "created_by"])
    arena.save(update_fields=["status", "cancel_reason", "wall_open", "updated_at"])
    registration_ids = list(
        Registration.objects.filter(
            arena=arena,
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
        ).values_list("pk", flat=True)
    )
    if registration_ids:
        transaction.on_commit(
            partial(notifications.send_arena_cancelled, arena.pk, registration_ids), robust=True
        )
    return arena
