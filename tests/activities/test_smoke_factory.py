from samskap.activities.recurrence import OSLO
from tests.factories import ActivityFactory


def test_factory_builds_a_series_with_its_occurrences(db):
    activity = ActivityFactory(rrule="FREQ=WEEKLY;COUNT=3", languages=["nb"])
    starts = [o.start.astimezone(OSLO) for o in activity.occurrences.order_by("start")]
    assert len(starts) == 3
    assert {s.hour for s in starts} == {18}
    assert " språkkaf" in activity.search_stems
