"""Forms: django-allauth's account forms with our wording, and the profile form.

allauth's forms are subclassed only to give the fields our labels and help texts (so every
word is in our catalogues) and to drop placeholders that repeat the label.
"""

from typing import Any

from allauth.account import forms as allauth_forms
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import User


class _OurLabels:
    """Relabel the fields named in `labels`; remove placeholders everywhere."""

    labels: dict[str, Any] = {}
    help_texts: dict[str, Any] = {}
    fields: dict[str, forms.Field]

    def _apply_labels(self) -> None:
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in self.labels:
                field.label = self.labels[name]
            if name in self.help_texts:
                field.help_text = self.help_texts[name]


EMAIL_LABEL = _("E-mail address")
PASSWORD_LABEL = _("Password")
NEW_PASSWORD_LABEL = _("New password")
REPEAT_PASSWORD_LABEL = _("Repeat the password")


class LoginForm(_OurLabels, allauth_forms.LoginForm):
    labels = {
        "login": EMAIL_LABEL,
        "password": PASSWORD_LABEL,
        "remember": _("Keep me logged in on this device"),
    }
    help_texts = {"password": ""}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._apply_labels()


class SignupForm(_OurLabels, allauth_forms.SignupForm):
    """Sign-up with an optional name; the adapter stores it in `User.name`."""

    name = forms.CharField(
        label=_("Name"),
        max_length=User._meta.get_field("name").max_length,
        required=False,
        help_text=_("Shown to the organisations you join. You can add it later."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["name", "email", "password1", "password2"]
    labels = {"email": EMAIL_LABEL, "password1": PASSWORD_LABEL, "password2": REPEAT_PASSWORD_LABEL}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._apply_labels()


class ResetPasswordForm(_OurLabels, allauth_forms.ResetPasswordForm):
    labels = {"email": EMAIL_LABEL}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._apply_labels()


class ResetPasswordKeyForm(_OurLabels, allauth_forms.ResetPasswordKeyForm):
    labels = {"password1": NEW_PASSWORD_LABEL, "password2": REPEAT_PASSWORD_LABEL}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._apply_labels()


class ChangePasswordForm(_OurLabels, allauth_forms.ChangePasswordForm):
    labels = {
        "oldpassword": _("Current password"),
        "password1": NEW_PASSWORD_LABEL,
        "password2": REPEAT_PASSWORD_LABEL,
    }
    help_texts = {"oldpassword": ""}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._apply_labels()


class SetPasswordForm(_OurLabels, allauth_forms.SetPasswordForm):
    labels = {"password1": PASSWORD_LABEL, "password2": REPEAT_PASSWORD_LABEL}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._apply_labels()


class AddEmailForm(_OurLabels, allauth_forms.AddEmailForm):
    labels = {"email": _("New e-mail address")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._apply_labels()


class ProfileForm(forms.Form):
    """What a person can change about themselves on the profile page."""

    name = forms.CharField(
        label=_("Name"),
        max_length=User._meta.get_field("name").max_length,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        help_text=_("Used for the pages after you log in and for the e-mails we send you."),
    )
    notifications = forms.ChoiceField(
        label=_("E-mail notifications"),
        choices=User.Notifications.choices,
        widget=forms.RadioSelect,
    )
