from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from samskap.places.models import County


class UserManager(DjangoUserManager["User"]):
    """Users are identified by e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user_object(self, email: str, password: str | None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.password = ""
        if password is not None:
            user.set_password(password)
        else:
            user.set_unusable_password()
        return user

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        user = self._create_user_object(email, password, **extra)
        user.save(using=self._db)
        return user

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        user = self._create_user_object(email, password, **extra)
        user.save(using=self._db)
        return user


class User(AbstractUser):
    class Notifications(models.TextChoices):
        DIGEST = "digest", _("A daily digest")
        IMMEDIATE = "immediate", _("Each notification at once")
        NONE = "none", _("No e-mail notifications")

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="nb",
        help_text=_("Used for pages and e-mails."),
    )
    notifications = models.CharField(
        _("e-mail notifications"),
        max_length=20,
        choices=Notifications.choices,
        default=Notifications.DIGEST,
    )
    coordinator_for = models.ManyToManyField(
        County,
        blank=True,
        related_name="coordinators",
        verbose_name=_("county coordinator for"),
        help_text=_("Counties whose arenas, grant calls and dashboards this person runs."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name or self.email
