"""Sign-up, the verification e-mail in the right language, and confirming the address."""

import time
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.core.signing import TimestampSigner, b62_encode
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from .conftest import (
    PASSWORD,
    in_language,
    last_mail,
    only_link,
    path_of,
    without_tokens,
)

pytestmark = pytest.mark.django_db
User = get_user_model()

SIGNUP = {
    "name": "Kari Nordmann",
    "email": "Kari.Nordmann@Example.no",
    "password1": "Fjellvann-og-bjørk-42",
    "password2": "Fjellvann-og-bjørk-42",
}


def signup(client, prefix="", **changes):
    return client.post(f"{prefix}/konto/signup/", {**SIGNUP, **changes})


def test_signup_page_uses_our_layout_and_asks_for_a_name(client):
    response = client.get("/konto/signup/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="ds-skip-link"' in html
    assert '<h1 class="ds-heading" data-size="lg">' in html
    assert 'name="name"' in html
    assert 'autocomplete="name"' in html
    assert 'name="email"' in html
    assert 'name="password1"' in html
    # Our labels (from our catalogue), not allauth's.
    assert escape(in_language("nb", "E-mail address")) in html
    assert 'class="samskap-form"' in html
    assert "placeholder=" not in html


def test_signup_in_bokmal_sends_a_bokmal_mail_and_the_link_confirms_and_logs_in(
    client, mail_languages
):
    response = signup(client)

    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    user = User.objects.get(email="kari.nordmann@example.no")
    assert user.name == "Kari Nordmann"
    assert user.language == "nb"
    assert not EmailAddress.objects.get(user=user).verified

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert escape(in_language("nb", "Check your e-mail")) in page.content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kari.nordmann@example.no"]
    assert mail_languages == ["nb"]
    assert message.subject == "[Samskap] " + in_language("nb", "Confirm your e-mail address")
    assert "Kari Nordmann" in message.body
    link = only_link(message)
    assert path_of(link).startswith("/konto/confirm-email/")

    confirm_page = client.get(path_of(link))
    assert confirm_page.status_code == 200
    assert "kari.nordmann@example.no" in confirm_page.content.decode()
    assert 'type="submit"' in confirm_page.content.decode()

    confirmed = client.post(path_of(link))
    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/konto/profil/"
    assert EmailAddress.objects.get(user=user).verified
    profile = client.get(confirmed["Location"])
    assert profile.status_code == 200
    assert profile.context["user"] == user


def test_signup_at_nynorsk_url_sends_a_nynorsk_mail_with_nynorsk_links(client, mail_languages):
    response = signup(client, prefix="/nn")

    assert response.status_code == 302
    assert response["Location"] == "/nn/konto/confirm-email/"
    user = User.objects.get(email="kari.nordmann@example.no")
    assert user.language == "nn"

    message = last_mail()
    assert mail_languages == ["nn"]
    assert message.subject == "[Samskap] " + in_language("nn", "Confirm your e-mail address")
    assert in_language("nn", "Best regards,") in message.body
    link = only_link(message)
    assert path_of(link).startswith("/nn/konto/confirm-email/")

    confirmed = client.post(path_of(link))
    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/nn/konto/profil/"
    assert EmailAddress.objects.get(user=user).verified


def test_signup_in_english_stores_english(client, mail_languages):
    signup(client, prefix="/en")
    assert User.objects.get(email="kari.nordmann@example.no").language == "en"
    assert mail_languages == ["en"]
    assert path_of(only_link(last_mail())).startswith("/en/konto/confirm-email/")


def test_name_is_optional(client):
    response = signup(client, name="")
    assert response.status_code == 302
    assert User.objects.get(email="kari.nordmann@example.no").name == ""
    assert in_language("nb", "Hello,") in last_mail().body


def test_invalid_confirmation_key_shows_a_clear_message_and_a_way_to_a_new_link(client):
    response = client.get("/konto/confirm-email/not-a-real-key/")

    assert response.status_code == 200
    html = response.content.decode()
    assert escape(in_language("nb", "The link has expired or is not valid")) in html
    assert reverse("account_login") in html
    assert escape(in_language("nb", "Log in to get a new link")) in html
    # Posting to it confirms nothing and shows the same message.
    posted = client.post("/konto/confirm-email/not-a-real-key/")
    assert posted.status_code in {200, 404}
    assert not EmailAddress.objects.filter(verified=True).exists()


def test_expired_confirmation_link_explains_and_logging_in_sends_a_new_one(client, mail_languages):
    four_days_ago = b62_encode(int(time.time()) - 4 * 24 * 3600)
    with mock.patch.object(TimestampSigner, "timestamp", return_value=four_days_ago):
        signup(client, prefix="/nn")
    old_link = path_of(only_link(last_mail()))
    client.logout()

    expired = client.get(old_link)
    assert expired.status_code == 200
    html = expired.content.decode()
    assert escape(in_language("nn", "The link has expired or is not valid")) in html
    assert 'lang="nn"' in html
    assert client.post(old_link).status_code in {200, 404}
    user = User.objects.get(email="kari.nordmann@example.no")
    assert not EmailAddress.objects.get(user=user).verified

    # The way to a new link: log in; an unconfirmed address gets a new e-mail. (Days have
    # passed, so the limit of one confirmation e-mail per address per 3 minutes is over.)
    cache.clear()
    mail.outbox.clear()
    login = client.post(
        "/nn/konto/login/", {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    )
    assert login.status_code == 302
    assert login["Location"] == "/nn/konto/confirm-email/"
    new_link = path_of(only_link(last_mail()))
    assert new_link != old_link
    assert new_link.startswith("/nn/konto/confirm-email/")
    assert client.post(new_link).status_code == 302
    assert EmailAddress.objects.get(user=user).verified


def test_signup_with_a_registered_address_looks_the_same_as_a_new_one(client, person):
    """Enumeration prevention: the page says nothing; the owner gets an e-mail instead."""
    new = signup(client, email="someone.new@example.no")
    new_page = client.get(new["Location"])
    client.logout()
    client.cookies.clear()
    mail.outbox.clear()

    existing = signup(client, email=person.email.upper())
    existing_page = client.get(existing["Location"])

    assert existing.status_code == new.status_code == 302
    assert existing["Location"] == new["Location"]
    assert existing_page.status_code == new_page.status_code == 200
    # The pages differ only in the address typed, which each echoes back.
    assert without_tokens(existing_page.content.decode()).replace(
        person.email, "ADDRESS"
    ) == without_tokens(new_page.content.decode()).replace("someone.new@example.no", "ADDRESS")
    # No second account; the owner is told in their own language.
    assert User.objects.filter(email__iexact=person.email).count() == 1
    message = last_mail()
    assert message.to == [person.email]
    assert message.subject == "[Samskap] " + in_language("nb", "You already have a Samskap account")
    assert "/konto/password/reset/" in message.body
    assert "/konto/login/" in message.body


def test_registered_address_signup_at_english_url_writes_in_owners_language(
    client, nynorsk_person, mail_languages
):
    signup(client, prefix="/en", email=nynorsk_person.email)
    assert mail_languages == ["nn"]
    message = last_mail()
    assert any(path_of(link).startswith("/nn/konto/") for link in message.body.split())


def test_malformed_email_keeps_the_other_typed_values(client):
    response = signup(client, email="kari at example")

    assert response.status_code == 200
    form = response.context["form"]
    assert "email" in form.errors
    html = response.content.decode()
    assert 'value="Kari Nordmann"' in html
    assert 'value="kari at example"' in html
    assert 'aria-invalid="true"' in html
    assert 'id="id_email_error"' in html
    assert not User.objects.exists()
    assert mail.outbox == []


def test_mismatched_passwords_are_refused_and_nothing_is_saved(client):
    response = signup(client, password2="something-else-42")
    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert 'value="Kari Nordmann"' in response.content.decode()
    assert not User.objects.exists()


def test_too_long_name_is_refused(client):
    response = signup(client, name="x" * 151)
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert not User.objects.exists()


def test_weak_password_is_refused(client):
    response = signup(client, password1="12345678", password2="12345678")
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    assert not User.objects.exists()


def test_signed_in_person_is_sent_on_from_signup(client, person):
    client.login(email=person.email, password=PASSWORD)
    response = client.get("/konto/signup/")
    assert response.status_code == 302


def test_link_opened_in_another_browser_confirms_and_asks_to_log_in(client, mail_languages):
    signup(client, prefix="/nn")
    link = path_of(only_link(last_mail()))

    other_browser = Client()
    response = other_browser.post(link)
    assert response.status_code == 302
    assert response["Location"] == "/nn/konto/login/"
    assert "_auth_user_id" not in other_browser.session
    user = User.objects.get(email="kari.nordmann@example.no")
    assert EmailAddress.objects.get(user=user).verified
    page = other_browser.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        in_language("nn", "Thank you! %(email)s is confirmed.") % {"email": user.email}
    ]
