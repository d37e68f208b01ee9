"""Writes of the live wall: posting contributions, supporting them, and the hosts'
moderation (opening and closing the wall, hiding, merging duplicates, tagging).

Every service that changes what the wall shows bumps `Arena.wall_version` in the same
transaction, so a poll that carries the current version is answered with "nothing new".

Services trust their caller to have checked who may do what (`permissions.can_post_on_wall`,
`permissions.can_moderate_wall`); they enforce the rules that hold whoever calls them: the
wall is open, the text fits, the question and group belong to the arena and the person, one
vote per person.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from samskap.accounts.models import User

from ..models import (
    MAX_CONTRIBUTION_LENGTH,
    Arena,
    BreakoutGroup,
    Contribution,
    GroupMember,
    Question,
    Tag,
    Vote,
)
from ..participants import Participant

# Most tags on one contribution, and the longest tag name (the model's limit).
MAX_TAGS = 10
MAX_TAG_LENGTH = 60


def wall_version_bump(arena_id: int) -> None:
    """Tell pollers that the wall changed (call inside the changing transaction)."""
    Arena.objects.filter(pk=arena_id).update(wall_version=F("wall_version") + 1)


def _wall_accepts_posts(arena: Arena) -> None:
    if arena.is_cancelled:
        raise ValidationError(_("The arena is cancelled, so the wall is closed."), code="closed")
    if not arena.wall_open:
        raise ValidationError(
            _("The wall is closed for contributions. The hosts open it during the arena."),
            code="closed",
        )


def _is_members_group(arena: Arena, participant: Participant, group: BreakoutGroup) -> bool:
    """Whether `group` is one of the person's published breakout groups in this arena."""
    if participant.registration_id is None or arena.groups_published_at is None:
        return False
    return GroupMember.objects.filter(
        group=group,
        round__arena=arena,
        registration_id=participant.registration_id,
    ).exists()


@transaction.atomic
def contribution_create(
    *,
    arena: Arena,
    participant: Participant,
    question: Question | None,
    kind: str,
    text: str,
    group: BreakoutGroup | None = None,
    author_name: str = "",
) -> Contribution:
    """Post an answer or idea on the wall of `arena` as `participant`."""
    _wall_accepts_posts(arena)
    text = text.strip()
    errors: dict[str, list[ValidationError]] = {}
    if not text:
        errors.setdefault("text", []).append(
            ValidationError(_("Write your answer or idea."), code="required")
        )
    elif len(text) > MAX_CONTRIBUTION_LENGTH:
        errors.setdefault("text", []).append(
            ValidationError(
                _(
                    "The text is %(length)s characters long; the most is %(limit)s. "
                    "Shorten it, or split it into two contributions."
                ),
                code="max_length",
                params={"length": len(text), "limit": MAX_CONTRIBUTION_LENGTH},
            )
        )
    if question is not None and question.arena_id != arena.pk:
        errors.setdefault("question", []).append(
            ValidationError(_("Choose one of this arena's questions."), code="invalid")
        )
    if kind not in Contribution.Kind.values:
        errors.setdefault("kind", []).append(
            ValidationError(_("Choose answer or idea."), code="invalid")
        )
    if group is not None and not _is_members_group(arena, participant, group):
        errors.setdefault("group", []).append(
            ValidationError(_("You can only post from your own group."), code="invalid")
        )
    if errors:
        raise ValidationError(errors)
    contribution = Contribution(
        arena=arena,
        question=question,
        group=group,
        registration_id=participant.registration_id,
        author_key=participant.key,
        author_name=author_name.strip()[:150],
        kind=kind,
        text=text,
    )
    contribution.full_clean()
    contribution.save()
    wall_version_bump(arena.pk)
    return contribution


@transaction.atomic
def vote_toggle(*, contribution: Contribution, voter_key: str) -> bool:
    """Support `contribution` as `voter_key`, or take the support back if given; returns
    whether the person supports it afterwards.

    The contribution's row is locked, so concurrent toggles and merges of it run one after
    the other and `vote_count` always equals its number of votes.
    """
    if not voter_key:
        raise ValidationError(_("Join the wall to support contributions."), code="no_voter")
    locked = (
        Contribution.objects.select_for_update()
        .select_related("arena")
        .filter(pk=contribution.pk)
        .first()
    )
    if locked is None or locked.status != Contribution.Status.VISIBLE:
        raise ValidationError(_("This contribution is no longer on the wall."), code="not_visible")
    _wall_accepts_posts(locked.arena)
    deleted, _counts = Vote.objects.filter(contribution=locked, voter_key=voter_key).delete()
    if deleted:
        Contribution.objects.filter(pk=locked.pk).update(vote_count=F("vote_count") - 1)
        contribution.vote_count = locked.vote_count - 1
        supported = False
    else:
        try:
            with transaction.atomic():
                Vote.objects.create(contribution=locked, voter_key=voter_key)
        except IntegrityError:
            # The same person's other request got there first: the support is given.
            return True
        Contribution.objects.filter(pk=locked.pk).update(vote_count=F("vote_count") + 1)
        contribution.vote_count = locked.vote_count + 1
        supported = True
    wall_version_bump(locked.arena_id)
    return supported


# --- moderation by the hosts ------------------------------------------------------------


