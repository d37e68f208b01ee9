"""Co-creation arenas (samskapingsarenaer), course days and network meetings.

An `Arena` belongs to a county and is run by that county's coordinators together with its
host organisations. People register without an account (`Registration`); confirmed places
are limited by `capacity`, the rest wait in line. Hosts split the participants into breakout
groups round by round (`BreakoutRound` → `BreakoutGroup` → `GroupMember`). During the arena
participants post answers and ideas under the reflection questions (`Contribution`) and
support each other's (`Vote`).
"""

import datetime
import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samskap.directory.models import Organisation, Sector
from samskap.places.models import County, Municipality

# Longest answer or idea on the live wall.
MAX_CONTRIBUTION_LENGTH = 1000
# Letters of a join code: no 0/O, 1/I/L, so it can be read aloud and typed from a screen.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class ArenaQuerySet(models.QuerySet["Arena"]):
    def published(self) -> "ArenaQuerySet":
        """Arenas anyone may see: published or cancelled (a cancellation stays visible)."""
        return self.filter(status__in=[Arena.Status.PUBLISHED, Arena.Status.CANCELLED])

    def upcoming(self, now: datetime.datetime | None = None) -> "ArenaQuerySet":
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now: datetime.datetime | None = None) -> "ArenaQuerySet":
        return self.filter(ends_at__lt=now or timezone.now())

    def open_for_registration(self, now: datetime.datetime | None = None) -> "ArenaQuerySet":
        """Published arenas whose registration window is open now."""
        now = now or timezone.now()
        return self.filter(
            status=Arena.Status.PUBLISHED,
            registration_opens__lte=now,
            registration_closes__gt=now,
        )


