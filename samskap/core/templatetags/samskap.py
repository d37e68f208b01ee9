from typing import Any

from django import template
from django.core.paginator import Page
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def field_widget(field: BoundField) -> SafeString:
    """Render a field's widget with Designsystemet's class and accessible error wiring."""
    attrs: dict[str, Any] = {"class": "ds-input"}
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    if field.errors:
        described_by.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.filter
def orgnr(value: str | None) -> str:
    """An organisation number in the usual grouping, "974 760 673"."""
    digits = "".join((value or "").split())
    if len(digits) != 9 or not digits.isdigit():
        return value or ""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


@register.simple_tag
def elided_page_range(page: Page[Any]) -> list[int | str]:
    """The page numbers to link to around `page`, with the paginator's ellipsis for gaps."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2))
