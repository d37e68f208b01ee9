"""django-allauth adapter: e-mails in the recipient's language, language-aware redirects."""

from typing import Any

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.utils import build_absolute_uri
from django.contrib.auth.base_user import AbstractBaseUser
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .languages import request_language, supported_language
from .models import User


def user_language(user: object) -> str | None:
    """The preferred language of `user` if it is one of ours, else None."""
    language = getattr(user, "language", None)
    return language if supported_language(language) else None


class AccountAdapter(DefaultAccountAdapter):
    """Our glue to django-allauth.

    - Every e-mail is rendered and sent in the recipient's language: an existing user's
      `User.language`, otherwise (an address without an account) the language of the request.
      Links in the e-mail point to the pages in that language (`/nn/konto/…` for Nynorsk).
    - A new user gets the name typed on the sign-up form and the language of the request.
    - After logging in, the person lands on their preferred language's version of the page.
    """

    # Our own wording for the messages people see; the rest are allauth's.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("This account is not active."),
        "email_password_mismatch": _(
            "The e-mail address or the password is not correct. Check both and try again."
        ),
        "enter_current_password": _("Type your current password."),
        "incorrect_password": _("The password is not correct."),
        "invalid_or_expired_key": _("The link or code has expired or is not valid."),
        "invalid_password_reset": _("The link to choose a new password is no longer valid."),
        "too_many_login_attempts": _(
            "Too many failed attempts to log in. Wait a few minutes and try again, "
            "or choose a new password with “Forgot your password?”."
        ),
        "same_as_current": _("The new e-mail address must be different from the current one."),
        "duplicate_email": _("This e-mail address is already on your account."),
        "rate_limited": _("You have sent too many requests. Wait a little and try again."),
    }

    # --- e-mail -----------------------------------------------------------------------------

    def recipient(self, email: str, context: dict[str, Any]) -> User | None:
        """The account an e-mail goes to, if the address belongs to one."""
        user = context.get("user")
        if isinstance(user, User):
            return user
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            address = (
                EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
            )
            user = address.user if address else None
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render and send in the recipient's language: the account's preferred language, or
        for an address without an account, the language of the request."""
        recipient = self.recipient(email, context)
        language = user_language(recipient) or request_language()
        extra: dict[str, Any] = {
            "recipient_name": recipient.name if recipient else "",
            "expiry_days": app_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS,
            "login_url": build_absolute_uri(self.request, reverse("account_login")),
        }
        context = {**extra, **context}
        # The links were built in the request's language, which is still active here, so they
        # resolve; rebuild them for the recipient's language (`/nn/konto/…`).
        links = {
            key: translate_url(value, language)
            for key, value in context.items()
            if key.endswith("_url") and isinstance(value, str)
        }
        with translation.override(language):
            super().send_mail(template_prefix, email, {**context, **links})

    # --- sign-up ----------------------------------------------------------------------------

    def save_user(
        self, request: HttpRequest, user: AbstractBaseUser, form: BaseForm, commit: bool = True
    ) -> AbstractBaseUser:
        assert isinstance(user, User)  # noqa: S101 - AUTH_USER_MODEL is ours
        user.name = (form.cleaned_data.get("name") or "").strip()
        user.language = request_language()
        return super().save_user(request, user, form, commit=commit)

    # --- redirects --------------------------------------------------------------------------

    def post_login(
        self, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any
    ) -> HttpResponse:
        """Send the person to the page they asked for, in their preferred language, and greet
        them in that language."""
        language = user_language(user)
        self._message_language = language
        try:
            response = super().post_login(request, user, **kwargs)
        finally:
            self._message_language = None
        location = response.get("Location")
        if language and location:
            # `location` is in the request's language, which is still active here.
            response["Location"] = translate_url(location, language)
        return response

    def add_message(self, *args: Any, **kwargs: Any) -> None:
        language = getattr(self, "_message_language", None)
        if language:
            with translation.override(language):
                return super().add_message(*args, **kwargs)
        return super().add_message(*args, **kwargs)

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        return reverse("home")
