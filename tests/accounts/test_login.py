"""Logging in and out: generic errors, throttling, and landing in the preferred language."""

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from django.utils.html import escape

from samskap.accounts.adapter import AccountAdapter
from tests.factories import UserFactory

from .conftest import PASSWORD, in_language, without_tokens

pytestmark = pytest.mark.django_db


def error_text(key: str, language: str = "nb") -> str:
    with translation.override(language):
        return escape(str(AccountAdapter.error_messages[key]))


def login(client, email, password, prefix="", **extra):
    return client.post(f"{prefix}/konto/login/", {"login": email, "password": password, **extra})


def test_login_page_uses_our_layout(client):
    response = client.get("/konto/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nb"' in html
    assert 'class="ds-skip-link"' in html
    assert 'name="login"' in html
    assert 'type="email"' in html
    assert 'name="password"' in html
    assert 'autocomplete="current-password"' in html
    assert "/konto/password/reset/" in html
    assert "/konto/signup/" in html


def test_login_with_the_right_password_lands_on_the_profile(client, person):
    response = login(client, person.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/konto/profil/"
    page = client.get(response["Location"])
    assert page.context["user"] == person


def test_e_mail_is_case_insensitive(client, person):
    response = login(client, person.email.upper(), PASSWORD)
    assert response.status_code == 302


@pytest.mark.parametrize("email", ["kari@example.no", "nobody@example.no"])
def test_wrong_password_and_unknown_address_get_the_same_generic_message(client, person, email):
    response = login(client, email, "wrong-password")

    assert response.status_code == 200
    html = response.content.decode()
    assert error_text("email_password_mismatch") in html
    assert 'role="alert"' in html
    # The typed address stays in the form; the password does not.
    assert f'value="{email}"' in html
    assert "wrong-password" not in html
    assert "_auth_user_id" not in client.session


def test_unknown_and_known_address_pages_are_identical(client, person):
    known = login(client, person.email, "wrong-password").content.decode()
    unknown = login(client, "nobody@example.no", "wrong-password").content.decode()
    assert without_tokens(known).replace(person.email, "X") == without_tokens(unknown).replace(
        "nobody@example.no", "X"
    )


def test_login_is_throttled_after_the_configured_failed_attempts(client, person):
    limit = int(settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")[-1].split("/")[0])
    for _attempt in range(limit):
        response = login(client, person.email, "wrong-password")
        assert error_text("email_password_mismatch") in response.content.decode()

    refused = login(client, person.email, "wrong-password")
    assert refused.status_code == 200
    assert error_text("too_many_login_attempts") in refused.content.decode()

    # Even the right password is refused until the window has passed.
    right = login(client, person.email, PASSWORD)
    assert right.status_code == 200
    assert error_text("too_many_login_attempts") in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_throttling_message_is_in_the_page_language(client, person):
    for _attempt in range(6):
        response = login(client, person.email, "wrong-password", prefix="/nn")
    assert error_text("too_many_login_attempts", "nn") in response.content.decode()
    assert '<html lang="nn"' in response.content.decode()


def test_user_with_nynorsk_preference_lands_on_nynorsk_after_login(client, nynorsk_person):
    response = login(client, nynorsk_person.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/nn/konto/profil/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert '<html lang="nn"' in page.content.decode()
    # The greeting is in the person's language too.
    messages = [str(m) for m in page.context["messages"]]
    assert messages == [
        in_language("nn", "You are logged in as %(name)s.") % {"name": "Olav Aasen"}
    ]


def test_next_url_is_translated_to_the_preferred_language(client, nynorsk_person):
    response = login(client, nynorsk_person.email, PASSWORD, next="/aktorer/")
    assert response.status_code == 302
    assert response["Location"] == "/nn/aktorer/"


def test_english_login_of_bokmal_user_lands_on_bokmal(client, person):
    response = login(client, person.email, PASSWORD, prefix="/en", next="/en/aktorer/")
    assert response["Location"] == "/aktorer/"


def test_unsafe_next_url_is_ignored(client, nynorsk_person):
    response = login(client, nynorsk_person.email, PASSWORD, next="https://evil.example/")
    assert response["Location"] == "/nn/konto/profil/"


def test_unconfirmed_address_cannot_log_in_and_gets_a_new_link(client, db):
    user = UserFactory(email="new@example.no")
    response = login(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert mail.outbox[-1].to == [user.email]


def test_inactive_account_cannot_log_in(client, person):
    person.is_active = False
    person.save()
    response = login(client, person.email, PASSWORD)
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"] == "/konto/inactive/"
    page = client.get(response["Location"])
    assert escape(in_language("nb", "The account is not active")) in page.content.decode()


def test_logout_asks_first_then_logs_out_to_the_home_page(client, person):
    client.force_login(person)
    page = client.get("/nn/konto/logout/")
    assert page.status_code == 200
    assert 'action="/nn/konto/logout/"' in page.content.decode()
    assert "_auth_user_id" in client.session

    response = client.post("/nn/konto/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/nn/"
    assert "_auth_user_id" not in client.session
