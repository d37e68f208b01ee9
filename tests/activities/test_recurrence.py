"""Recurrence in Europe/Oslo: daylight saving, the simple patterns and their round trips, and
what `validate` refuses."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from samskap.activities import recurrence
from samskap.activities.recurrence import (
    MAX_OCCURRENCES,
    OSLO,
    Pattern,
    build_rrule,
    expand,
    pattern_of,
    until_of,
    validate,
    week_of_month,
)

UTC = datetime.UTC


def at(day: str, hour: int = 18, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(hour, minute), tzinfo=OSLO
    )


def local_times(occurrences):
    return [o.start.astimezone(OSLO).strftime("%Y-%m-%d %H:%M") for o in occurrences]


def utc_times(occurrences):
    return [o.start.astimezone(UTC).strftime("%Y-%m-%d %H:%M") for o in occurrences]


# --- daylight saving ------------------------------------------------------------------------


def test_weekly_series_keeps_local_time_across_the_spring_change():
    # Summer time begins at 02:00 on Sunday 28 March 2027.
    occurrences = validate("FREQ=WEEKLY;COUNT=4", start=at("2027-03-14"), end=at("2027-03-14", 20))
    assert local_times(occurrences) == [
        "2027-03-14 18:00",
        "2027-03-21 18:00",
        "2027-03-28 18:00",
        "2027-04-04 18:00",
    ]
    assert utc_times(occurrences) == [
        "2027-03-14 17:00",
        "2027-03-21 17:00",
        "2027-03-28 16:00",
        "2027-04-04 16:00",
    ]
    assert {o.end - o.start for o in occurrences} == {datetime.timedelta(hours=2)}
    assert {o.end.astimezone(OSLO).hour for o in occurrences} == {20}


def test_weekly_series_keeps_local_time_across_the_autumn_change():
    # Summer time ends at 03:00 on Sunday 31 October 2027.
    occurrences = validate(
        build_rrule(Pattern.WEEKLY, start=at("2027-10-17"), until=datetime.date(2027, 11, 7)),
        start=at("2027-10-17"),
        end=at("2027-10-17", 19, 30),
    )
    assert local_times(occurrences) == [
        "2027-10-17 18:00",
        "2027-10-24 18:00",
        "2027-10-31 18:00",
        "2027-11-07 18:00",
    ]
    assert utc_times(occurrences) == [
        "2027-10-17 16:00",
        "2027-10-24 16:00",
        "2027-10-31 17:00",
        "2027-11-07 17:00",
    ]


def test_occurrence_in_the_missing_hour_moves_forward_like_a_clock():
    # 02:30 does not exist on 28 March 2027: the clock jumps from 02:00 to 03:00.
    occurrences = validate(
        "FREQ=WEEKLY;COUNT=3", start=at("2027-03-21", 2, 30), end=at("2027-03-21", 3, 30)
    )
    assert local_times(occurrences) == [
        "2027-03-21 02:30",
        "2027-03-28 03:30",
        "2027-04-04 02:30",
    ]
    assert utc_times(occurrences)[1] == "2027-03-28 01:30"
    # Each occurrence is as long as the first, in real time.
    assert {o.end - o.start for o in occurrences} == {datetime.timedelta(hours=1)}
    # Every stored moment is a real one (it survives a round trip through UTC).
    for occurrence in occurrences:
        assert occurrence.start.astimezone(UTC).astimezone(OSLO) == occurrence.start


def test_occurrence_in_the_repeated_hour_is_the_first_of_the_two():
    # 02:30 happens twice on 31 October 2027; the series takes the first (summer time).
    occurrences = validate(
        "FREQ=WEEKLY;COUNT=2", start=at("2027-10-24", 2, 30), end=at("2027-10-24", 3, 0)
    )
    assert utc_times(occurrences) == ["2027-10-24 00:30", "2027-10-31 00:30"]


def test_daily_series_over_the_spring_change_has_one_occurrence_per_day():
    occurrences = validate(
        "FREQ=DAILY;UNTIL=20270329T215959Z", start=at("2027-03-26", 9), end=at("2027-03-26", 10)
    )
    assert local_times(occurrences) == [
        "2027-03-26 09:00",
        "2027-03-27 09:00",
        "2027-03-28 09:00",
        "2027-03-29 09:00",
    ]


# --- the simple patterns ------------------------------------------------------------------


def test_monthly_on_the_last_weekday():
    start = at("2027-01-28")  # the last Thursday of January 2027
    assert week_of_month(start.date()) == -1
    rule = build_rrule(Pattern.MONTHLY_WEEKDAY, start=start, until=datetime.date(2027, 5, 31))
    assert rule == "FREQ=MONTHLY;BYDAY=-1TH;UNTIL=20270531T215959Z"
    occurrences = validate(rule, start=start, end=at("2027-01-28", 20))
    assert [o.start.astimezone(OSLO).date().isoformat() for o in occurrences] == [
        "2027-01-28",
        "2027-02-25",
        "2027-03-25",
        "2027-04-29",  # five Thursdays in April: the last, not the fourth
        "2027-05-27",
    ]
    assert {o.start.astimezone(OSLO).hour for o in occurrences} == {18}


@pytest.mark.parametrize(
    ("day", "week"),
    [
        ("2027-01-01", 1),
        ("2027-01-08", 2),
        ("2027-01-15", 3),
        ("2027-01-22", 4),
        ("2027-01-29", -1),
        ("2027-02-22", -1),  # the fourth Monday of February 2027 is also its last
        ("2027-03-22", 4),  # but March 2027 has a fifth
        ("2027-02-28", -1),
    ],
)
def test_week_of_month(day, week):
    assert week_of_month(datetime.date.fromisoformat(day)) == week


def test_monthly_on_the_second_tuesday():
    start = at("2027-03-09")
    rule = build_rrule(Pattern.MONTHLY_WEEKDAY, start=start, until=datetime.date(2027, 6, 30))
    assert rule == "FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270630T215959Z"
    occurrences = validate(rule, start=start, end=at("2027-03-09", 20))
    assert [o.start.astimezone(OSLO).day for o in occurrences] == [9, 13, 11, 8]


@pytest.mark.parametrize(
    ("pattern", "start", "until", "rule"),
    [
        (Pattern.WEEKLY, "2027-03-10", "2027-06-16", "FREQ=WEEKLY;UNTIL=20270616T215959Z"),
        (
            Pattern.BIWEEKLY,
            "2027-01-06",
            "2027-02-17",
            "FREQ=WEEKLY;INTERVAL=2;UNTIL=20270217T225959Z",
        ),
        (
            Pattern.MONTHLY_WEEKDAY,
            "2027-10-05",
            "2027-12-31",
            "FREQ=MONTHLY;BYDAY=1TU;UNTIL=20271231T225959Z",
        ),
    ],
)
def test_build_rrule_pattern_of_and_until_of_round_trip(pattern, start, until, rule):
    until_date = datetime.date.fromisoformat(until)
    built = build_rrule(pattern, start=at(start), until=until_date)
    assert built == rule
    assert pattern_of(built) == pattern
    assert until_of(built) == until_date
    # The until date is inclusive: the last occurrence may fall on it, never after it.
    occurrences = validate(built, start=at(start), end=at(start, 20))
    assert occurrences[-1].start.astimezone(OSLO).date() <= until_date
    if pattern != Pattern.MONTHLY_WEEKDAY:
        assert occurrences[-1].start.astimezone(OSLO).date() == until_date


def test_build_rrule_without_an_end_and_for_no_pattern():
    assert build_rrule(Pattern.NONE, start=at("2027-03-10"), until=None) == ""
    assert build_rrule(Pattern.WEEKLY, start=at("2027-03-10"), until=None) == "FREQ=WEEKLY"
    assert until_of("FREQ=WEEKLY") is None
    with pytest.raises(ValueError, match="unknown recurrence pattern"):
        build_rrule("fortnightly", start=at("2027-03-10"), until=None)


@pytest.mark.parametrize(
    ("rule", "pattern"),
    [
        ("", Pattern.NONE),
        ("FREQ=WEEKLY;COUNT=5", Pattern.WEEKLY),
        ("freq=weekly;interval=2;until=20270101T000000Z", Pattern.BIWEEKLY),
        ("FREQ=WEEKLY;INTERVAL=3;COUNT=5", "custom"),
        ("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=5", "custom"),
        ("FREQ=DAILY;COUNT=5", "custom"),
        ("FREQ=MONTHLY;BYDAY=-1FR;COUNT=5", Pattern.MONTHLY_WEEKDAY),
        ("FREQ=MONTHLY;BYMONTHDAY=15;COUNT=5", "custom"),
    ],
)
def test_pattern_of(rule, pattern):
    assert pattern_of(rule) == pattern


def test_until_of_a_date_and_of_a_utc_moment_in_both_seasons():
    assert until_of("FREQ=WEEKLY;UNTIL=20270616") == datetime.date(2027, 6, 16)
    # The end of a local day is 21:59:59 UTC in summer and 22:59:59 UTC in winter.
    assert until_of("FREQ=WEEKLY;UNTIL=20270616T215959Z") == datetime.date(2027, 6, 16)
    assert until_of("FREQ=WEEKLY;UNTIL=20271216T225959Z") == datetime.date(2027, 12, 16)
    # Just after midnight in Oslo is still the previous day in UTC.
    assert until_of("FREQ=WEEKLY;UNTIL=20271216T233000Z") == datetime.date(2027, 12, 17)


# --- exceptions and what validate refuses -------------------------------------------------


def test_exdates_leave_out_local_dates():
    occurrences = validate(
        "FREQ=WEEKLY;COUNT=4",
        start=at("2027-03-14"),
        end=at("2027-03-14", 20),
        exdates=[datetime.date(2027, 3, 21), datetime.date(2027, 5, 1)],
    )
    assert local_times(occurrences) == ["2027-03-14 18:00", "2027-03-28 18:00", "2027-04-04 18:00"]


def test_one_off_is_one_occurrence():
    assert validate("", start=at("2027-03-14"), end=at("2027-03-14", 20)) == [
        recurrence.Occurrence(at("2027-03-14"), at("2027-03-14", 20))
    ]
    assert expand("", start=at("2027-03-14"), end=at("2027-03-14", 20)) == [
        recurrence.Occurrence(at("2027-03-14"), at("2027-03-14", 20))
    ]


def refusal(rule, *, start=None, end=None, exdates=()):
    """The field and the (English) message of the `ValidationError` from `validate`."""
    start = start or at("2027-03-14")
    end = end or start + datetime.timedelta(hours=2)
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        validate(rule, start=start, end=end, exdates=exdates)
    [(field, [error])] = raised.value.error_dict.items()
    with translation.override("en"):
        message = str(error.message)
        return field, message % error.params if error.params else message, error.code


@pytest.mark.parametrize("rule", ["", "FREQ=WEEKLY;COUNT=3"])
def test_end_before_or_at_start_is_refused(rule):
    for end in (at("2027-03-14", 17), at("2027-03-14")):
        field, message, _code = refusal(rule, end=end)
        assert field == "end"
        assert message == "The activity must end after it starts."


def test_endless_rule_is_refused():
    for rule in ("FREQ=WEEKLY", "FREQ=WEEKLY;INTERVAL=2"):
        field, message, _code = refusal(rule)
        assert field == "rrule"
        assert message.startswith("A repeating activity needs an end")


@pytest.mark.parametrize(
    ("rule", "exdates"),
    [
        ("FREQ=WEEKLY;UNTIL=20270301T000000Z", ()),  # UNTIL before the start
        ("FREQ=WEEKLY;COUNT=1", (datetime.date(2027, 3, 14),)),  # the only date left out
    ],
)
def test_rule_without_occurrences_is_refused(rule, exdates):
    field, message, _code = refusal(rule, exdates=exdates)
    assert field == "rrule"
    assert message.startswith("The repetition gives no dates.")


def test_more_than_the_maximum_is_refused_and_the_maximum_is_allowed():
    assert MAX_OCCURRENCES == 500
    for rule in ("FREQ=DAILY;COUNT=501", "FREQ=DAILY;UNTIL=20290101T000000Z"):
        field, message, _code = refusal(rule)
        assert field == "rrule"
        assert message.startswith("The repetition gives more than 500 dates.")
    occurrences = validate("FREQ=DAILY;COUNT=500", start=at("2027-03-14"), end=at("2027-03-14", 20))
    assert len(occurrences) == 500


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=SOMETIMES;COUNT=3",
        "FREQ=WEEKLY;COUNT=three",
        "FREQ=WEEKLY;BYDAY=XX;COUNT=3",
        "this is not a rule;COUNT=3",
        # An UNTIL without a zone next to a start with one (RFC 5545 wants UTC there).
        "FREQ=WEEKLY;UNTIL=20270616",
    ],
)
def test_unreadable_rule_is_refused(rule):
    field, message, _code = refusal(rule)
    assert field == "rrule"
    assert message.startswith("The repetition rule could not be read")


@pytest.mark.parametrize(
    "rule",
    [
        "DTSTART:20200101T000000Z\nRRULE:FREQ=DAILY;COUNT=3",
        "RRULE:FREQ=DAILY;COUNT=3\nDTSTART:20200101T000000Z",
        "FREQ=DAILY;COUNT=3\nEXDATE:20270315T170000Z",
        "FREQ=DAILY;COUNT=3\nRDATE:20270401T170000Z",
        "FREQ=DAILY;COUNT=3\nRRULE:FREQ=WEEKLY;COUNT=3",
    ],
)
def test_smuggled_dtstart_and_other_lines_are_refused(rule):
    field, message, _code = refusal(rule)
    assert field == "rrule"
    assert message.startswith("The repetition rule could not be read")


@pytest.mark.parametrize(
    ("rule", "end", "code"),
    [
        ("", at("2027-03-14", 17), "end_before_start"),
        ("FREQ=WEEKLY", None, "rrule_endless"),
        ("FREQ=WEEKLY;UNTIL=20270301T000000Z", None, "rrule_empty"),
        ("FREQ=DAILY;COUNT=501", None, "rrule_too_many"),
        ("FREQ=SOMETIMES;COUNT=3", None, "rrule_invalid"),
    ],
)
def test_refusals_carry_their_codes(rule, end, code):
    assert refusal(rule, end=end)[2] == code


def test_rrule_prefix_is_accepted():
    occurrences = validate(
        "RRULE:FREQ=WEEKLY;COUNT=2", start=at("2027-03-14"), end=at("2027-03-14", 20)
    )
    assert len(occurrences) == 2


def test_expand_stops_at_the_limit():
    occurrences = expand(
        "FREQ=DAILY;COUNT=100", start=at("2027-03-14"), end=at("2027-03-14", 20), limit=7
    )
    assert len(occurrences) == 7


@pytest.mark.parametrize(
    "rule", ["FREQ=MONTHLY;BYDAY=MO", "FREQ=MONTHLY;BYDAY=2TU,4TU", "FREQ=MONTHLY;BYDAY=5TU"]
)
def test_monthly_rules_other_than_one_weekday_of_one_week_are_custom(rule):
    assert pattern_of(rule) == "custom"


def test_a_rule_that_skips_the_first_date_is_refused():
    # 14 March 2027 is a Sunday; the rule gives Thursdays only.
    field, message, code = refusal("FREQ=WEEKLY;BYDAY=TH;COUNT=3", start=at("2027-03-14"))
    assert (field, code) == ("rrule", "rrule_skips_start")
    assert message == "The first date must be one of the dates the repetition gives."
