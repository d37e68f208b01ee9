"""The activity page /aktiviteter/<pk>/: what it shows, cancellations, organiser and moderator
tools, and who may see drafts and hidden activities."""

import datetime

import pytest
from django.utils import timezone

from samskap.activities.models import Activity, CoOrganiser
from samskap.activities.recurrence import OSLO
from samskap.directory.models import Kind
from tests.factories import ActivityFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "outsider",
    "member",
    "org_admin",
    "co_organiser_member",
    "library_staff",
    "coordinator",
    "other_coordinator",
    "platform_admin",
)


def url(activity, language="en"):
    return f"/{language}/aktiviteter/{activity.pk}/" if language else f"/aktiviteter/{activity.pk}/"


@pytest.fixture
def activity(organisation):
    return ActivityFactory(
        organiser=organisation,
        title="Språkkafé på biblioteket",
        description="Vi snakker norsk sammen.\n\nAlle er velkomne <b>hit</b>.",
    )


@pytest.fixture
def as_role(request, client, activity):
    """Sign the client in as one of ROLES, relative to `activity` (organised by the
    `organisation` fixture in Skien, Telemark)."""

    def sign_in(role):
        if role == "anonymous":
            return None
        if role == "co_organiser_member":
            partner = OrganisationFactory(name="Partnerlaget")
            CoOrganiser.objects.create(
                activity=activity, organisation=partner, status=CoOrganiser.Status.CONFIRMED
            )
            person = MembershipFactory(organisation=partner).user
        elif role == "library_staff":
            library = OrganisationFactory(kind=Kind.LIBRARY, home_municipality_id="4003")
            person = MembershipFactory(organisation=library).user
        else:
            person = request.getfixturevalue("user" if role == "outsider" else role)
        client.force_login(person)
        return person

    return sign_in


# --- what the page shows ---------------------------------------------------------------


def test_public_page_shows_the_activity(client, activity):
    response = client.get(url(activity))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Språkkafé på biblioteket</h1>" in html
    # Description: paragraphs, escaped.
    assert "<p>Vi snakker norsk sammen.</p>" in html
    assert "Alle er velkomne &lt;b&gt;hit&lt;/b&gt;." in html
    assert "Skien bibliotek" in html
    assert "Henrik Ibsens gate 4, 3724 Skien" in html
    assert "Skien (Telemark)" in html
    assert 'href="/en/aktorer/skien-rode-kors/"' in html
    assert f'href="/en/aktiviteter/{activity.pk}/kalender.ics"' in html
    assert "Add to my calendar" in html
    assert "No sign-up needed" in html
    assert "Free" in html
    # No organiser tools for the public.
    assert "/rediger/" not in html
    assert "/skjul/" not in html


def test_times_are_shown_in_oslo_time(client, organisation):
    start = datetime.datetime(2030, 7, 16, 16, 0, tzinfo=datetime.UTC)  # 18:00 in Oslo
    activity = ActivityFactory(
        organiser=organisation, start=start, end=start + datetime.timedelta(hours=2)
    )
    html = client.get(url(activity, "")).content.decode()  # Bokmål
    assert '<time datetime="2030-07-16T18:00+02:00">Tirsdag 16. juli 2030, 18:00</time>' in html
    assert "20:00</time>" in html


def test_series_summary_and_upcoming_dates(client, organisation):
    start = datetime.datetime(2030, 1, 8, 18, 0, tzinfo=OSLO)  # a Tuesday
    activity = ActivityFactory(
        organiser=organisation,
        start=start,
        end=start + datetime.timedelta(hours=2),
        rrule="FREQ=WEEKLY;UNTIL=20300615T215959Z",
    )
    html = client.get(url(activity)).content.decode()
    assert "Every week on Tuesday, 18:00–20:00, until June 15, 2030" in html
    assert "Next dates" in html
    assert html.count('<li><time datetime="2030-') == 20  # the next 20 of 23
    assert '<time datetime="2030-04-02T18:00+02:00">' in html  # summer time, still 18:00


@pytest.mark.parametrize(
    ("rrule", "summary"),
    [
        ("FREQ=WEEKLY;INTERVAL=2;COUNT=3", "Every other week on Tuesday, 18:00–20:00"),
        ("FREQ=MONTHLY;BYDAY=2TU;COUNT=3", "Every month on the second Tuesday, 18:00–20:00"),
        ("FREQ=MONTHLY;BYDAY=-1TU;COUNT=3", "Every month on the last Tuesday, 18:00–20:00"),
        ("FREQ=DAILY;COUNT=3", "Repeats on several dates, 18:00–20:00"),
    ],
)
def test_other_series_summaries(client, organisation, rrule, summary):
    start = datetime.datetime(2030, 1, 8, 18, 0, tzinfo=OSLO)
    activity = ActivityFactory(
        organiser=organisation, start=start, end=start + datetime.timedelta(hours=2), rrule=rrule
    )
    assert summary in client.get(url(activity)).content.decode()


