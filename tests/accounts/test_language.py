"""The language switcher remembers the choice for signed-in people."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def switch(client, language, next_url):
    return client.post("/i18n/setlang/", {"language": language, "next": next_url})


def test_switcher_on_every_page_posts_to_set_language(client):
    html = client.get("/konto/login/").content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert 'name="next" value="/konto/login/"' in html


def test_signed_in_choice_is_saved_and_the_page_translated(client, person):
    client.force_login(person)
    response = switch(client, "nn", "/konto/profil/")

    assert response.status_code == 302
    assert response["Location"] == "/nn/konto/profil/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nn"
    person.refresh_from_db()
    assert person.language == "nn"


def test_switching_back_to_bokmal_drops_the_prefix_and_is_saved(client, nynorsk_person):
    client.force_login(nynorsk_person)
    response = switch(client, "nb", "/nn/aktorer/?q=bibliotek")
    assert response["Location"] == "/aktorer/?q=bibliotek"
    nynorsk_person.refresh_from_db()
    assert nynorsk_person.language == "nb"


def test_next_is_translated_from_its_own_language_whatever_the_cookie(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    response = switch(client, "en", "/nn/aktorer/")
    assert response["Location"] == "/en/aktorer/"


def test_anonymous_choice_sets_the_cookie_only(client, person):
    response = switch(client, "en", "/aktorer/")
    assert response.status_code == 302
    assert response["Location"] == "/en/aktorer/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    person.refresh_from_db()
    assert person.language == "nb"


def test_unknown_language_changes_nothing(client, person):
    client.force_login(person)
    response = switch(client, "de", "/aktorer/")
    assert response.status_code == 302
    assert response["Location"] == "/aktorer/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    person.refresh_from_db()
    assert person.language == "nb"


def test_unsafe_next_goes_home(client, person):
    client.force_login(person)
    response = switch(client, "nn", "https://evil.example/")
    assert response["Location"] == "/nn/"
    person.refresh_from_db()
    assert person.language == "nn"


def test_get_changes_nothing(client, person):
    client.force_login(person)
    response = client.get("/i18n/setlang/", {"language": "nn", "next": "/aktorer/"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.language == "nb"
