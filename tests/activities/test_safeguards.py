"""Safeguards around moderation, exports and e-mails."""

import csv

import pytest

from samskap.activities import permissions, services
from samskap.activities.models import Activity
from tests.factories import (
    ActivityFactory,
    LibraryFactory,
    MembershipFactory,
    SignUpFactory,
)

pytestmark = pytest.mark.django_db


def test_a_copy_of_a_hidden_activity_stays_hidden(member, organisation, coordinator):
    activity = ActivityFactory(organiser=organisation)
    services.activity_hide(activity=activity, by=coordinator, reason="Reklame for et firma.")
    copy = services.activity_copy(activity=activity, by=member)
    assert copy.is_hidden
    assert copy.hidden_reason == "Reklame for et firma."
    services.activity_publish(activity=copy, by=member)
    assert not Activity.objects.public().filter(pk=copy.pk).exists()


def test_a_library_does_not_moderate_its_own_activities(db):
    library = LibraryFactory(home_municipality_id="4003")
    staff = MembershipFactory(organisation=library).user
    own = ActivityFactory(organiser=library, municipality_id="4003")
    others = ActivityFactory(municipality_id="4003")
    assert not permissions.can_moderate_activity(staff, own)
    assert permissions.can_moderate_activity(staff, others)


def test_sign_up_export_does_not_start_spreadsheet_formulas(client, member, organisation):
    activity = ActivityFactory(organiser=organisation, signup="platform", capacity=5)
    SignUpFactory(occurrence=activity.occurrences.first(), name='=HYPERLINK("x")')
    client.force_login(member)
    response = client.get(f"/en/aktiviteter/{activity.pk}/pameldte/", {"format": "csv"})
    rows = list(csv.reader(response.content.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[1][1] == '\'=HYPERLINK("x")'


def test_e_mail_subjects_are_plain_text(
    mailoutbox, organisation, member, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(
        organiser=organisation, title="Strikk & prat's", signup="platform", capacity=5
    )
    SignUpFactory(occurrence=activity.occurrences.first(), email="kari@example.no")
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_cancel(activity=activity, by=member, reason="Sykdom")
    subjects = [m.subject for m in mailoutbox if "kari@example.no" in m.to]
    assert subjects and "Strikk & prat's" in subjects[0]
