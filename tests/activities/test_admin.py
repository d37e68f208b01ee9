"""The admin keeps an activity's occurrences, search columns and revision in step, and checks
a typed RRULE as the services do."""

import pytest

from samskap.activities import recurrence
from samskap.activities.models import Activity
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def change_form_data(activity: Activity, **overrides: object) -> dict[str, object]:
    start, end = recurrence.local(activity.start), recurrence.local(activity.end)
    data = {
        "organiser": activity.organiser_id,
        "title": activity.title,
        "description": activity.description,
        "venue_name": activity.venue_name,
        "street_address": activity.street_address,
        "postal_code": activity.postal_code,
        "postal_place": activity.postal_place,
        "municipality": activity.municipality_id,
        "start_0": start.strftime("%Y-%m-%d"),
        "start_1": start.strftime("%H:%M:%S"),
        "end_0": end.strftime("%Y-%m-%d"),
        "end_1": end.strftime("%H:%M:%S"),
        "rrule": activity.rrule,
        "exdates": "[]",
        "is_free": "on",
        "signup": activity.signup,
        "status": activity.status,
        "co_organiser_links-TOTAL_FORMS": "0",
        "co_organiser_links-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_changing_the_rule_in_the_admin_rebuilds_occurrences(admin_client):
    activity = ActivityFactory()
    assert activity.occurrences.count() == 1
    url = f"/en/admin/activities/activity/{activity.pk}/change/"
    response = admin_client.post(url, change_form_data(activity, rrule="FREQ=WEEKLY;COUNT=4"))
    assert response.status_code == 302, response.content.decode()[:3000]
    activity.refresh_from_db()
    assert activity.occurrences.count() == 4
    assert activity.sequence == 1


def test_an_endless_rule_is_refused_in_the_admin(admin_client):
    activity = ActivityFactory()
    url = f"/en/admin/activities/activity/{activity.pk}/change/"
    response = admin_client.post(url, change_form_data(activity, rrule="FREQ=WEEKLY"))
    assert response.status_code == 200
    assert "needs an end" in response.content.decode()
    activity.refresh_from_db()
    assert activity.rrule == ""
    assert activity.occurrences.count() == 1
