"""Form pieces shared by the apps: the renderer, title and postal code cleaning, date and time
fields as the browsers' pickers send them (and as people type them), and putting a service's
errors on a form."""

from collections.abc import Container, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]


class FormRenderer(DjangoTemplates):
    """Renders every form field with Designsystemet's markup and accessible error wiring."""

    field_template_name = "core/forms/field.html"
    form_template_name = "core/forms/form.html"


class TitleAndPostalCodeMixin:
    """Cleaning for a form with a `title` (spaces collapsed, not blank) and a Norwegian
    `postal_code` (four digits, optional)."""

    cleaned_data: dict[str, Any]

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError(_("Enter the title."), code="required")
        return title

    def clean_postal_code(self) -> str:
        code = (self.cleaned_data.get("postal_code") or "").strip()
        if code:
            RegexValidator(
                r"^\d{4}$", _("A postal code has four digits, such as 3724."), code="invalid"
            )(code)
        return code


def date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    """A date picker that also takes 31.12.2026 typed by hand."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def time_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.TimeField:
    """A time picker that also takes 18.30 typed by hand."""
    return forms.TimeField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=TIME_INPUT_FORMATS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


def add_service_errors(
    form: forms.BaseForm,
    error: ValidationError,
    *,
    fields: Mapping[str, str] | None = None,
    skip: Container[str] = (),
) -> None:
    """Put a service's `ValidationError` on `form`: an error about a model field goes on the
    form field of that name (or the one `fields` maps it to), the others on top. Errors
    under a name in `skip` are left for the caller to show elsewhere."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        if name in skip:
            continue
        field = (fields or {}).get(name, name)
        form.add_error(field if field in form.fields else None, errors)
