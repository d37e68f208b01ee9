from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """Renders every form field with Designsystemet's markup and accessible error wiring."""

    field_template_name = "core/forms/field.html"
    form_template_name = "core/forms/form.html"
