"""Helpers for the account tests."""

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import translation

from samskap.accounts.adapter import AccountAdapter
from tests.factories import UserFactory

PASSWORD = "demo-passord-123"  # UserFactory's password
NEW_PASSWORD = "Fjellvann-og-bjørk-42"

CSRF_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')
CSRF_HEADER = re.compile(r'"X-CSRFToken": "[^"]*"')


def verified(user):
    """Give `user` a confirmed primary address, as after a completed sign-up."""
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


@pytest.fixture
def person(db):
    """A signed-up person with a confirmed e-mail address (Bokmål)."""
    return verified(UserFactory(email="kari@example.no", name="Kari Nordmann", language="nb"))


@pytest.fixture
def nynorsk_person(db):
    return verified(UserFactory(email="olav@example.no", name="Olav Aasen", language="nn"))


@pytest.fixture
def mail_languages(monkeypatch) -> Iterator[list[str]]:
    """The active language at the moment each e-mail was rendered, in order."""
    languages: list[str] = []
    original = AccountAdapter.render_mail

    def spy(self, *args, **kwargs):
        languages.append(translation.get_language())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(AccountAdapter, "render_mail", spy)
    return languages


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def links_in(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def only_link(message) -> str:
    links = links_in(message)
    assert len(links) >= 1, message.body
    return links[0]


def path_of(url: str) -> str:
    return urlsplit(url).path


def without_tokens(html: str) -> str:
    """A page with its per-request CSRF tokens blanked, for comparing two responses."""
    return CSRF_HEADER.sub("", CSRF_INPUT.sub("", html))


def last_mail():
    assert mail.outbox, "no e-mail was sent"
    return mail.outbox[-1]
