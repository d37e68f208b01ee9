"""Writes of breakout groups: generating the rounds, moving people, the rounds' titles and
questions and the groups' video room links, and publishing the groups to the participants.

Generating replaces every round, group and member of the arena in one transaction, and
un-publishes the groups (hosts look at the new groups and publish again); the video room
links of the old groups are lost. The grouping itself is `breakouts.assign_groups`, a pure
function; this module turns its input errors into translated messages.

The services trust their caller to have found the arena through `permissions.py`; they check
that every object they are given belongs to that arena.
"""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from samskap.accounts.models import User

from ..breakouts import BreakoutError, assign_groups
from ..models import Arena, BreakoutGroup, BreakoutRound, GroupMember, Question, Registration
from ..selectors.groups import participant_mapping, participants_for_groups

MAX_ROUNDS = 10
MAX_SEED = 2**31 - 1
URL_MAX_LENGTH = 500

GROUP_SIZE_TOO_SMALL = _("A group needs at least one person. Choose a group size of 1 or more.")
ROUNDS_INVALID = _("Choose between 1 and %(max)s rounds.")
MODE_INVALID = _("Choose how to group people: mix municipalities or keep them together.")
NO_PARTICIPANTS = _(
    "No one holds a place at this arena yet. Groups can be made when people have registered."
)
SEED_INVALID = _("The seed must be a whole number from 0 to %(max)s.")
GROUPS_NOT_MADE = _("Make the groups before you publish them.")
WRONG_ARENA = _("That person or group does not belong to this arena. Reload the page.")
GROUP_IN_OTHER_ROUND = _("The group is in another round. Choose a group of the same round.")
NOT_A_PARTICIPANT = _("This person does not hold a place at the arena, so they cannot be moved.")
URL_INVALID = _(
    "Enter a full web address, like https://meet.example.no/room-1 (http or https only)."
)
URL_TOO_LONG = _("The address is too long (at most %(max)s characters).")


def new_seed() -> int:
    """A fresh seed for "shuffle again"."""
    return secrets.randbelow(MAX_SEED + 1)


def _breakout_message(error: BreakoutError, *, group_size: int, participants: int) -> str:
    if error.code == "group_size":
        return str(GROUP_SIZE_TOO_SMALL)
    if error.code == "rounds":
        return str(ROUNDS_INVALID) % {"max": MAX_ROUNDS}
    if error.code == "mode":
        return str(MODE_INVALID)
    if error.code == "empty":
        return str(NO_PARTICIPANTS)
    if error.code == "too_few_participants":
        return ngettext(
            "The group size (%(size)s) is larger than the number of participants: "
            "only %(count)s person holds a place. Choose a smaller group size.",
            "The group size (%(size)s) is larger than the number of participants: "
            "only %(count)s people hold a place. Choose a smaller group size.",
            participants,
        ) % {"size": group_size, "count": participants}
    return gettext("The groups could not be made (%(reason)s).") % {"reason": error.code}


def _check_generate_input(*, group_size: int, rounds: int, mode: str, seed: int) -> None:
    if not 1 <= rounds <= MAX_ROUNDS:
        raise ValidationError(ROUNDS_INVALID, code="rounds", params={"max": MAX_ROUNDS})
    if group_size < 1:
        raise ValidationError(GROUP_SIZE_TOO_SMALL, code="group_size")
    if mode not in BreakoutRound.Mode.values:
        raise ValidationError(MODE_INVALID, code="mode")
    if not 0 <= seed <= MAX_SEED:
        raise ValidationError(SEED_INVALID, code="seed", params={"max": MAX_SEED})


@transaction.atomic
def rounds_generate(
    *, arena: Arena, group_size: int, rounds: int, mode: str, seed: int, by: User | None
) -> list[BreakoutRound]:
    """Put the arena's participants (confirmed and attended) into groups of about
    `group_size` for `rounds` rounds, replacing any earlier rounds, groups, links and moves.

    The groups are un-published afterwards, so participants see the new groups only when the
    hosts publish them. Raises `ValidationError` (codes "group_size", "rounds", "mode", "seed",
    "empty", "too_few_participants") and changes nothing then.
    """
    _check_generate_input(group_size=group_size, rounds=rounds, mode=mode, seed=seed)
    # Serialise generating per arena, so two hosts clicking at once cannot mix their rounds.
    Arena.objects.select_for_update().filter(pk=arena.pk).first()
    participants = participants_for_groups(arena)
    if not participants:
        raise ValidationError(NO_PARTICIPANTS, code="empty")
    try:
        assignment = assign_groups(
            [participant_mapping(registration) for registration in participants],
            group_size=group_size,
            rounds=rounds,
            mode=mode,
            seed=seed,
        )
    except BreakoutError as error:
        raise ValidationError(
            _breakout_message(error, group_size=group_size, participants=len(participants)),
            code=error.code,
        ) from error

    # Keep the hosts' titles and questions for the rounds that stay.
    previous = {
        number: (title, question_id)
        for number, title, question_id in BreakoutRound.objects.filter(arena=arena).values_list(
            "number", "title", "question_id"
        )
    }
    BreakoutRound.objects.filter(arena=arena).delete()
    new_rounds = []
    for number in range(1, len(assignment) + 1):
        title, question_id = previous.get(number, ("", None))
        breakout_round = BreakoutRound(
            arena=arena,
            number=number,
            title=title,
            question_id=question_id,
            group_size=group_size,
            mode=mode,
            seed=seed,
        )
        breakout_round.full_clean(exclude=["arena", "question"])
        new_rounds.append(breakout_round)
    BreakoutRound.objects.bulk_create(new_rounds)
    if any(r.pk is None for r in new_rounds):  # pragma: no cover - backends without RETURNING
        new_rounds = list(BreakoutRound.objects.filter(arena=arena).order_by("number"))

    groups: list[tuple[BreakoutGroup, list[Any]]] = []
    for breakout_round, round_groups in zip(new_rounds, assignment, strict=True):
        for number, member_ids in enumerate(round_groups, start=1):
            groups.append((BreakoutGroup(round=breakout_round, number=number), member_ids))
    BreakoutGroup.objects.bulk_create([group for group, _member_ids in groups])
    GroupMember.objects.bulk_create(
        [
            GroupMember(round_id=group.round_id, group=group, registration_id=registration_id)
            for group, member_ids in groups
            for registration_id in member_ids
        ]
    )
    if arena.groups_published_at is not None:
        arena.groups_published_at = None
        arena.save(update_fields=["groups_published_at", "updated_at"])
    return new_rounds


