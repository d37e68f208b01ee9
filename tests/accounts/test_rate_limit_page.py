"""Past the general rate limits, allauth answers with our own 429 page in the user's language."""

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix", ["", "/nn"])
def test_too_many_password_resets_get_a_clear_page(client, prefix):
    url = f"{prefix}/konto/password/reset/"
    statuses = [client.post(url, {"email": "someone@example.no"}).status_code for _ in range(6)]
    assert statuses[:5] == [302] * 5
    response = client.post(url, {"email": "someone@example.no"})
    assert response.status_code == 429
    html = response.content.decode()
    language = prefix.strip("/") or "nb"
    with translation.override(language):
        assert translation.gettext("Too many attempts") in html
    assert f'<html lang="{language}"' in html
