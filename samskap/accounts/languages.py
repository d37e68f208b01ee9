"""The site's languages (nb, nn, en) as plain helpers."""

from django.conf import settings
from django.utils import translation


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def supported_language(code: object) -> bool:
    return isinstance(code, str) and code in language_codes()


def request_language() -> str:
    """The active language (LocaleMiddleware sets it from the URL), or the default."""
    language = translation.get_language()
    return language if supported_language(language) else settings.LANGUAGE_CODE


def language_of_path(path: str) -> str:
    """The language a path of ours is in: its prefix (`/nn/…`), else the unprefixed default."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE
