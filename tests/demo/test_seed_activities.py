"""The activities `seed_demo` adds, and the activities and occurrences `seed_scale` adds."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samskap.activities import recurrence
from samskap.activities.models import Activity, CoOrganiser, Occurrence, SignUp
from samskap.activities.recurrence import OSLO
from samskap.activities.selectors import CalendarFilters, activity_list, occurrence_list
from samskap.activities.services import search_values
from samskap.demo.activities import (
    demo_activities,
    school_holiday,
    seed_activities,
    week_of,
)
from samskap.demo.rows import Summary
from samskap.demo.scale import FEED_MUNICIPALITY, SCALE_PREFIX
from samskap.directory.models import Kind, Membership, Organisation

pytestmark = pytest.mark.django_db


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def seed_scale(**options: object) -> str:
    out = StringIO()
    call_command("seed_scale", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def demo():
    return seed_demo()


def activity_counts() -> dict[str, int]:
    return {
        "activities": Activity.objects.count(),
        "occurrences": Occurrence.objects.count(),
        "co-organisers": CoOrganiser.objects.count(),
        "sign-ups": SignUp.objects.count(),
        "themes": Activity.themes.through.objects.count(),
        "languages": Activity.languages.through.objects.count(),
    }


# --- seed_demo ---------------------------------------------------------------------------


def test_a_few_hundred_activities_in_both_counties(demo):
    total = Activity.objects.count()
    assert 250 <= total <= 350
    assert f"Activities: {total} created, 0 updated, 0 unchanged" in demo
    by_county = {
        county: Activity.objects.filter(municipality__county_id=county).count()
        for county in ("39", "40")
    }
    assert by_county["39"] >= 50
    assert by_county["40"] >= 100
    assert Activity.objects.values("municipality").distinct().count() == 23


def test_activities_are_organised_by_demo_organisations_at_their_libraries(demo):
    kinds = set(Activity.objects.values_list("organiser__kind", flat=True))
    assert {Kind.LIBRARY, Kind.VOLUNTARY, Kind.VOLUNTEER_CENTRE} <= kinds
    assert not Activity.objects.filter(organiser__source=Organisation.Source.REGISTER).exists()
    assert not Activity.objects.filter(organiser__public=False).exists()
    at_library = Activity.objects.exclude(venue=None)
    assert at_library.count() >= 150
    for activity in at_library.select_related("venue"):
        assert activity.venue.kind in (Kind.LIBRARY, Kind.LIBRARY_BRANCH), activity
        assert activity.venue.home_municipality_id == activity.municipality_id, activity
    elsewhere = Activity.objects.filter(venue=None)
    assert not elsewhere.filter(venue_name="").exists()


def test_recurring_and_one_off_with_exceptions_and_in_the_future(demo):
    public = Activity.objects.public()
    series = public.exclude(rrule="")
    one_off = public.filter(rrule="")
    assert series.count() >= 100
    assert one_off.count() >= 50
    patterns = {recurrence.pattern_of(a.rrule) for a in series}
    assert patterns == {"weekly", "biweekly", "monthly_weekday"}
    assert all("UNTIL=" in a.rrule for a in series)
    with_exceptions = series.exclude(exdates=[])
    assert with_exceptions.count() >= 20
    for activity in with_exceptions:
        starts = {o.start.astimezone(OSLO).date().isoformat() for o in activity.occurrences.all()}
        assert not starts & set(activity.exdates), activity
    now = timezone.now()
    # Every one-off lies ahead, every series still has dates ahead, and the calendar reaches
    # some months into the future.
    assert not one_off.filter(start__lte=now).exists()
    assert not public.exclude(occurrences__start__gt=now).exists()
    last = Occurrence.objects.order_by("-start").first().start
    assert last - now > datetime.timedelta(days=90)
    this_week = Occurrence.objects.filter(
        start__gte=now, start__lt=now + datetime.timedelta(days=7)
    )
    assert this_week.count() >= 50


def test_occurrences_and_search_columns_are_derived(demo):
    for activity in Activity.objects.select_related("organiser", "venue", "municipality"):
        assert activity.occurrences.count() == len(
            recurrence.expand(
                activity.rrule,
                start=activity.start,
                end=activity.end,
                exdates=[datetime.date.fromisoformat(d) for d in activity.exdates],
            )
        ), activity
        assert activity.search_text == search_values(activity)["search_text"]
    assert Activity.objects.filter(title="Strikkekafé").exists()
    found = occurrence_list(CalendarFilters(q="strikking", county="40"))
    assert "Strikkekafé" in {o.activity.title for o in found}


def test_statuses_sign_up_price_and_accessibility_are_mixed(demo):
    assert 3 <= Activity.objects.filter(status=Activity.Status.CANCELLED).count() <= 10
    assert not Activity.objects.filter(status=Activity.Status.CANCELLED, cancel_reason="").exists()
    assert 3 <= Activity.objects.filter(status=Activity.Status.DRAFT).count() <= 10
    [hidden] = Activity.objects.exclude(hidden_at=None)
    assert hidden.hidden_reason
    assert hidden.hidden_by.email == "koordinator.vestfold@demo.samskap.no"
    platform = Activity.objects.filter(signup=Activity.SignUp.PLATFORM)
    assert platform.count() >= 10
    assert not platform.filter(capacity=None).exists()
    assert Activity.objects.filter(signup=Activity.SignUp.LINK).exclude(signup_url="").count() >= 5
    assert Activity.objects.filter(is_free=False, price__gt=0).count() >= 10
    assert Activity.objects.filter(is_free=True).count() >= 200
    assert Activity.objects.filter(hearing_loop=True).count() >= 20
    assert Activity.objects.filter(sign_language=True).exists()
    assert Activity.objects.filter(languages__slug="uk").exists()
    assert Activity.objects.filter(target_groups=None).count() == 0
    assert Activity.objects.filter(themes=None).count() == 0
    # People signed up on the platform, never more than there are places; one is full.
    assert SignUp.objects.count() >= 30
    full = 0
    for activity in platform.filter(status=Activity.Status.PUBLISHED):
        counts = [o.signups.count() for o in activity.occurrences.all()]
        assert max(counts) <= activity.capacity
        full += max(counts) == activity.capacity
    assert full >= 1


def test_nynorsk_and_bokmal_titles(demo):
    titles = set(Activity.objects.values_list("title", flat=True))
    assert {"Strikkekafé", "Leksehjelp", "Lesesirkel", "Gaming-kveld", "Turgruppe"} <= titles
    assert "Språkkafé for ukrainske flyktningar" in titles
    assert "Eventyrstund for dei minste" in titles
    assert "Eventyrstund for de minste" in titles
    vinje = Activity.objects.filter(municipality_id="4036", title="Eventyrstund for dei minste")
    assert vinje.exists()


def test_co_organisers_confirmed_and_pending(demo):
    confirmed = CoOrganiser.objects.filter(status=CoOrganiser.Status.CONFIRMED)
    assert confirmed.count() >= 2
    pending = CoOrganiser.objects.get(
        status=CoOrganiser.Status.PENDING, organisation__slug="skien-rode-kors"
    )
    assert pending.activity.organiser.slug == "skien-bibliotek"
    # The organiser filter finds an activity through a confirmed co-organiser.
    found = activity_list(CalendarFilters(organiser="skien-bibliotek"))
    assert "Slektsforskning for nybegynnere" in {a.title for a in found}


def test_the_demo_members_organisation_has_activities(demo):
    membership = Membership.objects.get(user__email="member@demo.samskap.no")
    own = Activity.objects.filter(organiser=membership.organisation)
    assert own.filter(status=Activity.Status.PUBLISHED).exclude(rrule="").exists()
    assert own.filter(status=Activity.Status.DRAFT).exists()
    assert own.filter(signup=Activity.SignUp.PLATFORM).exists()
    assert own.filter(created_by=membership.user).exists()
    reviewer = Membership.objects.get(user__email="reviewer@demo.samskap.no")
    assert Activity.objects.filter(organiser=reviewer.organisation).count() >= 2


def test_running_seed_demo_twice_writes_nothing(demo):
    before = activity_counts()
    changed = dict(Activity.objects.values_list("uid", "updated_at"))
    with CaptureQueriesContext(connection) as queries:
        output = seed_demo()
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert activity_counts() == before
    assert dict(Activity.objects.values_list("uid", "updated_at")) == changed
    assert f"Activities: 0 created, 0 updated, {before['activities']} unchanged" in output


def test_a_later_week_moves_the_dates_without_duplicating(demo):
    from samskap.demo.seeding import seed_organisations, seed_users

    before = activity_counts()
    first = Activity.objects.get(organiser__slug="skien-rode-kors", title="Leksehjelp")
    summary = Summary()
    organisations = seed_organisations(summary)
    users = seed_users(summary, organisations)
    later = week_of(timezone.localdate(timezone=OSLO)) + datetime.timedelta(weeks=3)
    seed_activities(summary, organisations, users, week=later)
    moved = Activity.objects.get(pk=first.pk)
    assert moved.start - first.start == datetime.timedelta(weeks=3)
    assert moved.uid == first.uid
    assert moved.sequence == first.sequence + 1
    after = activity_counts()
    assert after["activities"] == before["activities"]
    assert after["co-organisers"] == before["co-organisers"]


def test_seed_demo_puts_back_a_changed_activity(demo):
    activity = Activity.objects.filter(rrule__startswith="FREQ=WEEKLY").first()
    count = activity.occurrences.count()
    Activity.objects.filter(pk=activity.pk).update(title="Endret", status="draft")
    activity.occurrences.order_by("start").last().delete()
    output = seed_demo()
    assert "Activities: 0 created, 1 updated" in output
    activity.refresh_from_db()
    assert activity.title != "Endret"
    assert activity.status == Activity.Status.PUBLISHED
    assert activity.occurrences.count() == count


def test_demo_specs_are_deterministic_and_relative_to_the_week():
    week = datetime.date(2031, 3, 3)
    first, again = demo_activities(week), demo_activities(week)
    assert first == again
    later = demo_activities(week + datetime.timedelta(weeks=1))
    assert [s.key for s in later] == [s.key for s in first]
    assert all(
        b.start - a.start == datetime.timedelta(weeks=1) for a, b in zip(first, later, strict=True)
    )
    assert len({s.key for s in first}) == len(first)
    assert all(s.start.date() >= week - datetime.timedelta(weeks=3) for s in first)


@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        (datetime.date(2027, 2, 24), True),  # winter break, week 8
        (datetime.date(2027, 3, 24), True),  # Easter week (Easter Sunday 28 March 2027)
        (datetime.date(2027, 3, 17), False),
        (datetime.date(2026, 10, 1), True),  # autumn break, week 40
        (datetime.date(2026, 12, 28), True),
        (datetime.date(2027, 7, 7), True),
        (datetime.date(2027, 8, 25), False),
    ],
)
def test_school_holidays(day, holiday):
    assert school_holiday(day) is holiday


# --- seed_scale --------------------------------------------------------------------------


def test_seed_scale_adds_exactly_the_requested_occurrences_nationally():
    output = seed_scale(organisations=400, occurrences=3000, feed_activities=60, seed=2)
    scale = Activity.objects.filter(organiser__slug__startswith=SCALE_PREFIX)
    assert Occurrence.objects.filter(activity__in=scale).count() == 3000
    assert "3000 occurrences" in output
    assert scale.exclude(rrule="").exists()
    assert scale.filter(rrule="").exists()
    assert scale.values("municipality__county").distinct().count() == 15
    assert scale.values("municipality").distinct().count() >= 100
    # Search columns are filled and work; the occurrences match each activity's recurrence.
    assert not scale.filter(search_stems="").exists()
    for activity in scale.exclude(rrule="").select_related("organiser", "municipality")[:50]:
        expected = recurrence.expand(
            activity.rrule,
            start=activity.start,
            end=activity.end,
            exdates=[datetime.date.fromisoformat(d) for d in activity.exdates],
        )
        stored = list(activity.occurrences.order_by("start").values_list("start", flat=True))
        assert stored == [o.start for o in expected]
        assert activity.search_text == search_values(activity)["search_text"]
    assert scale.filter(themes__isnull=False).distinct().count() == scale.count()
    # The feed municipality has its set, all in the feed's window (a few more activities come
    # there from the rest of the country's share).
    feed = activity_list(CalendarFilters(municipality=FEED_MUNICIPALITY))
    assert 60 <= feed.filter(organiser__slug__startswith=SCALE_PREFIX).count() <= 75
    assert occurrence_list(CalendarFilters(q="strikking")).exists()


def test_rerunning_seed_scale_replaces_activities_and_keeps_others():
    from tests.factories import ActivityFactory

    own = ActivityFactory(title="Eget arrangement")
    seed_scale(organisations=300, occurrences=1000, feed_activities=20, seed=3)
    first = list(
        Activity.objects.filter(organiser__slug__startswith=SCALE_PREFIX)
        .order_by("uid")
        .values_list("uid", "title", "start", "rrule")
    )
    occurrence = Occurrence.objects.filter(activity__organiser__slug__startswith=SCALE_PREFIX)[0]
    SignUp.objects.create(occurrence=occurrence, name="Kari", email="kari@example.no")
    # A real activity held at a synthetic venue loses the venue, not itself.
    venue = Organisation.objects.filter(slug__startswith=SCALE_PREFIX).first()
    Activity.objects.filter(pk=own.pk).update(venue=venue)
    seed_scale(organisations=300, occurrences=1000, feed_activities=20, seed=3)
    again = list(
        Activity.objects.filter(organiser__slug__startswith=SCALE_PREFIX)
        .order_by("uid")
        .values_list("uid", "title", "start", "rrule")
    )
    assert again == first
    assert Occurrence.objects.exclude(activity=own).count() == 1000
    own.refresh_from_db()
    assert own.venue is None
    assert own.occurrences.count() == 1
    assert not SignUp.objects.exists()
    seed_scale(organisations=0)
    assert list(Activity.objects.all()) == [own]