def test_series_summary_in_nynorsk(client, organisation):
    start = datetime.datetime(2030, 1, 8, 18, 0, tzinfo=OSLO)
    activity = ActivityFactory(
        organiser=organisation,
        start=start,
        end=start + datetime.timedelta(hours=2),
        rrule="FREQ=WEEKLY;COUNT=3",
    )
    html = client.get(url(activity, "nn")).content.decode()
    assert '<html lang="nn"' in html
    assert "tysdag" in html.lower()


def test_cancellation_is_shown_at_the_top_with_its_reason(client, organisation):
    activity = ActivityFactory(
        organiser=organisation,
        status=Activity.Status.CANCELLED,
        cancel_reason="Lederen er syk.",
    )
    html = client.get(url(activity)).content.decode()
    alert = html.index('<div class="ds-alert" data-color="danger" id="cancelled">')
    assert "This activity is cancelled" in html
    assert "Reason: Lederen er syk." in html
    assert alert < html.index('id="when-heading"')
    assert '<span class="ds-tag" data-color="danger">Cancelled</span>' in html


def test_facts(client, organisation):
    venue = OrganisationFactory(name="Skien bibliotek", slug="skien-bibliotek", kind=Kind.LIBRARY)
    partner = OrganisationFactory(name="Skien frivilligsentral", slug="skien-frivilligsentral")
    hidden_partner = OrganisationFactory(name="Privat lag", public=False)
    pending = OrganisationFactory(name="Ventende lag")
    activity = ActivityFactory(
        organiser=organisation,
        venue=venue,
        venue_name="",
        target_groups=["children", "families"],
        themes=["reading"],
        languages=["nb", "uk"],
        is_free=False,
        price="150",
        price_details="Kaffe inkludert",
        signup=Activity.SignUp.LINK,
        signup_url="https://billett.example.no/kafe",
        step_free=True,
        sign_language=True,
        image="activities/2030/01/kafe.jpg",
        image_alt="Folk rundt et bord med kaffe",
    )
    for org, status in (
        (partner, CoOrganiser.Status.CONFIRMED),
        (hidden_partner, CoOrganiser.Status.CONFIRMED),
        (pending, CoOrganiser.Status.PENDING),
    ):
        CoOrganiser.objects.create(activity=activity, organisation=org, status=status)
    html = client.get(url(activity)).content.decode()
    assert '<a class="ds-link" href="/en/aktorer/skien-bibliotek/">Skien bibliotek</a>' in html
    assert "Co-organisers" in html
    assert '<a class="ds-link" href="/en/aktorer/skien-frivilligsentral/">' in html
    assert "Privat lag" in html and "/aktorer/privat-lag" not in html
    assert "Ventende lag" not in html
    assert "Children" in html and "Families" in html and "Reading" in html
    assert "Norwegian, Ukrainian" in html
    assert "NOK 150" in html and "Kaffe inkludert" in html
    assert 'href="https://billett.example.no/kafe"' in html
    assert "<li>Step-free access</li>" in html
    assert "<li>Sign language interpretation</li>" in html
    assert "<li>Hearing loop</li>" not in html
    assert '<img class="activities-detail__image" src="/media/activities/2030/01/kafe.jpg"' in html
    assert 'alt="Folk rundt et bord med kaffe"' in html


def test_private_venue_and_organiser_are_not_linked(client):
    venue = OrganisationFactory(name="Lukket hus", public=False, slug="lukket-hus")
    organiser = OrganisationFactory(name="Stille lag", public=False, slug="stille-lag")
    activity = ActivityFactory(organiser=organiser, venue=venue, venue_name="")
    html = client.get(url(activity)).content.decode()
    assert "Lukket hus" in html and "Stille lag" in html
    assert "/aktorer/lukket-hus/" not in html
    assert "/aktorer/stille-lag/" not in html


def test_sign_up_on_the_platform(client, organisation):
    activity = ActivityFactory(organiser=organisation, signup=Activity.SignUp.PLATFORM, capacity=12)
    html = client.get(url(activity)).content.decode()
    assert f'href="/en/aktiviteter/{activity.pk}/pamelding/">Sign up for this activity</a>' in html
    assert "12 places each time" in html


