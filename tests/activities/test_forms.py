"""The activity form: every kind of bad input gets its own message on the right field.

Helpers here (`saturday`, `form_data`, `png_upload`, …) are shared by the other test modules of
the organiser pages."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import Image

from samskap.activities import recurrence
from samskap.activities.forms import ActivityForm, parse_dates
from samskap.activities.models import MAX_IMAGE_BYTES, Activity
from tests.factories import ActivityFactory, LibraryFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The form's messages are compared in English, whatever language an earlier test in
    this worker left active."""
    with translation.override("en"):
        yield


def saturday(weeks: int = 1) -> datetime.date:
    """A Saturday at least `weeks` weeks from today (Saturday: "lørdag" in nb, "laurdag" in nn)."""
    day = timezone.localdate(timezone=recurrence.OSLO) + datetime.timedelta(days=7 * weeks)
    return day + datetime.timedelta(days=(5 - day.weekday()) % 7)


def form_data(organisation, **overrides):
    """A valid POST of the activity form: a free one-off activity next Saturday 18–20 in Skien."""
    data = {
        "organiser": organisation.pk,
        "title": "Strikkekafé",
        "description": "Vi strikker sammen.",
        "date": saturday().isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
        "end_date": "",
        "pattern": "",
        "repeat_until": "",
        "exdates_text": "",
        "venue": "",
        "venue_name": "Skien bibliotek",
        "street_address": "Henrik Ibsens gate 4",
        "postal_code": "3724",
        "postal_place": "Skien",
        "municipality": "4003",
        "is_free": "on",
        "price": "",
        "price_details": "",
        "signup": "none",
        "signup_url": "",
        "capacity": "",
        "image_alt": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name="bilde.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def text_as_png() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "bilde.png", b"This is not an image at all.", content_type="image/png"
    )


def huge_upload() -> SimpleUploadedFile:
    """11 MB: a real PNG header followed by padding."""
    content = png_bytes() + b"\0" * (11 * 1024 * 1024)
    return SimpleUploadedFile("stort.png", content, content_type="image/png")


def make_form(user, data, files=None, instance=None):
    if data is None:
        return ActivityForm(user=user, instance=instance or Activity())
    return ActivityForm(data, files or {}, user=user, instance=instance or Activity())


def errors_of(form, field):
    with translation.override("en"):
        return [str(e) for e in form.errors.get(field, [])]


def test_a_valid_one_off_activity(member, organisation):
    form = make_form(member, form_data(organisation))
    assert form.is_valid(), form.errors
    data = form.to_data()
    assert data.start == datetime.datetime.combine(
        saturday(), datetime.time(18), tzinfo=recurrence.OSLO
    )
    assert data.end - data.start == datetime.timedelta(hours=2)
    assert data.rrule == ""
    assert data.exdates == []
    assert data.municipality.pk == "4003"


def test_weekly_with_dates_left_out_in_both_formats(member, organisation):
    first = saturday()
    left_out = [first + datetime.timedelta(days=7), first + datetime.timedelta(days=14)]
    form = make_form(
        member,
        form_data(
            organisation,
            pattern="weekly",
            repeat_until=(first + datetime.timedelta(days=35)).isoformat(),
            exdates_text=f"{left_out[0]:%d.%m.%Y}\n{left_out[1].isoformat()}",
        ),
    )
    assert form.is_valid(), form.errors
    data = form.to_data()
    assert data.rrule.startswith("FREQ=WEEKLY;UNTIL=")
    assert data.exdates == left_out
    occurrences = recurrence.validate(
        data.rrule, start=data.start, end=data.end, exdates=data.exdates
    )
    assert len(occurrences) == 4


def test_an_end_date_lets_an_activity_run_past_midnight(member, organisation):
    next_day = saturday() + datetime.timedelta(days=1)
    form = make_form(
        member, form_data(organisation, end_time="01:00", end_date=next_day.isoformat())
    )
    assert form.is_valid(), form.errors
    assert form.to_data().end - form.to_data().start == datetime.timedelta(hours=7)


