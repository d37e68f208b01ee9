"""Template helpers for the account pages."""

from typing import Any

from django import template
from django.apps import apps
from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

register = template.Library()


def _role(spec: Any) -> str:
    if spec.staff:
        return _("Platform admin")
    if spec.coordinator_for:
        return _("County coordinator")
    roles = {(role, status) for _slug, role, status, _message in spec.memberships}
    if any(role == "admin" for role, _status in roles):
        return _("Organisation admin")
    if any(status == "active" for _role, status in roles):
        return _("Member of an organisation")
    if roles:
        return _("Has asked to join an organisation")
    return _("Signed-in person")


@register.simple_tag
def demo_logins() -> list[dict[str, str]]:
    """The demo people for the login page, only when SHOW_DEMO_LOGINS is on (`make run`).

    Read from the demo app by name, so accounts does not depend on it.
    """
    if not getattr(settings, "SHOW_DEMO_LOGINS", False) or not apps.is_installed("samskap.demo"):
        return []
    users = import_string("samskap.demo.content.DEMO_USERS")
    password = import_string("samskap.demo.content.DEMO_PASSWORD")
    return [
        {"email": spec.email, "name": spec.name, "role": _role(spec), "password": password}
        for spec in users
    ]