def test_past_activity_says_so(client, organisation):
    start = timezone.now() - datetime.timedelta(days=10)
    activity = ActivityFactory(
        organiser=organisation, start=start, end=start + datetime.timedelta(hours=2)
    )
    html = client.get(url(activity)).content.decode()
    assert "This activity has taken place" in html


def test_missing_activity_is_404(client):
    assert client.get("/en/aktiviteter/999999/").status_code == 404


def test_json_ld_only_for_public_activities(client, member, activity):
    assert "application/ld+json" in client.get(url(activity)).content.decode()
    activity.status = Activity.Status.DRAFT
    activity.save()
    client.force_login(member)
    html = client.get(url(activity)).content.decode()
    assert "application/ld+json" not in html
    assert '<meta name="robots" content="noindex">' in html


# --- who sees what ---------------------------------------------------------------------

DRAFT_VISIBLE = {"member", "org_admin", "co_organiser_member", "platform_admin"}
HIDDEN_VISIBLE = {
    "member",
    "org_admin",
    "co_organiser_member",
    "library_staff",
    "coordinator",
    "platform_admin",
}


@pytest.mark.parametrize("role", ROLES)
def test_published_activity_is_public(client, as_role, activity, role):
    as_role(role)
    assert client.get(url(activity)).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_draft_is_404_to_all_but_its_organisers(client, as_role, activity, role):
    activity.status = Activity.Status.DRAFT
    activity.save()
    as_role(role)
    response = client.get(url(activity))
    if role in DRAFT_VISIBLE:
        assert response.status_code == 200
        assert "This activity is a draft" in response.content.decode()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_hidden_activity_is_404_to_the_public(client, as_role, activity, coordinator, role):
    activity.hidden_at = timezone.now()
    activity.hidden_by = coordinator
    activity.hidden_reason = "Ser ut som reklame."
    activity.save()
    as_role(role)
    response = client.get(url(activity))
    if role in HIDDEN_VISIBLE:
        assert response.status_code == 200
        html = response.content.decode()
        assert "This activity is hidden from the public" in html
        assert "Reason: Ser ut som reklame." in html
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_tools_per_role(client, as_role, activity, role):
    as_role(role)
    html = client.get(url(activity)).content.decode()
    pk = activity.pk
    editor = role in {"member", "org_admin", "platform_admin"}
    moderator = role in {"library_staff", "coordinator", "platform_admin"}
    assert (f'href="/en/aktiviteter/{pk}/rediger/"' in html) is editor
    assert (f'action="/en/aktiviteter/{pk}/kopier/"' in html) is editor
    assert (f'href="/en/aktiviteter/{pk}/avlys/"' in html) is editor
    assert (f'href="/en/aktiviteter/{pk}/skjul/"' in html) is moderator
    assert f'action="/en/aktiviteter/{pk}/publiser/"' not in html  # already published
    assert f"/en/aktiviteter/{pk}/vis/" not in html


def test_draft_tools_for_a_member(client, member, activity):
    activity.status = Activity.Status.DRAFT
    activity.signup = Activity.SignUp.PLATFORM
    activity.save()
    client.force_login(member)
    html = client.get(url(activity)).content.decode()
    assert f'<form method="post" action="/en/aktiviteter/{activity.pk}/publiser/"' in html
    assert f'href="/en/aktiviteter/{activity.pk}/pameldte/"' in html
    assert f'href="/en/aktiviteter/{activity.pk}/avlys/"' not in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_moderator_can_show_a_hidden_activity_again(client, coordinator, activity):
    activity.hidden_at = timezone.now()
    activity.hidden_reason = "Feil"
    activity.save()
    client.force_login(coordinator)
    html = client.get(url(activity)).content.decode()
    assert f'<form method="post" action="/en/aktiviteter/{activity.pk}/vis/"' in html
    assert f'href="/en/aktiviteter/{activity.pk}/skjul/"' not in html


def test_other_user_cannot_guess_drafts(client, activity):
    activity.status = Activity.Status.DRAFT
    activity.save()
    client.force_login(UserFactory())
    assert client.get(url(activity)).status_code == 404


def test_query_count_is_bounded(client, django_assert_max_num_queries, organisation):
    activity = ActivityFactory(
        organiser=organisation,
        rrule="FREQ=WEEKLY;COUNT=30",
        target_groups=["children"],
        themes=["reading"],
        languages=["nb"],
    )
    for _ in range(3):
        CoOrganiser.objects.create(
            activity=activity,
            organisation=OrganisationFactory(),
            status=CoOrganiser.Status.CONFIRMED,
        )
    with django_assert_max_num_queries(12):
        assert client.get(url(activity)).status_code == 200
