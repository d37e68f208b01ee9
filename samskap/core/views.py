"""Site pages that belong to no app: the accessibility statement and the privacy page."""

import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# When the accessibility statement was last reviewed against WCAG 2.1 AA (update on review).
ACCESSIBILITY_REVIEWED = datetime.date(2026, 11, 26)
# When the privacy page was last changed.
PRIVACY_UPDATED = datetime.date(2026, 12, 5)


def contact_email() -> str:
    """Where people write about the service: CONTACT_EMAIL when set, else the sender address."""
    configured = getattr(settings, "CONTACT_EMAIL", "")
    if configured:
        return str(configured)
    sender = str(settings.DEFAULT_FROM_EMAIL)
    return sender.rsplit("<", 1)[-1].rstrip(">").strip() if "<" in sender else sender


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/accessibility.html",
        {"reviewed": ACCESSIBILITY_REVIEWED, "contact_email": contact_email()},
    )


def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/privacy.html",
        {
            "updated": PRIVACY_UPDATED,
            "contact_email": contact_email(),
            "retention_days": settings.ARENA_RETENTION_DAYS,
        },
    )