@transaction.atomic
def wall_open_set(*, arena: Arena, is_open: bool, by: User) -> Arena:
    """Open the wall for contributions and support, or close it (it stays readable)."""
    if is_open and arena.is_cancelled:
        raise ValidationError(_("A cancelled arena's wall cannot be opened."), code="cancelled")
    Arena.objects.filter(pk=arena.pk).update(wall_open=is_open, wall_version=F("wall_version") + 1)
    arena.refresh_from_db(fields=["wall_open", "wall_version"])
    return arena


def _set_status(contribution: Contribution, status: str) -> Contribution:
    Contribution.objects.filter(pk=contribution.pk).update(status=status)
    contribution.status = status
    wall_version_bump(contribution.arena_id)
    return contribution


@transaction.atomic
def contribution_hide(*, contribution: Contribution, by: User) -> Contribution:
    """Take a contribution off the wall (hosts still see it, greyed)."""
    if contribution.status != Contribution.Status.VISIBLE:
        raise ValidationError(_("Only a contribution on the wall can be hidden."), code="status")
    return _set_status(contribution, Contribution.Status.HIDDEN)


@transaction.atomic
def contribution_show(*, contribution: Contribution, by: User) -> Contribution:
    """Put a hidden contribution back on the wall."""
    if contribution.status != Contribution.Status.HIDDEN:
        raise ValidationError(_("Only a hidden contribution can be shown again."), code="status")
    return _set_status(contribution, Contribution.Status.VISIBLE)


@transaction.atomic
def contribution_merge(*, contribution: Contribution, into: Contribution, by: User) -> Contribution:
    """Merge a duplicate into another contribution under the same question: the duplicate
    leaves the wall (status merged), its supporters move to `into` (a person who supported
    both counts once), and so do its tags and the contributions merged into it before.
    Returns `into`."""
    if contribution.pk == into.pk:
        raise ValidationError(
            {"into": _("Choose another contribution to merge into.")}, code="same"
        )
    # Lock both rows in a fixed order, so concurrent votes and merges wait their turn.
    locked = {
        c.pk: c
        for c in Contribution.objects.select_for_update()
        .filter(pk__in=[contribution.pk, into.pk])
        .order_by("pk")
    }
    source = locked.get(contribution.pk)
    target = locked.get(into.pk)
    if source is None or target is None:
        raise ValidationError(_("The contribution no longer exists."), code="missing")
    if source.arena_id != target.arena_id or source.question_id != target.question_id:
        raise ValidationError(
            {"into": _("Merge only into a contribution under the same question.")},
            code="other_question",
        )
    if source.status == Contribution.Status.MERGED:
        raise ValidationError(_("This contribution is already merged."), code="merged")
    if target.status == Contribution.Status.MERGED:
        raise ValidationError(
            {"into": _("That contribution is merged itself; merge into the one it went to.")},
            code="target_merged",
        )
    target_voters = Vote.objects.filter(contribution=target).values("voter_key")
    Vote.objects.filter(contribution=source).exclude(voter_key__in=target_voters).update(
        contribution=target
    )
    Vote.objects.filter(contribution=source).delete()
    Contribution.objects.filter(merged_into=source).update(merged_into=target)
    target.tags.add(*source.tags.all())
    Contribution.objects.filter(pk=source.pk).update(
        status=Contribution.Status.MERGED, merged_into=target, vote_count=0
    )
    Contribution.objects.filter(pk=target.pk).update(
        vote_count=Vote.objects.filter(contribution=target).count()
    )
    wall_version_bump(target.arena_id)
    contribution.refresh_from_db(fields=["status", "merged_into", "vote_count"])
    into.refresh_from_db(fields=["vote_count"])
    return into


def tag_names(text: str) -> list[str]:
    """Tag names from comma-separated text: trimmed, without empties and repeats (the first
    spelling wins when two differ only in case)."""
    names: list[str] = []
    seen: set[str] = set()
    for raw in text.split(","):
        name = " ".join(raw.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


@transaction.atomic
def contribution_tag(*, contribution: Contribution, tags: list[str], by: User) -> Contribution:
    """Give the contribution exactly these tags (by name), creating the arena's missing
    tags. An arena's tag is matched case-insensitively, so "Ungdom" and "ungdom" are one."""
    names = tag_names(",".join(tags))
    too_long = [name for name in names if len(name) > MAX_TAG_LENGTH]
    if too_long:
        raise ValidationError(
            {
                "tags": _("A tag can be at most %(limit)s characters: %(tag)s")
                % {"limit": MAX_TAG_LENGTH, "tag": too_long[0]}
            },
            code="max_length",
        )
    if len(names) > MAX_TAGS:
        raise ValidationError(
            {"tags": _("Give at most %(limit)s tags.") % {"limit": MAX_TAGS}},
            code="too_many",
        )
    arena = contribution.arena
    existing = {tag.name.casefold(): tag for tag in Tag.objects.filter(arena=arena)}
    chosen: list[Tag] = []
    for name in names:
        tag = existing.get(name.casefold())
        if tag is None:
            tag, _created = Tag.objects.get_or_create(arena=arena, name=name)
            existing[name.casefold()] = tag
        chosen.append(tag)
    contribution.tags.set(chosen)
    wall_version_bump(arena.pk)
    return contribution
