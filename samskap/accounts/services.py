"""Writes to accounts."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .languages import supported_language
from .models import User


def _check_language(language: str) -> None:
    if not supported_language(language):
        raise ValidationError(
            {"language": _("Choose one of the languages in the list.")}, code="invalid_choice"
        )


@transaction.atomic
def user_update_profile(*, user: User, name: str, language: str, notifications: str) -> User:
    """Save what a person can change about themselves on their profile page."""
    _check_language(language)
    user.name = name.strip()
    user.language = language
    user.notifications = notifications
    user.full_clean(exclude=["password"], validate_unique=False)
    user.save(update_fields=["name", "language", "notifications"])
    return user


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    """Remember the language a person chose in the language switcher."""
    _check_language(language)
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user
