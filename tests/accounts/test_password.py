"""Password reset (no hint whether an address exists) and password change."""

import pytest
from django.core import mail
from django.utils.html import escape

from .conftest import (
    NEW_PASSWORD,
    PASSWORD,
    in_language,
    last_mail,
    only_link,
    path_of,
    without_tokens,
)

pytestmark = pytest.mark.django_db


def request_reset(client, email, prefix=""):
    return client.post(f"{prefix}/konto/password/reset/", {"email": email})


def test_reset_page_renders_in_our_layout(client):
    response = client.get("/konto/password/reset/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="ds-skip-link"' in html
    assert escape(in_language("nb", "Forgot your password?")) in html
    assert 'name="email"' in html


def test_reset_for_unknown_address_looks_identical_to_a_known_one(client, person):
    known = request_reset(client, person.email)
    known_page = client.get(known["Location"])
    unknown = request_reset(client, "nobody@example.no")
    unknown_page = client.get(unknown["Location"])

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/konto/password/reset/done/"
    assert known_page.status_code == unknown_page.status_code == 200
    assert without_tokens(known_page.content.decode()) == without_tokens(
        unknown_page.content.decode()
    )
    assert escape(in_language("nb", "Check your e-mail")) in known_page.content.decode()
    # Each address got a mail: a reset link to the owner, a "no account" note to the other.
    assert [m.to for m in mail.outbox] == [[person.email], ["nobody@example.no"]]
    assert mail.outbox[0].subject == "[Samskap] " + in_language("nb", "Choose a new password")
    assert mail.outbox[1].subject == "[Samskap] " + in_language(
        "nb", "There is no Samskap account with this e-mail address"
    )


def test_reset_mail_goes_out_in_the_owners_language_with_links_in_it(
    client, nynorsk_person, mail_languages
):
    request_reset(client, nynorsk_person.email)  # from a Bokmål page
    assert mail_languages == ["nn"]
    message = last_mail()
    assert message.subject == "[Samskap] " + in_language("nn", "Choose a new password")
    assert "Olav Aasen" in message.body
    assert path_of(only_link(message)).startswith("/nn/konto/password/reset/key/")


def test_unknown_account_mail_is_in_the_request_language(client, db, mail_languages):
    request_reset(client, "nobody@example.no", prefix="/en")
    assert mail_languages == ["en"]
    message = last_mail()
    assert message.subject == "[Samskap] " + in_language(
        "en", "There is no Samskap account with this e-mail address"
    )
    assert path_of(only_link(message)) == "/en/konto/signup/"


def test_malformed_address_gets_a_message_and_keeps_the_text(client, db):
    response = request_reset(client, "not an address")
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert 'value="not an address"' in response.content.decode()
    assert mail.outbox == []


def test_following_the_link_sets_a_new_password(client, nynorsk_person):
    request_reset(client, nynorsk_person.email)
    link = path_of(only_link(last_mail()))

    page = client.get(link, follow=True)
    assert page.status_code == 200
    assert '<html lang="nn"' in page.content.decode()
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    assert escape(in_language("nn", "Choose a new password")) in page.content.decode()

    done = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == "/nn/konto/password/reset/key/done/"
    nynorsk_person.refresh_from_db()
    assert nynorsk_person.check_password(NEW_PASSWORD)
    # The link cannot be used twice.
    again = client.get(link, follow=True)
    assert escape(in_language("nn", "The link has expired or is not valid")) in (
        again.content.decode()
    )


def test_invalid_reset_link_explains_and_offers_a_new_one(client, person):
    response = client.get("/konto/password/reset/key/1-not-a-token/", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(in_language("nb", "The link has expired or is not valid")) in html
    assert 'href="/konto/password/reset/"' in html
    assert 'name="password1"' not in html


def test_mismatched_new_passwords_are_refused(client, person):
    request_reset(client, person.email)
    page = client.get(path_of(only_link(last_mail())), follow=True)
    form_url = page.redirect_chain[-1][0]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": "other-42-x"})
    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_password_change_requires_the_current_password(client, person):
    client.force_login(person)
    page = client.get("/konto/password/change/")
    assert page.status_code == 200
    assert escape(in_language("nb", "Current password")) in page.content.decode()
    assert 'href="/konto/profil/"' in page.content.decode()

    wrong = client.post(
        "/konto/password/change/",
        {"oldpassword": "nope", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200
    assert "oldpassword" in wrong.context["form"].errors
    person.refresh_from_db()
    assert person.check_password(PASSWORD)

    right = client.post(
        "/konto/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert right.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
