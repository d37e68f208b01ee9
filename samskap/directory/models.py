from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Case, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samskap.places.models import County, Municipality

from . import orgnr


def validate_org_number(value: str) -> None:
    """Model-level check of a stored organisation number: nine digits with a valid check digit."""
    if not orgnr.is_valid(value):
        raise ValidationError(
            _("This is not a valid organisation number. Check that all nine digits are right."),
            code="invalid_org_number",
        )


class LocalisedName(models.Model):
    """A taxonomy term with a name in each of the site's languages."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_nb = models.CharField(_("name (Bokmål)"), max_length=100)
    name_nn = models.CharField(_("name (Nynorsk)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "nb")[:2]
        return getattr(self, f"name_{language}", None) or self.name_nb


class TargetGroup(LocalisedName):
    class Meta(LocalisedName.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class Theme(LocalisedName):
    class Meta(LocalisedName.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class IcnpoCategory(models.Model):
    """An activity category of the International Classification of Non-Profit Organisations,
    as used by the Register of Non-Profit Organisations (Frivillighetsregisteret)."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("ICNPO category")
        verbose_name_plural = _("ICNPO categories")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Sector(models.TextChoices):
    LIBRARY = "library", _("Library")
    VOLUNTARY = "voluntary", _("Voluntary sector")
    CULTURE = "culture", _("Municipal culture")
    PUBLIC_HEALTH = "public_health", _("Municipal public health")
    EDUCATION = "education", _("Education")
    PUBLIC = "public", _("Other public sector")
    BUSINESS = "business", _("Business")


class Kind(models.TextChoices):
    LIBRARY = "library", _("Library")
    LIBRARY_BRANCH = "library_branch", _("Library branch")
    VOLUNTARY = "voluntary", _("Voluntary organisation")
    VOLUNTEER_CENTRE = "volunteer_centre", _("Volunteer centre")
    CULTURE = "culture", _("Municipal culture service")
    PUBLIC_HEALTH = "public_health", _("Municipal public-health service")
    SCHOOL = "school", _("School")
    PUBLIC = "public", _("Other public body")
    BUSINESS = "business", _("Business")


SECTOR_OF_KIND: dict[str, str] = {
    Kind.LIBRARY: Sector.LIBRARY,
    Kind.LIBRARY_BRANCH: Sector.LIBRARY,
    Kind.VOLUNTARY: Sector.VOLUNTARY,
    Kind.VOLUNTEER_CENTRE: Sector.VOLUNTARY,
    Kind.CULTURE: Sector.CULTURE,
    Kind.PUBLIC_HEALTH: Sector.PUBLIC_HEALTH,
    Kind.SCHOOL: Sector.EDUCATION,
    Kind.PUBLIC: Sector.PUBLIC,
    Kind.BUSINESS: Sector.BUSINESS,
}


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def public(self) -> "OrganisationQuerySet":
        """Organisations whose profile anyone may see: consent given and active."""
        return self.filter(public=True, status=Organisation.Status.ACTIVE)


