from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Case, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samskap.places.models import Municipality

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