def test_parse_dates():
    days, bad = parse_dates("24.12.2026\n2026-12-31, 1.1.2027 julaften 31.02.2026")
    assert days == [
        datetime.date(2026, 12, 24),
        datetime.date(2026, 12, 31),
        datetime.date(2027, 1, 1),
    ]
    assert bad == ["julaften", "31.02.2026"]


# --- bad input: each its own message on its own field ---------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"end_time": "17:00"}, "end_time", "must end after it starts"),
        ({"end_time": "18:00"}, "end_time", "must end after it starts"),
        ({"pattern": "weekly"}, "repeat_until", "needs an end"),
        ({"pattern": "weekly", "repeat_until": "2020-01-01"}, "repeat_until", "gives no dates"),
        ({"pattern": "biweekly", "repeat_until": "2099-12-31"}, "repeat_until", "more than 500"),
        ({"exdates_text": "julaften"}, "exdates_text", "These are not dates: julaften"),
        ({"municipality": "", "venue": ""}, "municipality", "Choose the municipality"),
        ({"venue_name": ""}, "venue_name", "Choose a library or enter the name"),
        ({"is_free": "", "price": ""}, "price", "Enter the price"),
        ({"signup": "link"}, "signup_url", "address of the sign-up page"),
        ({"signup": "platform"}, "capacity", "how many places"),
        ({"signup": "platform", "capacity": "0"}, "capacity", "greater than or equal to 1"),
        ({"postal_code": "37"}, "postal_code", "four digits"),
        ({"title": "   "}, "title", "required"),
        ({"date": "31.02.2026"}, "date", "valid date"),
    ],
)
def test_bad_input_gets_a_message_on_its_field(member, organisation, overrides, field, message):
    form = make_form(member, form_data(organisation, **overrides))
    assert not form.is_valid()
    assert any(message in error for error in errors_of(form, field)), form.errors


def test_all_dates_left_out_is_an_error_on_the_dates(member, organisation):
    first = saturday()
    form = make_form(
        member,
        form_data(
            organisation,
            pattern="weekly",
            repeat_until=(first + datetime.timedelta(days=7)).isoformat(),
            exdates_text=f"{first:%d.%m.%Y}\n{first + datetime.timedelta(days=7):%d.%m.%Y}",
        ),
    )
    assert not form.is_valid()
    assert any("gives no dates" in e for e in errors_of(form, "exdates_text")), form.errors


def test_exactly_500_times_is_allowed_but_501_is_not(member, organisation):
    first = saturday()
    fine = make_form(
        member,
        form_data(
            organisation,
            pattern="weekly",
            repeat_until=(first + datetime.timedelta(weeks=499)).isoformat(),
        ),
    )
    assert fine.is_valid(), fine.errors
    too_many = make_form(
        member,
        form_data(
            organisation,
            pattern="weekly",
            repeat_until=(first + datetime.timedelta(weeks=500)).isoformat(),
        ),
    )
    assert not too_many.is_valid()
    assert any("more than 500" in e for e in errors_of(too_many, "repeat_until"))


def test_a_venue_in_another_county(member, organisation):
    tonsberg_library = LibraryFactory(name="Tønsberg bibliotek", home_municipality_id="3905")
    # The user has an organisation in Vestfold too, so the Vestfold library is offered.
    OrganisationFactory(home_municipality_id="3905").memberships.create(
        user=member, role="member", status="active"
    )
    form = make_form(member, form_data(organisation, venue=tonsberg_library.pk))
    assert not form.is_valid()
    assert any("another county" in e for e in errors_of(form, "venue")), form.errors


def test_the_venue_gives_the_municipality_when_none_is_chosen(member, organisation):
    library = LibraryFactory(name="Porsgrunn bibliotek", home_municipality_id="4001")
    form = make_form(
        member, form_data(organisation, venue=library.pk, venue_name="", municipality="")
    )
    assert form.is_valid(), form.errors
    assert form.to_data().municipality.pk == "4001"
    assert form.to_data().venue == library


def test_libraries_offered_are_those_in_the_users_counties(member, organisation):
    telemark = LibraryFactory(home_municipality_id="4005")
    vestfold = LibraryFactory(home_municipality_id="3905")
    form = make_form(member, None)
    offered = set(form.fields["venue"].queryset)
    assert telemark in offered
    assert vestfold not in offered


