"""Activity services called directly: create, update, publish, cancel, copy, hide, co-organisers
and sign-up, with their e-mails in the recipient's language."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from samskap.activities import recurrence, services
from samskap.activities.models import Activity, CoOrganiser, Occurrence, SignUp
from samskap.activities.services import ActivityData
from samskap.directory.models import TargetGroup
from samskap.places.models import Municipality
from tests.activities.test_forms import png_upload, saturday
from tests.factories import (
    ActivityFactory,
    CoOrganiserFactory,
    LibraryFactory,
    MembershipFactory,
    OrganisationFactory,
    SignUpFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=recurrence.OSLO)


def data(**overrides) -> ActivityData:
    day = saturday()
    values = {
        "title": "Strikkekafé",
        "description": "Vi strikker sammen.",
        "municipality": Municipality.objects.get(pk="4003"),
        "venue_name": "Skien bibliotek",
        "street_address": "Henrik Ibsens gate 4",
        "start": at(day, 18),
        "end": at(day, 20),
        "target_groups": list(TargetGroup.objects.filter(slug="seniors")),
    }
    values.update(overrides)
    return ActivityData(**values)


def weekly(times: int, **overrides) -> ActivityData:
    day = saturday()
    until = day + datetime.timedelta(weeks=times - 1)
    return data(rrule=recurrence.build_rrule("weekly", start=at(day, 18), until=until), **overrides)


def admin_of(organisation, *, language, email):
    return MembershipFactory(
        organisation=organisation,
        role="admin",
        user=UserFactory(email=email, language=language),
    ).user


def signed_up(activity, *, email, language="nb", occurrence=None):
    occurrence = occurrence or activity.occurrences.order_by("start").first()
    return SignUpFactory(occurrence=occurrence, email=email, language=language, name="Kari")


# --- create / update ---------------------------------------------------------------------


def test_create_a_draft_with_its_occurrences_and_search(member, organisation):
    activity = services.activity_create(by=member, organiser=organisation, data=weekly(3))
    assert activity.status == Activity.Status.DRAFT
    assert activity.created_by == member
    assert activity.occurrences.count() == 3
    starts = [recurrence.local(o.start) for o in activity.occurrences.order_by("start")]
    assert {s.hour for s in starts} == {18}
    assert list(activity.target_groups.values_list("slug", flat=True)) == ["seniors"]
    assert " strikkekaf" in activity.search_stems
    assert activity.sequence == 0


def test_create_and_publish(member, organisation):
    activity = services.activity_create(
        by=member, organiser=organisation, data=data(), publish=True
    )
    assert activity.status == Activity.Status.PUBLISHED
    assert Activity.objects.public().filter(pk=activity.pk).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end": at(saturday(), 17)}, "end"),
        ({"rrule": "FREQ=WEEKLY"}, "rrule"),
        ({"rrule": "FREQ=WEEKLY;UNTIL=20200101T000000Z"}, "rrule"),
        ({"rrule": "FREQ=DAILY;COUNT=501"}, "rrule"),
        ({"is_free": False, "price": None}, "price"),
        ({"signup": Activity.SignUp.LINK}, "signup_url"),
        ({"signup": Activity.SignUp.PLATFORM}, "capacity"),
        ({"venue_name": ""}, "venue_name"),
    ],
)
def test_create_refuses_bad_data_and_saves_nothing(member, organisation, overrides, field):
    with pytest.raises(ValidationError) as caught:
        services.activity_create(by=member, organiser=organisation, data=data(**overrides))
    assert field in caught.value.error_dict
    assert not Activity.objects.exists()
    assert not Occurrence.objects.exists()


def test_create_refuses_a_venue_in_another_county(member, organisation):
    library = LibraryFactory(home_municipality_id="3905")
    with pytest.raises(ValidationError) as caught:
        services.activity_create(by=member, organiser=organisation, data=data(venue=library))
    assert "venue" in caught.value.error_dict
    assert not Activity.objects.exists()


def test_create_with_an_image_then_a_failure_leaves_neither_row_nor_file(
    member, organisation, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    activity = services.activity_create(
        by=member,
        organiser=organisation,
        data=data(image=png_upload(), image_alt="Strikkepinner"),
    )
    assert activity.image.name.startswith("activities/")
    assert (tmp_path / activity.image.name).exists()

    def broken(activity):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "activity_refresh_derived", broken)
    with pytest.raises(RuntimeError):
        services.activity_create(
            by=member,
            organiser=organisation,
            data=data(image=png_upload("nytt.png"), image_alt="Strikkepinner", title="Ny"),
        )
    assert Activity.objects.count() == 1
    files = [p.name for p in tmp_path.rglob("*") if p.is_file()]
    assert files == [activity.image.name.rsplit("/", 1)[1]]


def test_price_is_dropped_for_a_free_activity(member, organisation):
    activity = services.activity_create(
        by=member, organiser=organisation, data=data(is_free=True, price=Decimal(50))
    )
    assert activity.price is None
    paid = services.activity_create(
        by=member, organiser=organisation, data=data(is_free=False, price=Decimal("75.50"))
    )
    assert paid.price == Decimal("75.50")


def test_update_raises_the_sequence_only_for_what_calendars_show(member, organisation):
    activity = services.activity_create(by=member, organiser=organisation, data=weekly(3))
    first_updated = activity.updated_at
    services.activity_update(activity=activity, by=member, data=weekly(3, step_free=True))
    activity.refresh_from_db()
    assert activity.sequence == 0
    assert activity.updated_at > first_updated
    services.activity_update(
        activity=activity, by=member, data=weekly(3, step_free=True, title="Strikkekveld")
    )
    activity.refresh_from_db()
    assert activity.sequence == 1
    assert "strikkekveld" in activity.search_text.lower()
    before = activity.updated_at
    services.activity_update(
        activity=activity, by=member, data=weekly(3, step_free=True, title="Strikkekveld")
    )
    activity.refresh_from_db()
    assert (activity.sequence, activity.updated_at) == (1, before)


def test_update_keeps_sign_ups_when_the_times_stay(member, organisation):
    activity = services.activity_create(
        by=member,
        organiser=organisation,
        data=weekly(3, signup=Activity.SignUp.PLATFORM, capacity=5),
        publish=True,
    )
    signup = signed_up(activity, email="kari@example.no")
    services.activity_update(
        activity=activity,
        by=member,
        data=weekly(2, signup=Activity.SignUp.PLATFORM, capacity=5, title="Ny tittel"),
    )
    assert activity.occurrences.count() == 2
    assert SignUp.objects.filter(pk=signup.pk).exists()
    services.activity_update(
        activity=activity,
        by=member,
        data=weekly(2, signup=Activity.SignUp.PLATFORM, capacity=5, end=at(saturday(), 21)),
    )
    ends = {recurrence.local(o.end).hour for o in activity.occurrences.all()}
    assert ends == {21}
    assert SignUp.objects.filter(pk=signup.pk).exists()


def test_update_refuses_to_remove_a_time_people_signed_up_for(member, organisation):
    activity = services.activity_create(
        by=member,
        organiser=organisation,
        data=weekly(3, signup=Activity.SignUp.PLATFORM, capacity=5),
        publish=True,
    )
    signup = signed_up(activity, email="kari@example.no")
    later = weekly(
        3,
        signup=Activity.SignUp.PLATFORM,
        capacity=5,
        start=at(saturday(), 19),
        end=at(saturday(), 21),
    )
    later = dataclasses.replace(
        later,
        rrule=recurrence.build_rrule(
            "weekly", start=later.start, until=saturday() + datetime.timedelta(weeks=2)
        ),
    )
    with pytest.raises(ValidationError) as refused:
        services.activity_update(activity=activity, by=member, data=later)
    assert refused.value.error_dict["start"][0].code == "signed_up_time_removed"
    activity.refresh_from_db()
    assert recurrence.local(activity.start).hour == 18
    assert SignUp.objects.filter(pk=signup.pk).exists()
    assert {recurrence.local(o.start).hour for o in activity.occurrences.all()} == {18}


def test_update_can_move_the_activity_to_another_organisation(member, organisation):
    activity = services.activity_create(by=member, organiser=organisation, data=data())
    other = OrganisationFactory()
    services.activity_update(activity=activity, by=member, data=data(), organiser=other)
    activity.refresh_from_db()
    assert activity.organiser == other
    assert activity.sequence == 1


# --- publish / cancel / copy ---------------------------------------------------------------


def test_publish_a_draft(member, organisation):
    activity = ActivityFactory(organiser=organisation, status=Activity.Status.DRAFT)
    services.activity_publish(activity=activity, by=member)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PUBLISHED
    assert activity.sequence == 1


def test_a_cancelled_activity_cannot_be_published(member, organisation):
    activity = ActivityFactory(organiser=organisation, status=Activity.Status.CANCELLED)
    with pytest.raises(ValidationError):
        services.activity_publish(activity=activity, by=member)


def test_cancel_tells_everyone_signed_up_in_their_language(
    member, organisation, django_capture_on_commit_callbacks, mailoutbox
):
    activity = ActivityFactory(
        organiser=organisation,
        signup="platform",
        capacity=10,
        start=at(saturday(), 18),
        end=at(saturday(), 20),
        rrule=recurrence.build_rrule(
            "weekly", start=at(saturday(), 18), until=saturday() + datetime.timedelta(weeks=1)
        ),
    )
    first, second = activity.occurrences.order_by("start")
    signed_up(activity, email="bokmal@example.no", language="nb", occurrence=first)
    signed_up(activity, email="bokmal@example.no", language="nb", occurrence=second)
    signed_up(activity, email="nynorsk@example.no", language="nn", occurrence=second)
    past = Occurrence.objects.create(
        activity=activity,
        start=timezone.now() - datetime.timedelta(days=3),
        end=timezone.now() - datetime.timedelta(days=3, hours=-2),
    )
    signed_up(activity, email="past@example.no", occurrence=past)

    with django_capture_on_commit_callbacks(execute=True):
        services.activity_cancel(activity=activity, by=member, reason="  Sykdom   i staben ")
    activity.refresh_from_db()
    assert activity.status == Activity.Status.CANCELLED
    assert activity.cancel_reason == "Sykdom i staben"
    assert activity.sequence == 1

    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert sorted(by_recipient) == ["bokmal@example.no", "nynorsk@example.no"]
    bokmal, nynorsk = by_recipient["bokmal@example.no"], by_recipient["nynorsk@example.no"]
    assert activity.title in bokmal.subject
    assert bokmal.body.count("lørdag") == 2  # both their times, in Bokmål
    assert "laurdag" in nynorsk.body
    assert "lørdag" not in nynorsk.body
    assert "Sykdom i staben" in nynorsk.body
    assert f"/nn/aktiviteter/{activity.pk}/" in nynorsk.body
    assert f"8000/aktiviteter/{activity.pk}/" in bokmal.body
    with translation.override("nn"):
        expected = translation.gettext("Cancelled: %(title)s") % {"title": activity.title}
    assert nynorsk.subject == f"[Samskap] {expected}"


def test_only_a_published_activity_can_be_cancelled(member, organisation):
    draft = ActivityFactory(organiser=organisation, status=Activity.Status.DRAFT)
    with pytest.raises(ValidationError):
        services.activity_cancel(activity=draft, by=member, reason="Nei")


def test_copy_is_a_new_draft_with_the_same_content(member, organisation):
    original = ActivityFactory(
        organiser=organisation,
        rrule="FREQ=WEEKLY;COUNT=3",
        exdates=[],
        target_groups=["seniors"],
        themes=["reading"],
        languages=["nb"],
        step_free=True,
    )
    confirmed = CoOrganiserFactory(activity=original, status="confirmed")
    pending = CoOrganiserFactory(activity=original, status="pending")
    CoOrganiserFactory(activity=original, status="declined")
    copy = services.activity_copy(activity=original, by=member)
    assert copy.pk != original.pk
    assert copy.uid != original.uid
    assert copy.title == original.title  # no "(copy)"
    assert copy.status == Activity.Status.DRAFT
    assert copy.created_by == member
    assert copy.step_free
    assert copy.rrule == original.rrule
    assert copy.occurrences.count() == 3
    assert list(copy.target_groups.values_list("slug", flat=True)) == ["seniors"]
    assert list(copy.languages.values_list("slug", flat=True)) == ["nb"]
    links = dict(copy.co_organiser_links.values_list("organisation_id", "status"))
    assert links == {
        confirmed.organisation_id: "confirmed",
        pending.organisation_id: "pending",
    }


# --- moderation ---------------------------------------------------------------------------


def test_hide_and_unhide_tell_the_organisers_admins_in_their_language(
    coordinator, organisation, django_capture_on_commit_callbacks, mailoutbox
):
    admin_of(organisation, language="nb", email="admin.nb@example.no")
    admin_of(organisation, language="nn", email="admin.nn@example.no")
    MembershipFactory(organisation=organisation, user__email="plain@example.no")
    activity = ActivityFactory(organiser=organisation)
    with pytest.raises(ValidationError):
        services.activity_hide(activity=activity, by=coordinator, reason="   ")
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_hide(activity=activity, by=coordinator, reason="Reklame for et firma")
    activity.refresh_from_db()
    assert activity.is_hidden
    assert activity.hidden_by == coordinator
    assert activity.hidden_reason == "Reklame for et firma"
    assert not Activity.objects.public().filter(pk=activity.pk).exists()
    assert sorted(m.to[0] for m in mailoutbox) == ["admin.nb@example.no", "admin.nn@example.no"]
    nynorsk = next(m for m in mailoutbox if m.to == ["admin.nn@example.no"])
    assert "Reklame for et firma" in nynorsk.body
    assert f"/nn/aktiviteter/{activity.pk}/" in nynorsk.body
    with translation.override("nn"):
        expected = translation.gettext("Hidden by a moderator: %(title)s") % {
            "title": activity.title
        }
    assert nynorsk.subject == f"[Samskap] {expected}"

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_unhide(activity=activity, by=coordinator)
    activity.refresh_from_db()
    assert not activity.is_hidden
    assert activity.hidden_reason == ""
    assert len(mailoutbox) == 2


# --- co-organisers ------------------------------------------------------------------------


def test_co_organisers_set_invites_new_ones_and_removes_the_others(
    member, organisation, django_capture_on_commit_callbacks, mailoutbox
):
    activity = ActivityFactory(
        organiser=organisation, start=at(saturday(), 18), end=at(saturday(), 20)
    )
    kept = CoOrganiserFactory(activity=activity, status="confirmed")
    removed = CoOrganiserFactory(activity=activity)
    new = OrganisationFactory(name="Skien frivilligsentral")
    admin_of(new, language="nn", email="frivillig.nn@example.no")
    admin_of(new, language="nb", email="frivillig.nb@example.no")
    with django_capture_on_commit_callbacks(execute=True):
        services.co_organisers_set(
            activity=activity, organisations=[kept.organisation, new], by=member
        )
    links = dict(activity.co_organiser_links.values_list("organisation_id", "status"))
    assert links == {kept.organisation_id: "confirmed", new.pk: "pending"}
    assert not CoOrganiser.objects.filter(pk=removed.pk).exists()
    invitation = CoOrganiser.objects.get(organisation=new)
    assert invitation.invited_by == member
    assert sorted(m.to[0] for m in mailoutbox) == [
        "frivillig.nb@example.no",
        "frivillig.nn@example.no",
    ]
    nynorsk = next(m for m in mailoutbox if m.to == ["frivillig.nn@example.no"])
    assert f"/nn/aktiviteter/medarrangor/{invitation.pk}/" in nynorsk.body
    assert "laurdag" in nynorsk.body
    assert organisation.name in nynorsk.subject


def test_the_organiser_cannot_be_its_own_co_organiser(member, organisation):
    activity = ActivityFactory(organiser=organisation)
    with pytest.raises(ValidationError) as caught:
        services.co_organisers_set(activity=activity, organisations=[organisation], by=member)
    assert "co_organisers" in caught.value.error_dict


def test_co_organiser_decide(org_admin, organisation):
    link = CoOrganiserFactory(organisation=organisation)
    services.co_organiser_decide(link=link, by=org_admin, accept=True)
    link.refresh_from_db()
    assert link.status == CoOrganiser.Status.CONFIRMED
    assert link.decided_by == org_admin
    assert link.decided_at is not None
    with pytest.raises(ValidationError):
        services.co_organiser_decide(link=link, by=org_admin, accept=False)
    declined = CoOrganiserFactory(organisation=organisation)
    services.co_organiser_decide(link=declined, by=org_admin, accept=False)
    declined.refresh_from_db()
    assert declined.status == CoOrganiser.Status.DECLINED


# --- sign-up -------------------------------------------------------------------------------


@pytest.fixture
def platform_activity(organisation):
    day = saturday()
    return ActivityFactory(
        organiser=organisation,
        signup="platform",
        capacity=2,
        start=at(day, 18),
        end=at(day, 20),
    )


def test_signup_is_confirmed_by_e_mail_in_the_persons_language(
    platform_activity, user, django_capture_on_commit_callbacks, mailoutbox
):
    occurrence = platform_activity.occurrences.get()
    with django_capture_on_commit_callbacks(execute=True):
        signup = services.signup_create(
            occurrence=occurrence,
            name="  Ola   Nordmann ",
            email="ola@example.no",
            user=user,
            language="nn",
        )
    assert (signup.name, signup.user, signup.language) == ("Ola Nordmann", user, "nn")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["ola@example.no"]
    assert "laurdag" in mail.body
    assert "Ola Nordmann" in mail.body
    assert f"/nn/aktiviteter/{platform_activity.pk}/" in mail.body
    with translation.override("nn"):
        expected = translation.gettext("You are signed up: %(title)s") % {
            "title": platform_activity.title
        }
    assert mail.subject == f"[Samskap] {expected}"


def test_signup_beyond_capacity_is_refused(platform_activity):
    occurrence = platform_activity.occurrences.get()
    for n in range(2):
        services.signup_create(
            occurrence=occurrence, name="N", email=f"p{n}@example.no", user=None, language="nb"
        )
    with pytest.raises(ValidationError) as caught:
        services.signup_create(
            occurrence=occurrence, name="N", email="late@example.no", user=None, language="nb"
        )
    assert caught.value.code == "full"
    assert SignUp.objects.count() == 2


def test_the_same_address_twice_is_a_clear_error(platform_activity):
    occurrence = platform_activity.occurrences.get()
    services.signup_create(
        occurrence=occurrence, name="Ola", email="ola@example.no", user=None, language="nb"
    )
    with pytest.raises(ValidationError) as caught:
        services.signup_create(
            occurrence=occurrence, name="Ola", email="OLA@example.no ", user=None, language="nb"
        )
    assert "email" in caught.value.error_dict
    assert SignUp.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"status": Activity.Status.DRAFT},
        {"status": Activity.Status.CANCELLED},
        {"signup": Activity.SignUp.LINK, "signup_url": "https://example.no"},
        {"hidden_at": timezone.now()},
    ],
)
def test_signup_is_closed_unless_published_visible_and_on_the_platform(platform_activity, change):
    Activity.objects.filter(pk=platform_activity.pk).update(**change)
    with pytest.raises(ValidationError) as caught:
        services.signup_create(
            occurrence=platform_activity.occurrences.get(),
            name="Ola",
            email="ola@example.no",
            user=None,
            language="nb",
        )
    assert caught.value.code == "closed"


def test_signup_for_a_time_that_has_begun_is_closed(platform_activity):
    occurrence = platform_activity.occurrences.get()
    Occurrence.objects.filter(pk=occurrence.pk).update(
        start=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError):
        services.signup_create(
            occurrence=occurrence, name="Ola", email="ola@example.no", user=None, language="nb"
        )
