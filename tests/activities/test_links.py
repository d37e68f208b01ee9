"""Residents and organisers can reach the calendar, feed and embed of an organiser or venue:
an activity links to everything by its organiser and at its venue, and "My activities" links
each of the member's organisations to its calendar, its feed and the snippet builder."""

from samskap.activities.models import Activity
from tests.factories import ActivityFactory, LibraryFactory


def test_activity_links_to_its_organisers_and_venues_calendars(client, organisation):
    library = LibraryFactory(name="Skien bibliotek", slug="skien-bibliotek")
    activity = ActivityFactory(organiser=organisation, venue=library, venue_name="")
    html = client.get(f"/en/aktiviteter/{activity.pk}/").content.decode()
    assert f'href="/en/aktiviteter/?organiser={organisation.slug}"' in html
    assert 'href="/en/aktiviteter/?venue=skien-bibliotek"' in html
    assert "All activities at Skien bibliotek" in html


def test_organiser_calendar_lists_its_activities_only(client, organisation):
    mine = ActivityFactory(organiser=organisation, title="Strikkekafé")
    ActivityFactory(title="Sjakkveld")
    html = client.get("/en/aktiviteter/", {"organiser": organisation.slug}).content.decode()
    assert mine.title in html
    assert "Sjakkveld" not in html


def test_my_activities_links_calendar_feed_and_embed_per_organisation(client, member, organisation):
    client.force_login(member)
    html = client.get("/en/aktiviteter/mine/").content.decode()
    slug = organisation.slug
    assert f'href="/en/aktiviteter/?organiser={slug}"' in html
    assert f'href="/en/aktiviteter/kalender.ics?organiser={slug}"' in html
    assert f'href="/en/aktiviteter/bygg-inn/?organiser={slug}"' in html
    assert Activity.objects.count() == 0