@transaction.atomic
def group_member_move(
    *,
    arena: Arena,
    registration: Registration,
    round: BreakoutRound,
    to_group: BreakoutGroup,
    by: User | None,
) -> GroupMember:
    """Move a person to another group of the same round (or place someone who registered
    after the groups were made). Uneven group sizes are allowed: hosts decide."""
    if registration.arena_id != arena.pk or round.arena_id != arena.pk:
        raise ValidationError(WRONG_ARENA, code="wrong_arena")
    if to_group.round_id != round.pk:
        raise ValidationError(GROUP_IN_OTHER_ROUND, code="other_round")
    member = (
        GroupMember.objects.select_for_update()
        .filter(round=round, registration=registration)
        .first()
    )
    if member is None:
        if not registration.holds_place:
            raise ValidationError(NOT_A_PARTICIPANT, code="not_participant")
        member = GroupMember(round=round, group=to_group, registration=registration)
        member.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                member.save()
        except IntegrityError:
            # Another host placed the person at the same moment: move that place instead.
            member = GroupMember.objects.select_for_update().get(
                round=round, registration=registration
            )
        else:
            return member
    if member.group_id != to_group.pk:
        member.group = to_group
        member.save(update_fields=["group"])
    return member


@dataclass(frozen=True)
class RoundDetails:
    title: str
    question: Question | None


def _clean_url(value: str) -> str:
    url = value.strip()
    if not url:
        return ""
    if "://" not in url:
        url = f"https://{url}"
    if len(url) > URL_MAX_LENGTH:
        raise ValidationError(URL_TOO_LONG, code="max_length", params={"max": URL_MAX_LENGTH})
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as error:
        raise ValidationError(URL_INVALID, code="invalid_url") from error
    return url


@transaction.atomic
def group_links_set(
    *,
    arena: Arena,
    links: Mapping[int, str],
    rounds: Mapping[int, RoundDetails] | None = None,
    by: User | None = None,
) -> int:
    """Save the video room link of each group (`links`: group pk → address; empty removes
    it) and, optionally, each round's title and question (`rounds`: round pk → details).

    Addresses without a scheme get https://. Raises `ValidationError` with one error per bad
    link, keyed by the group's pk as text, and saves nothing then. Returns how many groups
    changed.
    """
    groups = {
        group.pk: group
        for group in BreakoutGroup.objects.select_for_update().filter(round__arena=arena)
    }
    errors: dict[str, list[ValidationError]] = {}
    cleaned: dict[int, str] = {}
    for group_pk, value in links.items():
        if group_pk not in groups:
            errors[str(group_pk)] = [ValidationError(WRONG_ARENA, code="wrong_arena")]
            continue
        try:
            cleaned[group_pk] = _clean_url(value)
        except ValidationError as error:
            errors[str(group_pk)] = [error]
    round_objects: dict[int, BreakoutRound] = {}
    if rounds:
        round_objects = {r.pk: r for r in BreakoutRound.objects.filter(arena=arena)}
        for round_pk, details in rounds.items():
            breakout_round = round_objects.get(round_pk)
            question = details.question
            if breakout_round is None or (question is not None and question.arena_id != arena.pk):
                errors[f"round-{round_pk}"] = [ValidationError(WRONG_ARENA, code="wrong_arena")]
    if errors:
        raise ValidationError(errors)
    changed = [
        group for pk, group in groups.items() if pk in cleaned and group.video_url != cleaned[pk]
    ]
    for group in changed:
        group.video_url = cleaned[group.pk]
    BreakoutGroup.objects.bulk_update(changed, ["video_url"])
    if rounds:
        updated = []
        for round_pk, details in rounds.items():
            breakout_round = round_objects[round_pk]
            title = " ".join(details.title.split())
            question_id = details.question.pk if details.question else None
            if breakout_round.title != title or breakout_round.question_id != question_id:
                breakout_round.title = title
                breakout_round.question_id = question_id
                breakout_round.full_clean(exclude=["arena", "question"])
                updated.append(breakout_round)
        BreakoutRound.objects.bulk_update(updated, ["title", "question"])
    return len(changed)


@transaction.atomic
def groups_publish(*, arena: Arena, by: User | None) -> Arena:
    """Show the groups to the participants on their personal pages."""
    if not BreakoutRound.objects.filter(arena=arena).exists():
        raise ValidationError(GROUPS_NOT_MADE, code="no_groups")
    if arena.groups_published_at is None:
        arena.groups_published_at = timezone.now()
        arena.save(update_fields=["groups_published_at", "updated_at"])
    return arena


@transaction.atomic
def groups_unpublish(*, arena: Arena, by: User | None) -> Arena:
    """Hide the groups from the participants again."""
    if arena.groups_published_at is not None:
        arena.groups_published_at = None
        arena.save(update_fields=["groups_published_at", "updated_at"])
    return arena
