"""Full-text search in the calendar (`?q=`), in Bokmål and Nynorsk texts. The same tests run
on SQLite and on PostgreSQL (CI runs the suite on both), through `core.search.search`."""

import datetime

import pytest

from samskap.activities.recurrence import OSLO
from samskap.activities.selectors import today
from tests.factories import ActivityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

CALENDAR = "/en/aktiviteter/"


def titles(response):
    return sorted({o.activity.title for day in response.context["days"] for o in day.occurrences})


@pytest.fixture
def texts(db):
    start = datetime.datetime.combine(
        today() + datetime.timedelta(days=3), datetime.time(18), tzinfo=OSLO
    )

    def make(title, description, **kwargs):
        return ActivityFactory(
            title=title,
            description=description,
            start=start,
            end=start + datetime.timedelta(hours=2),
            **kwargs,
        )

    # Bokmål
    make("Bokbytte", "Ta med bøker du har lest, og gå hjem med nye bøker.")
    make("Strikkekafé", "Vi strikker og prater over en kopp kaffe.")
    make("Leksehjelp for barn", "Frivillige hjelper med lekser hver tirsdag.")
    # Nynorsk
    make("Lesesirkel på nynorsk", "Vi les bøkene saman og snakkar om dei.")
    make("Songkor for alle", "Kom og syng med oss! Vi øver på nye songar.")
    make(
        "Turgruppe",
        "Vi går tur i skogen.",
        organiser=OrganisationFactory(name="Bø Turlag"),
        venue_name="Gullbring kulturanlegg",
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Bokmål: vowel-change plurals, compounds by their first part, verbal nouns.
        ("bok", ["Bokbytte", "Lesesirkel på nynorsk"]),
        ("bøker", ["Bokbytte", "Lesesirkel på nynorsk"]),
        ("strikking", ["Strikkekafé"]),
        ("strikk", ["Strikkekafé"]),
        ("strikkekafé", ["Strikkekafé"]),
        ("STRIKKEKAFÉ", ["Strikkekafé"]),
        ("leksehjelp", ["Leksehjelp for barn"]),
        ("lekser", ["Leksehjelp for barn"]),
        # Nynorsk
        ("bøkene", ["Bokbytte", "Lesesirkel på nynorsk"]),
        ("lesesirkel", ["Lesesirkel på nynorsk"]),
        ("songkor", ["Songkor for alle"]),
        ("song", ["Songkor for alle"]),
        ("songar", ["Songkor for alle"]),
        # Organiser and place are searched too; several words must all match.
        ("turlag", ["Turgruppe"]),
        ("gullbring", ["Turgruppe"]),
        ("bok nynorsk", ["Lesesirkel på nynorsk"]),
        ("finnesikke", []),
    ],
)
def test_search(client, texts, query, expected):
    response = client.get(CALENDAR, {"q": query})
    assert response.status_code == 200
    assert titles(response) == expected


@pytest.mark.parametrize("query", ["!!!", "   ", "'&|:*", "bok'; drop table x; --"])
def test_punctuation_and_tsquery_syntax_are_harmless(client, texts, query):
    response = client.get(CALENDAR, {"q": query})
    assert response.status_code == 200


def test_search_combines_with_filters(client, texts):
    ActivityFactory(
        title="Bokbytte i Sandefjord",
        description="Bøker for alle.",
        municipality_id="3907",
        start=datetime.datetime.combine(
            today() + datetime.timedelta(days=4), datetime.time(12), tzinfo=OSLO
        ),
        end=datetime.datetime.combine(
            today() + datetime.timedelta(days=4), datetime.time(14), tzinfo=OSLO
        ),
    )
    response = client.get(CALENDAR, {"q": "bok", "county": "39"})
    assert titles(response) == ["Bokbytte i Sandefjord"]


def test_search_result_keeps_time_order_and_occurrences(client, texts):
    start = datetime.datetime.combine(
        today() + datetime.timedelta(days=1), datetime.time(10), tzinfo=OSLO
    )
    ActivityFactory(
        title="Bokprat",
        description="Om bøker.",
        start=start,
        end=start + datetime.timedelta(hours=1),
        rrule="FREQ=WEEKLY;COUNT=3",
    )
    response = client.get(CALENDAR, {"q": "bøker"})
    listed = [o.activity.title for day in response.context["days"] for o in day.occurrences]
    assert listed[0] == "Bokprat"
    assert listed.count("Bokprat") == 3
    starts = [o.start for day in response.context["days"] for o in day.occurrences]
    assert starts == sorted(starts)


def test_search_in_nynorsk_interface(client, texts):
    response = client.get("/nn/aktiviteter/", {"q": "songkor"})
    assert '<html lang="nn"' in response.content.decode()
    assert titles(response) == ["Songkor for alle"]
