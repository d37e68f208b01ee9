from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language


def site(request: HttpRequest) -> dict[str, Any]:
    """Site-wide template context: the language switcher's targets and the site URL."""
    current = get_language()
    path = request.get_full_path()
    return {
        "SITE_URL": settings.SITE_URL,
        "language_links": [
            {
                "code": code,
                "name": name,
                "url": translate_url(path, code),
                "current": code == current,
            }
            for code, name in settings.LANGUAGES
        ],
    }