class Arena(models.Model):
    class Kind(models.TextChoices):
        CO_CREATION = "co_creation", _("Co-creation arena")
        COURSE_DAY = "course_day", _("Course day")
        NETWORK_MEETING = "network_meeting", _("Network meeting")

    class Format(models.TextChoices):
        DIGITAL = "digital", _("Digital")
        PHYSICAL = "physical", _("Physical")
        HYBRID = "hybrid", _("Hybrid (physical and digital)")

    class Access(models.TextChoices):
        OPEN = "open", _("Open to everyone")
        INVITED = "invited", _("Invited organisations and sectors only")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="arenas", verbose_name=_("county")
    )
    hosts = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="hosted_arenas",
        verbose_name=_("host organisations"),
        help_text=_("Organisations that run the arena with the county library."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    kind = models.CharField(
        _("kind"), max_length=30, choices=Kind.choices, default=Kind.CO_CREATION
    )
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.DIGITAL
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, validators=[MaxLengthValidator(5000)]
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # Where: a physical place, a video link, or both (hybrid).
    place_name = models.CharField(_("name of the place"), max_length=200, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    postal_place = models.CharField(_("postal place"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="arenas",
        verbose_name=_("municipality of the place"),
    )
    video_url = models.URLField(
        _("video link"),
        max_length=500,
        blank=True,
        help_text=_("Shown only to confirmed participants."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), validators=[MinValueValidator(1)], help_text=_("Confirmed places.")
    )
    registration_opens = models.DateTimeField(_("registration opens"))
    registration_closes = models.DateTimeField(_("registration closes"))
    access = models.CharField(
        _("who may register"), max_length=20, choices=Access.choices, default=Access.OPEN
    )
    invited_organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="arena_invitations",
        verbose_name=_("invited organisations"),
    )
    invited_sectors = models.JSONField(
        _("invited sectors"),
        default=list,
        blank=True,
        help_text=_("Sectors whose people may register when the arena is by invitation."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    cancel_reason = models.TextField(
        _("reason for cancelling"), blank=True, validators=[MaxLengthValidator(1000)]
    )
    # The live wall: participants post with their personal link or the join code.
    join_code = models.CharField(
        _("join code"), max_length=16, unique=True, default=new_join_code, editable=False
    )
    wall_open = models.BooleanField(
        _("live wall open for contributions"),
        default=False,
        help_text=_("Hosts open the wall when the arena starts and close it afterwards."),
    )
    # Goes up with every change on the wall, so a poll with the current value is answered
    # with "nothing new" after one small query.
    wall_version = models.PositiveBigIntegerField(default=0, editable=False)
    groups_published_at = models.DateTimeField(
        _("breakout groups published"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArenaQuerySet.as_manager()

    class Meta:
        verbose_name = _("arena")
        verbose_name_plural = _("arenas")
        ordering = ["-starts_at", "pk"]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="arenas_arena_status_start"),
            models.Index(fields=["county", "starts_at"], name="arenas_arena_county_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="arena_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes__gt=models.F("registration_opens")),
                name="arena_registration_window",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("arenas:detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_public(self) -> bool:
        return self.status in (self.Status.PUBLISHED, self.Status.CANCELLED)

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_digital(self) -> bool:
        return self.format in (self.Format.DIGITAL, self.Format.HYBRID)

    @property
    def is_physical(self) -> bool:
        return self.format in (self.Format.PHYSICAL, self.Format.HYBRID)

    def registration_is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.registration_opens <= now < self.registration_closes
        )

    @property
    def groups_published(self) -> bool:
        return self.groups_published_at is not None


class ProgrammeItem(models.Model):
    """One point of an arena's programme."""

    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="programme")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, validators=[MaxLengthValidator(2000)]
    )

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A reflection question participants answer on the live wall."""

    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=500)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("reflection question")
        verbose_name_plural = _("reflection questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def holding_place(self) -> "RegistrationQuerySet":
        """Registrations that take one of the arena's places (confirmed or attended)."""
        return self.filter(status__in=HOLDING_PLACE)

    def waitlisted(self) -> "RegistrationQuerySet":
        """The waiting list in its order (first in line first)."""
        return self.filter(status=Registration.Status.WAITLISTED).order_by("waitlisted_at", "pk")


class Registration(models.Model):
    """A person's registration for an arena. No account is needed: the person manages it
    through a signed personal link sent by e-mail (`arenas.tokens`)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")
        ATTENDED = "attended", _("Attended")

    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="arena_registrations",
        verbose_name=_("organisation"),
    )
    organisation_name = models.CharField(
        _("organisation name"),
        max_length=200,
        blank=True,
        help_text=_("When the organisation is not in the directory."),
    )
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="arena_registrations",
        verbose_name=_("municipality"),
    )
    role = models.CharField(_("role or position"), max_length=150, blank=True)
    accessibility_needs = models.TextField(
        _("accessibility needs"), blank=True, validators=[MaxLengthValidator(1000)]
    )
    dietary_needs = models.TextField(
        _("food and allergies"), blank=True, validators=[MaxLengthValidator(1000)]
    )
    show_to_participants = models.BooleanField(
        _("show my name and organisation to the other participants"), default=False
    )
    language = models.CharField(_("language"), max_length=5, default="nb")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="arena_registrations",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONFIRMED
    )
    waitlisted_at = models.DateTimeField(_("joined the waiting list"), null=True, blank=True)
    attended_at = models.DateTimeField(_("attendance marked"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    anonymised_at = models.DateTimeField(
        _("personal data removed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Name, e-mail, role and needs are removed a while after the arena; sector, "
            "municipality and organisation stay for the report."
        ),
    )
    # Part of the personal link; a new value makes every earlier link invalid.
    token_key = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["arena", "email"], name="arena_registration_once"),
        ]
        indexes = [
            models.Index(fields=["arena", "status"], name="arenas_reg_arena_status"),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.arena}"

    @property
    def organisation_label(self) -> str:
        """The organisation's name from the directory, else the typed name."""
        if self.organisation_id is not None and self.organisation is not None:
            return self.organisation.name
        return self.organisation_name

    @property
    def shown_name(self) -> str:
        """The name, or a note that it was removed (`anonymised_at`)."""
        if self.name:
            return self.name
        return str(_("Personal data removed"))

    @property
    def holds_place(self) -> bool:
        return self.status in HOLDING_PLACE


# The statuses that take one of the arena's places.
HOLDING_PLACE = (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)


class BreakoutRound(models.Model):
    """One round of breakout groups; every participant is in one group per round."""

    class Mode(models.TextChoices):
        MIXED = "mixed", _("Mix municipalities")
        LOCAL = "local", _("Keep people from the same municipality together")

    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    question = models.ForeignKey(
        Question,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rounds",
        verbose_name=_("question for the round"),
    )
    group_size = models.PositiveSmallIntegerField(_("group size"))
    mode = models.CharField(_("grouping"), max_length=10, choices=Mode.choices)
    seed = models.PositiveIntegerField(_("seed"), default=0)

    class Meta:
        verbose_name = _("breakout round")
        verbose_name_plural = _("breakout rounds")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["arena", "number"], name="arena_round_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.arena} – {self.number}"


class BreakoutGroup(models.Model):
    round = models.ForeignKey(BreakoutRound, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveSmallIntegerField(_("group"))
    video_url = models.URLField(
        _("video room link"),
        max_length=500,
        blank=True,
        help_text=_("The group's breakout room, shown only to its members and the hosts."),
    )

    class Meta:
        verbose_name = _("breakout group")
        verbose_name_plural = _("breakout groups")
        ordering = ["round__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="arena_group_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.number}"


class GroupMember(models.Model):
    """A participant's place in one group of a round (one per participant and round)."""

    round = models.ForeignKey(BreakoutRound, on_delete=models.CASCADE, related_name="members")
    group = models.ForeignKey(BreakoutGroup, on_delete=models.CASCADE, related_name="members")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="group_places"
    )

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "registration"], name="arena_one_group_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} – {self.group}"


class Tag(models.Model):
    """A host's label for contributions on an arena's wall (a theme, "follow up", …)."""

    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("tag"), max_length=60)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["arena", "name"], name="arena_tag_once")]

    def __str__(self) -> str:
        return self.name


class Contribution(models.Model):
    """An answer or idea posted on an arena's live wall, under a question, from a group or a
    person."""

    class Kind(models.TextChoices):
        ANSWER = "answer", _("Answer")
        IDEA = "idea", _("Idea")

    class Status(models.TextChoices):
        VISIBLE = "visible", _("Visible")
        HIDDEN = "hidden", _("Hidden by a host")
        MERGED = "merged", _("Merged into another")

    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="contributions")
    question = models.ForeignKey(
        Question,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("question"),
    )
    group = models.ForeignKey(
        BreakoutGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("group"),
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
    )
    # Who posted: "r<registration id>" for a registered participant, "s<random>" for someone
    # who joined with the code, "u<user id>" for a host; also the key of their votes.
    author_key = models.CharField(max_length=40, editable=False)
    author_name = models.CharField(_("shown as"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ANSWER)
    text = models.TextField(_("text"), validators=[MaxLengthValidator(MAX_CONTRIBUTION_LENGTH)])
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VISIBLE
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("merged into"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="contributions")
    vote_count = models.PositiveIntegerField(_("support"), default=0, editable=False)
    created_at = models.DateTimeField(_("posted"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["arena", "status", "created_at"], name="arenas_contrib_wall"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Vote(models.Model):
    """One person's support for a contribution (one per person and contribution)."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="votes")
    voter_key = models.CharField(max_length=40)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["contribution", "voter_key"], name="arena_vote_once")
        ]

    def __str__(self) -> str:
        return f"{self.voter_key} → {self.contribution_id}"