class Organisation(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", _("Registered on Samskap")
        REGISTER = "register", _("From the Brønnøysund registers")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Deleted or inactive in the register")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address name"), max_length=220, unique=True)
    org_number = models.CharField(
        _("organisation number"),
        max_length=9,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_org_number],
        help_text=_("Nine digits from the Brønnøysund registers. Informal groups have none."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    sector = models.GeneratedField(
        expression=Case(
            *[When(kind=kind, then=Value(sector)) for kind, sector in SECTOR_OF_KIND.items()],
            default=Value(Sector.PUBLIC),
        ),
        output_field=models.CharField(max_length=30, choices=Sector.choices),
        db_persist=True,
        verbose_name=_("sector"),
    )
    home_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("home municipality"),
    )
    municipalities_served = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="organisations_serving",
        verbose_name=_("municipalities served"),
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="organisations", verbose_name=_("target groups")
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="organisations", verbose_name=_("themes")
    )
    icnpo_categories = models.ManyToManyField(
        IcnpoCategory, blank=True, related_name="organisations", verbose_name=_("ICNPO categories")
    )
    description = models.TextField(
        _("description"), blank=True, validators=[MaxLengthValidator(5000)]
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    postal_place = models.CharField(_("postal place"), max_length=100, blank=True)
    public = models.BooleanField(
        _("public profile"),
        default=False,
        help_text=_("The organisation agrees that its profile is shown to everyone."),
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.MANUAL
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    register_synced_at = models.DateTimeField(
        _("last checked in the register"), null=True, blank=True
    )
    local_fields = models.JSONField(
        _("fields edited locally"),
        default=list,
        blank=True,
        help_text=_(
            "Profile fields the organisation's own administrators have changed. "
            "A sync from the register never overwrites them."
        ),
    )
    search_text = models.TextField(
        _("search text"),
        blank=True,
        editable=False,
        help_text=_("Name, place and description, kept up to date by the services for search."),
    )
    search_stems = models.TextField(_("search stems"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["kind", "name"], name="directory_org_kind_name"),
            models.Index(fields=["home_municipality", "name"], name="directory_org_muni_name"),
            models.Index(fields=["public", "status", "name"], name="directory_org_public_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sector_label(self) -> str:
        """The sector's name in the current language (derived from the kind, like `sector`)."""
        return str(Sector(SECTOR_OF_KIND.get(self.kind, Sector.PUBLIC)).label)

    @property
    def is_public_profile(self) -> bool:
        """Whether anyone may see the profile: consent given and active."""
        return self.public and self.status == self.Status.ACTIVE


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        MEMBER = "member", _("Member")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACTIVE = "active", _("Active")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    message = models.TextField(_("message"), blank=True, validators=[MaxLengthValidator(1000)])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="directory_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.role})"


# --- the Brønnøysund registers ------------------------------------------------------------


class RegisterUnit(models.Model):
    """What Enhetsregisteret says about one unit, kept apart from the organisation's profile.

    The sync (`registers.sync`) writes this row as the register has it and copies the register's
    values onto the `Organisation` only for the fields not named in `Organisation.local_fields`.

    A unit that is deleted in the register (`slettedato`, or removed for legal reasons: HTTP
    410), bankrupt or being wound up makes its organisation inactive (never deleted);
    `inactive_reason` says why and `inactive_since` since when. It becomes active again when the
    register says so.

    Visibility of a *new* organisation from the register (`Organisation.public`): public when
    the unit has itself chosen to be listed publicly as voluntary (registered in
    Frivillighetsregisteret), or when it is a public body (see `PUBLIC_BODY_FORMS`); otherwise
    it is created without a public profile, seen only by the county's coordinators until its
    administrators give consent. The sync never changes `public` afterwards: that is the
    organisation's choice.
    """

    class InactiveReason(models.TextChoices):
        DELETED = "deleted", _("Deleted in the Central Coordinating Register")
        REMOVED = "removed", _("Removed from the Central Coordinating Register")
        BANKRUPT = "bankrupt", _("Bankrupt")
        WINDING_UP = "winding_up", _("Being wound up")
        FORCED_WINDING_UP = "forced_winding_up", _("Being wound up by force")

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="register_unit",
        verbose_name=_("organisation"),
    )
    org_number = models.CharField(_("organisation number"), max_length=9, unique=True)
    name = models.CharField(_("name in the register"), max_length=300)
    org_form = models.CharField(_("organisation form"), max_length=10, db_index=True)
    industry_codes = models.JSONField(_("industry codes"), default=list, blank=True)
    business_address = models.JSONField(_("business address"), null=True, blank=True)
    postal_address = models.JSONField(_("postal address"), null=True, blank=True)
    municipality_number = models.CharField(_("municipality number"), max_length=4, blank=True)
    website = models.CharField(_("website"), max_length=300, blank=True)
    activity = models.TextField(_("activity"), blank=True)
    registered_voluntary = models.BooleanField(
        _("registered in the Register of Non-Profit Organisations"), default=False
    )
    bankrupt = models.BooleanField(_("bankrupt"), default=False)
    winding_up = models.BooleanField(_("being wound up"), default=False)
    forced_winding_up = models.BooleanField(_("being wound up by force"), default=False)
    deleted_on = models.DateField(_("deleted on"), null=True, blank=True)
    inactive_reason = models.CharField(
        _("reason for being inactive"),
        max_length=30,
        choices=InactiveReason.choices,
        blank=True,
    )
    inactive_since = models.DateField(_("inactive since"), null=True, blank=True)
    icnpo_codes = models.JSONField(
        _("ICNPO codes"),
        default=list,
        blank=True,
        help_text=_("Activity categories from the Register of Non-Profit Organisations."),
    )
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True)
    synced_at = models.DateTimeField(_("last changed from the register"))
    created_at = models.DateTimeField(_("first imported"), auto_now_add=True)

    class Meta:
        verbose_name = _("register unit")
        verbose_name_plural = _("register units")
        ordering = ["org_number"]

    def __str__(self) -> str:
        return f"{self.org_number} {self.name}"


# Organisation forms of public bodies: no consent is needed to list them publicly.
PUBLIC_BODY_FORMS = frozenset({"KOMM", "FYLK", "KF", "FKF", "IKS", "STAT", "ORGL", "SF"})


class ImportRunQuerySet(models.QuerySet["ImportRun"]):
    def last_checked(self, municipality_number: str) -> "ImportRun | None":
        """The latest successful run that read the register for `municipality_number`
        (a run without municipalities covered the whole country)."""
        return (
            self.filter(status=ImportRun.Status.SUCCEEDED)
            .filter(models.Q(municipalities=municipality_number) | models.Q(whole_country=True))
            .order_by("-finished_at")
            .first()
        )


class ImportRun(models.Model):
    """One run of an import from the registers, and its report."""

    class Source(models.TextChoices):
        FILE = "file", _("Bulk file")
        API = "api", _("Register API")
        VOLUNTARY_API = "voluntary_api", _("Register of Non-Profit Organisations API")
        VOLUNTARY_FILE = "voluntary_file", _("Register of Non-Profit Organisations file")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Finished")
        FAILED = "failed", _("Failed")

    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    options = models.JSONField(_("options"), default=dict, blank=True)
    county = models.ForeignKey(
        County,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("county"),
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="+", verbose_name=_("municipalities")
    )
    whole_country = models.BooleanField(_("whole country"), default=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    read = models.PositiveIntegerField(_("records in scope"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    deactivated = models.PositiveIntegerField(_("deactivated"), default=0)
    reactivated = models.PositiveIntegerField(_("reactivated"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["county", "-created_at"], name="directory_run_county"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}


class ImportRunIssue(models.Model):
    """One record a run skipped or acted on in a way worth reporting, and why."""

    class Action(models.TextChoices):
        SKIPPED = "skipped", _("Skipped")
        DEACTIVATED = "deactivated", _("Marked inactive")
        REACTIVATED = "reactivated", _("Active again")

    class Code(models.TextChoices):
        INVALID = "invalid", _("The record could not be read")
        BROKEN = "broken", _("The record is broken")
        NO_ORG_NUMBER = "no_org_number", _("The record has no organisation number")
        INVALID_ORG_NUMBER = "invalid_org_number", _("The organisation number is not valid")
        UNKNOWN_MUNICIPALITY = "unknown_municipality", _("Unknown municipality number")
        DUPLICATE = "duplicate", _("The unit occurs more than once in the source")
        DELETED = "deleted", _("Deleted in the Central Coordinating Register")
        REMOVED = "removed", _("Removed from the Central Coordinating Register")
        BANKRUPT = "bankrupt", _("Bankrupt")
        WINDING_UP = "winding_up", _("Being wound up")
        FORCED_WINDING_UP = "forced_winding_up", _("Being wound up by force")
        BACK = "back", _("Active again in the register")
        NOT_IMPORTED = "not_imported", _("Not in the directory (not imported from the register)")
        SEARCH_LIMIT = (
            "search_limit",
            _("Too many hits for the register's search; only the bulk file has them all"),
        )

    run = models.ForeignKey(
        ImportRun, on_delete=models.CASCADE, related_name="issues", verbose_name=_("run")
    )
    position = models.PositiveIntegerField(_("record number"), default=0)
    org_number = models.CharField(_("organisation number"), max_length=20, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    code = models.CharField(_("code"), max_length=30, choices=Code.choices)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("import run issue")
        verbose_name_plural = _("import run issues")
        ordering = ["run", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.position} {self.org_number} {self.code}"