def test_an_image_that_is_not_an_image(member, organisation):
    form = make_form(
        member, form_data(organisation, image_alt="Strikkepinner"), {"image": text_as_png()}
    )
    assert not form.is_valid()
    assert any("valid image" in e for e in errors_of(form, "image")), form.errors


def test_an_image_over_10_mb(member, organisation):
    upload = huge_upload()
    assert upload.size > MAX_IMAGE_BYTES
    form = make_form(member, form_data(organisation, image_alt="Strikkepinner"), {"image": upload})
    assert not form.is_valid()
    errors = errors_of(form, "image")
    assert any("at most 10" in e and "MB" in e for e in errors), errors


def test_an_image_needs_a_description(member, organisation):
    form = make_form(member, form_data(organisation), {"image": png_upload()})
    assert not form.is_valid()
    assert any("Describe what the image shows" in e for e in errors_of(form, "image_alt"))
    good = make_form(
        member, form_data(organisation, image_alt="Strikkepinner"), {"image": png_upload()}
    )
    assert good.is_valid(), good.errors


def test_other_errors_ask_for_the_image_again(member, organisation):
    form = make_form(
        member,
        form_data(organisation, end_time="17:00", image_alt="Strikkepinner"),
        {"image": png_upload()},
    )
    assert not form.is_valid()
    assert any("Choose the image again" in e for e in errors_of(form, "image"))


def test_the_organiser_must_be_one_of_the_users_organisations(member, organisation):
    other = OrganisationFactory()
    form = make_form(member, form_data(organisation, organiser=other.pk))
    assert not form.is_valid()
    assert "organiser" in form.errors


def test_a_custom_rule_is_kept_unless_a_pattern_is_chosen(member, organisation):
    activity = ActivityFactory(organiser=organisation, rrule="FREQ=DAILY;COUNT=3")
    instance = Activity.objects.get(pk=activity.pk)
    form = make_form(member, None, instance=instance)
    with translation.override("en"):
        assert form["pattern"].value() == "custom"
        assert "It is kept unless you choose another pattern" in str(
            form.fields["pattern"].help_text
        )
    start = recurrence.local(activity.start)
    posted = form_data(
        organisation, date=start.date().isoformat(), pattern="custom", title="Ny tittel"
    )
    kept = make_form(member, posted, instance=Activity.objects.get(pk=activity.pk))
    assert kept.is_valid(), kept.errors
    assert kept.to_data().rrule == "FREQ=DAILY;COUNT=3"
    changed = make_form(
        member,
        {
            **posted,
            "pattern": "weekly",
            "repeat_until": (start.date() + datetime.timedelta(days=14)).isoformat(),
        },
        instance=Activity.objects.get(pk=activity.pk),
    )
    assert changed.is_valid(), changed.errors
    assert changed.to_data().rrule.startswith("FREQ=WEEKLY;UNTIL=")


def test_custom_is_not_a_choice_for_a_simple_activity(member, organisation):
    form = make_form(member, form_data(organisation, pattern="custom"))
    assert not form.is_valid()
    assert "pattern" in form.errors


def test_the_edit_form_shows_the_stored_values_in_oslo_time(member, organisation):
    activity = ActivityFactory(organiser=organisation)
    until = recurrence.local(activity.start).date() + datetime.timedelta(days=28)
    activity.rrule = recurrence.build_rrule("biweekly", start=activity.start, until=until)
    activity.exdates = [
        (recurrence.local(activity.start).date() + datetime.timedelta(days=14)).isoformat()
    ]
    activity.save()
    form = make_form(member, None, instance=Activity.objects.get(pk=activity.pk))
    assert form["start_time"].value() == datetime.time(18, 0)
    assert form["pattern"].value() == "biweekly"
    assert form["repeat_until"].value() == until
    assert form["exdates_text"].value() == (
        recurrence.local(activity.start).date() + datetime.timedelta(days=14)
    ).strftime("%d.%m.%Y")
    with translation.override("en"):
        form = make_form(member, None, instance=Activity.objects.get(pk=activity.pk))
        assert "of every month" in str(form.fields["pattern"].help_text)
