"""Every account page is a whole page in our layout, in all three languages, CSP-clean."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.utils.html import escape

from tests.factories import UserFactory

from .conftest import in_language, last_mail, only_link, path_of, verified, without_tokens

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = [
    "/konto/login/",
    "/konto/signup/",
    "/konto/password/reset/",
    "/konto/password/reset/done/",
    "/konto/password/reset/key/done/",
    "/konto/confirm-email/",
    "/konto/confirm-email/bad-key/",
    "/konto/inactive/",
]
SIGNED_IN_PAGES = [
    "/konto/profil/",
    "/konto/logout/",
    "/konto/password/change/",
    "/konto/email/",
    "/konto/reauthenticate/",  # allauth's own page, styled only through our elements
]
PREFIXES = {"nb": "", "nn": "/nn", "en": "/en"}


def assert_our_page(response, language):
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert 'class="ds-skip-link"' in html
    assert '<main id="main"' in html
    assert html.count("<h1") == 1
    assert 'class="ds-heading"' in html
    # Strict CSP: no inline scripts, styles or handlers.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "style=" not in html
    assert not re.search(r"\son[a-z]+=", html)
    # Every visible form control has a label.
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        if re.search(r'type="(hidden|submit)"', tag):
            continue
        control_id = re.search(r'\bid="([^"]+)"', tag)
        assert control_id, tag
        assert f'for="{control_id.group(1)}"' in html, tag


@pytest.mark.parametrize("language", PREFIXES)
@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_anonymous_pages(client, path, language):
    assert_our_page(client.get(PREFIXES[language] + path), language)


@pytest.mark.parametrize("language", PREFIXES)
@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_pages(client, person, path, language):
    client.force_login(person)
    assert_our_page(client.get(PREFIXES[language] + path), language)


def test_password_set_page_for_a_person_without_a_password(client, person):
    person.set_unusable_password()
    person.save()
    client.force_login(person)
    response = client.get("/konto/password/set/")
    assert_our_page(response, "nb")
    assert 'name="password1"' in response.content.decode()


def test_changing_e_mail_sends_a_confirmation_in_the_persons_language(
    client, nynorsk_person, mail_languages
):
    client.force_login(nynorsk_person)
    response = client.post("/konto/email/", {"action_add": "", "email": "olav.ny@example.no"})
    assert response.status_code == 302
    assert mail_languages == ["nn"]
    message = last_mail()
    assert message.to == ["olav.ny@example.no"]
    link = path_of(only_link(message))
    assert link.startswith("/nn/konto/confirm-email/")

    page = client.get("/konto/email/")
    assert "olav.ny@example.no" in page.content.decode()
    assert 'name="action_send"' in page.content.decode()

    client.post(link)
    nynorsk_person.refresh_from_db()
    assert nynorsk_person.email == "olav.ny@example.no"
    assert EmailAddress.objects.get(user=nynorsk_person, primary=True).email == (
        "olav.ny@example.no"
    )


def test_changing_to_the_same_address_is_refused(client, person):
    client.force_login(person)
    response = client.post("/konto/email/", {"action_add": "", "email": person.email})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert mail.outbox == []


def test_demo_logins_only_when_switched_on(client, settings, db):
    settings.SHOW_DEMO_LOGINS = False
    assert (
        escape(in_language("nb", "Demo logins")) not in client.get("/konto/login/").content.decode()
    )

    settings.SHOW_DEMO_LOGINS = True
    html = client.get("/konto/login/").content.decode()
    assert escape(in_language("nb", "Demo logins")) in html
    from samskap.demo.content import DEMO_PASSWORD, DEMO_USERS

    assert DEMO_PASSWORD in html
    assert all(spec.email in html for spec in DEMO_USERS)
    assert '<caption id="demo-logins-table">' in html


def test_changing_to_an_address_of_another_account_reveals_nothing(
    client, person, nynorsk_person, mail_languages
):
    """Taken or free, the new address gets the same confirmation e-mail and the page the same
    pending state; the taken one can never be confirmed onto this account."""
    other = verified(UserFactory(email="per@example.no", name="Kari Nordmann", language="nb"))
    other_client = Client()
    other_client.force_login(other)

    client.force_login(person)
    taken = client.post("/konto/email/", {"action_add": "", "email": nynorsk_person.email})
    taken_page = client.get("/konto/email/").content.decode()
    free = other_client.post("/konto/email/", {"action_add": "", "email": "kari.ny@example.no"})
    free_page = other_client.get("/konto/email/").content.decode()

    assert taken.status_code == free.status_code == 302
    assert taken["Location"] == free["Location"]
    assert without_tokens(taken_page).replace(nynorsk_person.email, "NEW").replace(
        person.email, "CURRENT"
    ) == without_tokens(free_page).replace("kari.ny@example.no", "NEW").replace(
        other.email, "CURRENT"
    )
    taken_mail, free_mail = mail.outbox
    assert taken_mail.to == [nynorsk_person.email]
    assert taken_mail.subject == free_mail.subject
    assert mail_languages == ["nb", "nb"]  # the language of the person making the change

    client.post(path_of(only_link(taken_mail)))
    person.refresh_from_db()
    nynorsk_person.refresh_from_db()
    assert person.email == "kari@example.no"
    assert nynorsk_person.email == "olav@example.no"
    assert not EmailAddress.objects.filter(
        user=person, email=nynorsk_person.email, verified=True
    ).exists()
