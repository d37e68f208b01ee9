"""The organiser pages over HTTP: the activity form, publishing, cancelling, copying, hiding,
"My activities", the sign-up lists and the co-organiser invitation."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samskap.activities import recurrence
from samskap.activities.models import Activity, CoOrganiser, Occurrence, SignUp
from tests.activities.test_forms import form_data, huge_upload, png_upload, saturday, text_as_png
from tests.factories import (
    ActivityFactory,
    CoOrganiserFactory,
    MembershipFactory,
    OrganisationFactory,
    SignUpFactory,
)

pytestmark = pytest.mark.django_db


def counts():
    return (
        Activity.objects.count(),
        Occurrence.objects.count(),
        CoOrganiser.objects.count(),
        Activity.target_groups.through.objects.count(),
    )


# --- create --------------------------------------------------------------------------------


def test_the_create_page(client, member, organisation):
    client.force_login(member)
    response = client.get(f"/en/aktiviteter/ny/?organiser={organisation.slug}")
    assert response.status_code == 200
    html = response.content.decode()
    for legend in ("When", "Where", "Who", "Sign-up", "Accessibility", "Image"):
        assert f'data-size="sm">{legend}</legend>' in html
    assert 'enctype="multipart/form-data"' in html
    assert "Save as draft" in html and "Publish" in html
    assert response.context["form"]["organiser"].value() == organisation.pk


def test_an_outsider_is_told_to_join_an_organisation(client, user, organisation):
    client.force_login(user)
    response = client.get(f"/en/aktiviteter/ny/?organiser={organisation.slug}")
    assert response.status_code == 200
    assert "Join your organisation" in response.content.decode()
    assert "form" not in response.context


def test_create_a_recurring_draft_with_co_organisers(
    client, member, organisation, django_capture_on_commit_callbacks, mailoutbox
):
    partner = OrganisationFactory(name="Skien frivilligsentral")
    MembershipFactory(organisation=partner, role="admin", user__language="nn")
    client.force_login(member)
    first = saturday()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/aktiviteter/ny/",
            form_data(
                organisation,
                pattern="weekly",
                repeat_until=(first + datetime.timedelta(weeks=3)).isoformat(),
                exdates_text=(first + datetime.timedelta(weeks=1)).strftime("%d.%m.%Y"),
                co_organisers=[partner.pk],
                target_groups=["1"],
                save="1",
            ),
        )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/aktiviteter/{activity.pk}/"
    assert activity.status == Activity.Status.DRAFT
    assert activity.organiser == organisation
    assert activity.created_by == member
    assert activity.occurrences.count() == 3
    assert activity.exdates == [(first + datetime.timedelta(weeks=1)).isoformat()]
    assert recurrence.local(activity.start).hour == 18
    assert activity.co_organiser_links.get().status == CoOrganiser.Status.PENDING
    assert len(mailoutbox) == 1


def test_publish_button_publishes(client, member, organisation):
    client.force_login(member)
    response = client.post("/aktiviteter/ny/", form_data(organisation, publish="1"))
    assert response.status_code == 302
    assert Activity.objects.get().status == Activity.Status.PUBLISHED


def test_create_with_an_image(client, member, organisation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(member)
    response = client.post(
        "/aktiviteter/ny/",
        {**form_data(organisation, image_alt="Garnnøster i mange farger"), "image": png_upload()},
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.image_alt == "Garnnøster i mange farger"
    assert (tmp_path / activity.image.name).exists()


@pytest.mark.parametrize(
    ("overrides", "files", "message"),
    [
        ({"end_time": "17:00"}, {}, "The activity must end after it starts"),
        ({"pattern": "weekly"}, {}, "A repeating activity needs an end"),
        ({"pattern": "weekly", "repeat_until": "2020-01-01"}, {}, "The repetition gives no dates"),
        ({"pattern": "weekly", "repeat_until": "2099-01-01"}, {}, "more than 500 dates"),
        (
            {"image_alt": "Bilde"},
            {"image": text_as_png},
            "Upload a valid image",
        ),
        ({"image_alt": "Bilde"}, {"image": huge_upload}, "It can be at most 10"),
        (
            {"end_time": "17:00", "image_alt": "Bilde"},
            {"image": png_upload},
            "Choose the image again",
        ),
    ],
)
def test_bad_input_saves_nothing_and_keeps_what_was_typed(
    client, member, organisation, settings, tmp_path, overrides, files, message
):
    settings.MEDIA_ROOT = tmp_path
    partner = OrganisationFactory()
    client.force_login(member)
    before = counts()
    posted = form_data(
        organisation,
        title="Min strikkekafé",
        co_organisers=[partner.pk],
        target_groups=["1"],
        **overrides,
    )
    response = client.post(
        "/en/aktiviteter/ny/", {**posted, **{name: make() for name, make in files.items()}}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'class="ds-error-summary"' in html
    assert 'value="Min strikkekafé"' in html  # what was typed is still there
    assert counts() == before
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_a_venue_in_another_county_over_http(client, member, organisation):
    from tests.factories import LibraryFactory

    library = LibraryFactory(home_municipality_id="3905")
    MembershipFactory(user=member, organisation=OrganisationFactory(home_municipality_id="3901"))
    client.force_login(member)
    response = client.post("/en/aktiviteter/ny/", form_data(organisation, venue=library.pk))
    assert response.status_code == 200
    assert "The venue is in another county than the municipality you chose" in (
        response.content.decode()
    )
    assert counts() == (0, 0, 0, 0)


def test_create_for_an_organisation_of_someone_else_is_refused(client, member, organisation):
    other = OrganisationFactory()
    client.force_login(member)
    response = client.post("/en/aktiviteter/ny/", form_data(organisation, organiser=other.pk))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Activity.objects.exists()


# --- edit, publish, copy, cancel ------------------------------------------------------------


def test_edit_shows_the_stored_values_and_saves(client, member, organisation):
    activity = ActivityFactory(organiser=organisation, title="Språkkafé", status="draft")
    client.force_login(member)
    response = client.get(f"/aktiviteter/{activity.pk}/rediger/")
    assert response.status_code == 200
    assert 'value="Språkkafé"' in response.content.decode()
    start = recurrence.local(activity.start)
    response = client.post(
        f"/aktiviteter/{activity.pk}/rediger/",
        form_data(organisation, title="Språkkafé for alle", date=start.date().isoformat()),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/aktiviteter/{activity.pk}/"
    activity.refresh_from_db()
    assert activity.title == "Språkkafé for alle"
    assert activity.status == Activity.Status.DRAFT
    assert activity.sequence == 1


def test_a_failing_edit_changes_nothing(client, member, organisation):
    activity = ActivityFactory(organiser=organisation, title="Språkkafé")
    client.force_login(member)
    before = counts()
    response = client.post(
        f"/en/aktiviteter/{activity.pk}/rediger/",
        form_data(organisation, title="Nytt navn", end_time="10:00"),
    )
    assert response.status_code == 200
    assert "Edit Språkkafé" in response.content.decode()  # the stored title in the heading
    activity.refresh_from_db()
    assert activity.title == "Språkkafé"
    assert activity.sequence == 0
    assert counts() == before


def test_publish_a_draft(client, member, organisation):
    activity = ActivityFactory(organiser=organisation, status="draft")
    client.force_login(member)
    assert client.get(f"/aktiviteter/{activity.pk}/publiser/").status_code == 405
    response = client.post(f"/aktiviteter/{activity.pk}/publiser/")
    assert response["Location"] == f"/aktiviteter/{activity.pk}/"
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PUBLISHED


def test_copy_opens_the_edit_page_of_the_new_draft(client, member, organisation):
    activity = ActivityFactory(organiser=organisation, themes=["reading"])
    client.force_login(member)
    response = client.post(f"/aktiviteter/{activity.pk}/kopier/")
    copy = Activity.objects.exclude(pk=activity.pk).get()
    assert response["Location"] == f"/aktiviteter/{copy.pk}/rediger/"
    assert copy.status == Activity.Status.DRAFT
    assert copy.title == activity.title
    assert list(copy.themes.values_list("slug", flat=True)) == ["reading"]


def test_cancel_asks_for_a_reason_then_cancels(
    client, member, organisation, django_capture_on_commit_callbacks, mailoutbox
):
    activity = ActivityFactory(organiser=organisation, signup="platform", capacity=4)
    SignUpFactory(occurrence=activity.occurrences.get(), email="kari@example.no")
    client.force_login(member)
    response = client.get(f"/en/aktiviteter/{activity.pk}/avlys/")
    assert response.status_code == 200
    assert "1 person has signed up" in response.content.decode()
    response = client.post(f"/en/aktiviteter/{activity.pk}/avlys/", {"reason": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/aktiviteter/{activity.pk}/avlys/", {"reason": "Sykdom"})
    assert response["Location"] == f"/aktiviteter/{activity.pk}/"
    activity.refresh_from_db()
    assert (activity.status, activity.cancel_reason) == ("cancelled", "Sykdom")
    assert [m.to for m in mailoutbox] == [["kari@example.no"]]
    # Once cancelled, the page says so instead of asking again.
    response = client.get(f"/aktiviteter/{activity.pk}/avlys/")
    assert response.status_code == 302


# --- moderation ---------------------------------------------------------------------------


def test_hide_needs_a_reason_and_unhide_shows_it_again(
    client, coordinator, organisation, org_admin, django_capture_on_commit_callbacks, mailoutbox
):
    activity = ActivityFactory(organiser=organisation)
    client.force_login(coordinator)
    response = client.post(f"/en/aktiviteter/{activity.pk}/skjul/", {"reason": "  "})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    activity.refresh_from_db()
    assert not activity.is_hidden
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/aktiviteter/{activity.pk}/skjul/", {"reason": "Reklame"})
    assert response["Location"] == f"/aktiviteter/{activity.pk}/"
    activity.refresh_from_db()
    assert (activity.is_hidden, activity.hidden_reason, activity.hidden_by) == (
        True,
        "Reklame",
        coordinator,
    )
    assert [m.to for m in mailoutbox] == [[org_admin.email]]
    response = client.post(f"/aktiviteter/{activity.pk}/vis/")
    assert response["Location"] == f"/aktiviteter/{activity.pk}/"
    activity.refresh_from_db()
    assert not activity.is_hidden


# --- my activities ----------------------------------------------------------------------------


def test_my_activities_shows_statuses_hiding_reasons_and_invitations(
    client, org_admin, organisation
):
    ActivityFactory(organiser=organisation, title="Utkastet", status="draft")
    ActivityFactory(organiser=organisation, title="Publisert")
    ActivityFactory(organiser=organisation, title="Avlyst", status="cancelled")
    ActivityFactory(
        organiser=organisation, title="Skjult", hidden_at="2026-01-01T10:00Z", hidden_reason="Spam"
    )
    ActivityFactory(title="Andres aktivitet")
    invitation = CoOrganiserFactory(organisation=organisation)
    client.force_login(org_admin)
    html = client.get("/en/aktiviteter/mine/").content.decode()
    for title in ("Utkastet", "Publisert", "Avlyst", "Skjult"):
        assert title in html
    assert "Andres aktivitet" not in html
    assert "Reason: Spam" in html
    assert invitation.activity.title in html
    assert f'action="/en/aktiviteter/medarrangor/{invitation.pk}/"' in html
    drafts = client.get("/en/aktiviteter/mine/?status=draft").content.decode()
    assert "Utkastet" in drafts and "Publisert" not in drafts
    hidden = client.get("/en/aktiviteter/mine/?status=hidden").content.decode()
    assert "Skjult" in hidden and "Utkastet" not in hidden
    # Ordinary members see the activities but not the invitations (admins decide).
    member = MembershipFactory(organisation=organisation).user
    client.force_login(member)
    html = client.get("/en/aktiviteter/mine/").content.decode()
    assert "Utkastet" in html
    assert f"/medarrangor/{invitation.pk}/" not in html


def test_my_activities_needs_login(client):
    response = client.get("/aktiviteter/mine/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/")


def _queries_for_my_activities(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/aktiviteter/mine/")
    assert response.status_code == 200
    return len(queries)


def test_my_activities_runs_a_constant_number_of_queries(
    client, org_admin, organisation, django_assert_num_queries
):
    client.force_login(org_admin)
    ActivityFactory(organiser=organisation, rrule="FREQ=WEEKLY;COUNT=2")
    CoOrganiserFactory(organisation=organisation)
    few = _queries_for_my_activities(client)
    for n in range(15):
        ActivityFactory(
            organiser=organisation,
            status="draft" if n % 2 else "published",
            hidden_at="2026-01-01T10:00Z" if n % 5 == 0 else None,
            signup="platform" if n % 3 == 0 else "none",
            capacity=5 if n % 3 == 0 else None,
        )
        CoOrganiserFactory(organisation=organisation)
    with django_assert_num_queries(few):
        client.get("/aktiviteter/mine/")


def test_my_activities_is_paginated(client, member, organisation):
    for _ in range(21):
        ActivityFactory(organiser=organisation)
    client.force_login(member)
    first = client.get("/en/aktiviteter/mine/")
    assert len(first.context["page_obj"].object_list) == 20
    assert 'class="ds-pagination"' in first.content.decode()
    second = client.get("/en/aktiviteter/mine/?page=2")
    assert len(second.context["page_obj"].object_list) == 1


# --- sign-up lists ------------------------------------------------------------------------------


def test_the_sign_up_list_and_its_csv(client, member, organisation):
    activity = ActivityFactory(
        organiser=organisation, signup="platform", capacity=3, rrule="FREQ=WEEKLY;COUNT=2"
    )
    first, second = activity.occurrences.order_by("start")
    SignUpFactory(occurrence=first, name="Kari Nordmann", email="kari@example.no")
    SignUpFactory(occurrence=first, name="Ola Nordmann", email="ola@example.no")
    SignUpFactory(occurrence=second, name="Per Hansen", email="per@example.no")
    client.force_login(member)
    html = client.get(f"/en/aktiviteter/{activity.pk}/pameldte/").content.decode()
    assert "2 of 3 places taken" in html
    assert "1 of 3 places taken" in html
    for text in ("Kari Nordmann", "ola@example.no", "Per Hansen"):
        assert text in html
    response = client.get(f"/en/aktiviteter/{activity.pk}/pameldte/?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = response.content.decode("utf-8-sig").strip().splitlines()
    assert rows[0] == "Time;Name;E-mail;Signed up"
    assert len(rows) == 4
    assert rows[1].split(";")[1:3] == ["Kari Nordmann", "kari@example.no"]


def test_the_sign_up_list_has_a_constant_number_of_queries(
    client, member, organisation, django_assert_num_queries
):
    activity = ActivityFactory(
        organiser=organisation, signup="platform", capacity=30, rrule="FREQ=WEEKLY;COUNT=2"
    )
    client.force_login(member)
    SignUpFactory(occurrence=activity.occurrences.first())
    with CaptureQueriesContext(connection) as few:
        client.get(f"/aktiviteter/{activity.pk}/pameldte/")
    activity.rrule = "FREQ=WEEKLY;COUNT=6"
    activity.save()
    from samskap.activities.services import activity_refresh_derived

    activity_refresh_derived(activity)
    for occurrence in activity.occurrences.all():
        for _ in range(3):
            SignUpFactory(occurrence=occurrence)
    assert SignUp.objects.count() == 19
    with django_assert_num_queries(len(few)):
        client.get(f"/aktiviteter/{activity.pk}/pameldte/")


# --- co-organiser invitation -----------------------------------------------------------------


def test_confirm_and_decline_an_invitation(client, org_admin, organisation):
    confirm = CoOrganiserFactory(organisation=organisation)
    decline = CoOrganiserFactory(organisation=organisation)
    client.force_login(org_admin)
    page = client.get(f"/en/aktiviteter/medarrangor/{confirm.pk}/")
    assert page.status_code == 200
    assert confirm.activity.title in page.content.decode()
    response = client.post(f"/aktiviteter/medarrangor/{confirm.pk}/", {"accept": "yes"})
    assert response["Location"] == "/aktiviteter/mine/"
    response = client.post(f"/aktiviteter/medarrangor/{decline.pk}/", {"accept": "no"})
    confirm.refresh_from_db()
    decline.refresh_from_db()
    assert (confirm.status, decline.status) == ("confirmed", "declined")
    assert confirm.decided_by == org_admin
    # An answered invitation is gone.
    assert client.get(f"/aktiviteter/medarrangor/{confirm.pk}/").status_code == 404


def test_a_nonsense_answer_changes_nothing(client, org_admin, organisation):
    link = CoOrganiserFactory(organisation=organisation)
    client.force_login(org_admin)
    response = client.post(f"/aktiviteter/medarrangor/{link.pk}/", {"accept": "maybe"})
    assert response.status_code == 200
    link.refresh_from_db()
    assert link.status == CoOrganiser.Status.PENDING


def test_profile_links_to_my_activities(client, member):
    client.force_login(member)
    assert 'href="/en/aktiviteter/mine/"' in client.get("/en/konto/profil/").content.decode()
