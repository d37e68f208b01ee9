"""The small forms of the organiser's and moderator's actions and of signing up."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ..models import Occurrence


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        max_length=300,
        help_text=_("Shown on the activity page and sent to everyone who has signed up."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it hidden?"),
        max_length=500,
        help_text=_("The organiser's administrators get this by e-mail and see it on their page."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SignUpForm(forms.Form):
    occurrence = forms.ModelChoiceField(
        label=_("Time"),
        queryset=Occurrence.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("That time is no longer open for sign-up. Choose another."),
            "required": _("Choose a time."),
        },
    )
    name = forms.CharField(
        label=_("Name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("We send you a confirmation."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args: Any, occurrences: QuerySet[Occurrence], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["occurrence"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = occurrences

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter your name."), code="required")
        return name


class DecideForm(forms.Form):
    accept = forms.TypedChoiceField(
        choices=[("yes", "yes"), ("no", "no")], coerce=lambda value: value == "yes"
    )
