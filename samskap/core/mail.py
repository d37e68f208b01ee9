"""E-mail rendered in the recipient's language, as every app sends it."""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def absolute_url(path: str) -> str:
    """`path` on the site's public address (`SITE_URL`), for links in e-mails and feeds."""
    return f"{settings.SITE_URL}{path}"


def supported_language(language: str | None) -> str:
    """`language` if the site speaks it, else the default language."""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def send_in_language(
    *,
    to: str,
    language: str | None,
    body_template: str,
    context: dict[str, Any],
    subject: str | None = None,
    subject_template: str | None = None,
    attachments: Sequence[tuple[str, str | bytes, str]] = (),
) -> None:
    """Render the body (and the subject, from `subject_template` unless `subject` is given)
    with `language` active, so texts, dates and links are in the recipient's language, and
    send it to `to`. `attachments` are (file name, content, MIME type) triples."""
    language = supported_language(language)
    with translation.override(language):
        context = {**context, "language": language}
        if subject is None:
            if subject_template is None:
                raise ValueError("give subject or subject_template")
            subject = render_to_string(subject_template, context)
        body = render_to_string(body_template, context)
        one_line = " ".join(str(subject).split())  # a header must be one line
    message = EmailMessage(subject=f"[Samskap] {one_line}", body=body, to=[to])
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()
