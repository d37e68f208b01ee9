import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskap.directory.models import LocalisedName, Organisation, TargetGroup, Theme
from samskap.places.models import Municipality

MAX_IMAGE_BYTES = 10 * 1024 * 1024


class Language(LocalisedName):
    """A language an activity is held in; `slug` is its ISO 639-1 code (ISO 639-3 where
    there is none)."""

    class Meta(LocalisedName.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")


class ActivityQuerySet(models.QuerySet["Activity"]):
    def public(self) -> "ActivityQuerySet":
        """Activities residents see: published or cancelled (a cancellation stays visible so
        people learn of it), not hidden by a moderator."""
        return self.filter(
            status__in=[Activity.Status.PUBLISHED, Activity.Status.CANCELLED], hidden_at=None
        )


class Activity(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    class SignUp(models.TextChoices):
        NONE = "none", _("No sign-up, just come")
        LINK = "link", _("Sign up on another website")
        PLATFORM = "platform", _("Sign up here on Samskap")

    uid = models.UUIDField(
        _("calendar identifier"), default=uuid.uuid4, unique=True, editable=False
    )
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("organiser"),
    )
    co_organisers = models.ManyToManyField(
        Organisation,
        through="CoOrganiser",
        related_name="co_organised_activities",
        blank=True,
        verbose_name=_("co-organisers"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, validators=[MaxLengthValidator(5000)]
    )

    # Where: a library (or other organisation) in the directory, or an address.
    venue = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_activities",
        verbose_name=_("venue in the directory"),
        help_text=_("A library or another place in the directory."),
    )
    venue_name = models.CharField(_("name of the place"), max_length=200, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    postal_place = models.CharField(_("postal place"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("municipality"),
    )

    # When: the first occurrence and, for a series, an RFC 5545 RRULE value and exceptions.
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    rrule = models.CharField(
        _("repetition rule"),
        max_length=300,
        blank=True,
        help_text=_("An RFC 5545 RRULE value; empty for a one-off activity."),
    )
    exdates = models.JSONField(
        _("dates left out"),
        default=list,
        blank=True,
        help_text=_("Local dates (YYYY-MM-DD) on which a repeating activity does not take place."),
    )

    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="activities", verbose_name=_("target groups")
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="activities", verbose_name=_("themes")
    )

    is_free = models.BooleanField(_("free"), default=True)
    price = models.DecimalField(
        _("price (NOK)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    price_details = models.CharField(_("about the price"), max_length=200, blank=True)

    signup = models.CharField(
        _("sign-up"), max_length=10, choices=SignUp.choices, default=SignUp.NONE
    )
    signup_url = models.URLField(_("sign-up link"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("How many can come each time."),
    )

    step_free = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    sign_language = models.BooleanField(_("sign language interpretation"), default=False)
    languages = models.ManyToManyField(
        Language, blank=True, related_name="activities", verbose_name=_("languages spoken")
    )

    image = models.ImageField(_("image"), upload_to="activities/%Y/%m/", blank=True)
    image_alt = models.CharField(
        _("image description"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)
    # RFC 5545 SEQUENCE: raised by the services on every change calendar apps should notice.
    sequence = models.PositiveIntegerField(_("revision"), default=0)

    search_text = models.TextField(_("search text"), blank=True, editable=False)
    search_stems = models.TextField(_("search stems"), blank=True, editable=False)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["status", "hidden_at"], name="activity_public_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="activity_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(is_free=True) | Q(price__isnull=False),
                name="activity_price_unless_free",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("activities:detail", args=[self.pk])

    @property
    def is_recurring(self) -> bool:
        return bool(self.rrule)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT and not self.is_hidden

    @property
    def place_name(self) -> str:
        """The name of the place, from the directory or as typed."""
        if self.venue is not None and not self.venue_name:
            return self.venue.name
        return self.venue_name


class CoOrganiser(models.Model):
    """An organisation invited to organise an activity together with its organiser; shown as
    a co-organiser once one of its admins confirms."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="co_organiser_links"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="co_organiser_links"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("co-organiser")
        verbose_name_plural = _("co-organisers")
        constraints = [
            models.UniqueConstraint(fields=["activity", "organisation"], name="co_organiser_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.activity}"


class Occurrence(models.Model):
    """One time an activity takes place: the expansion of its recurrence, kept in the table so
    the calendar, the feeds and the API can filter and page by date in the database. Rebuilt by
    `services.occurrences_rebuild` whenever the activity's times change."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="occurrences")
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["start", "activity"], name="occurrence_start_idx"),
            models.Index(fields=["activity", "start"], name="occurrence_activity_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["activity", "start"], name="occurrence_once"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.start:%Y-%m-%d %H:%M}"


class SignUp(models.Model):
    """A person's place at one occurrence of an activity with sign-up on the platform."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="signups")
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(_("language"), max_length=5, default="nb")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "email"], name="signup_once_per_email")
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.occurrence}"
