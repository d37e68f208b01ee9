import pytest

from samskap.directory.models import TargetGroup, Theme

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "model", "first"),
    [
        (
            "target-groups",
            TargetGroup,
            {"slug": "children", "name": {"nb": "Barn", "nn": "Born", "en": "Children"}},
        ),
        (
            "themes",
            Theme,
            {
                "slug": "reading",
                "name": {
                    "nb": "Lesing og litteratur",
                    "nn": "Lesing og litteratur",
                    "en": "Reading and literature",
                },
            },
        ),
    ],
)
def test_taxonomy_lists_every_term_in_three_languages(api_get, path, model, first):
    response = api_get(path)
    assert response.status_code == 200
    terms = response.json()
    assert terms[0] == first
    assert [t["slug"] for t in terms] == list(
        model.objects.order_by("position", "slug").values_list("slug", flat=True)
    )
    assert len(terms) >= 12
    assert all(set(t["name"]) == {"nb", "nn", "en"} and all(t["name"].values()) for t in terms)


def test_taxonomy_follows_edits_in_the_admin(api_get):
    Theme.objects.create(
        slug="aaa-chess", name_nb="Sjakk", name_nn="Sjakk", name_en="Chess", position=0
    )
    assert api_get("themes").json()[0] == {
        "slug": "aaa-chess",
        "name": {"nb": "Sjakk", "nn": "Sjakk", "en": "Chess"},
    }


def test_names_do_not_depend_on_the_clients_language(client):
    nb = client.get("/api/v1/target-groups", HTTP_ACCEPT_LANGUAGE="nb").json()
    en = client.get("/api/v1/target-groups", HTTP_ACCEPT_LANGUAGE="en").json()
    assert nb == en
