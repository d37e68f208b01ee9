"""Writes of activities. Every change goes through these functions, in one transaction each.

`activity_refresh_derived` keeps what is derived from an activity (its occurrences and search
columns) in step; every service that changes times, texts or places calls it.
"""

import datetime

from django.db import transaction

from samskap.core.search import search_columns

from . import recurrence
from .models import Activity, Occurrence


def exdates_of(activity: Activity) -> list[datetime.date]:
    return [datetime.date.fromisoformat(value) for value in activity.exdates]


def occurrences_rebuild(activity: Activity) -> int:
    """Replace the activity's stored occurrences with the expansion of its recurrence; returns
    how many there are. The recurrence must be valid (see `recurrence.validate`)."""
    occurrences = recurrence.expand(
        activity.rrule,
        start=activity.start,
        end=activity.end,
        exdates=exdates_of(activity),
        limit=recurrence.MAX_OCCURRENCES,
    )
    with transaction.atomic():
        Occurrence.objects.filter(activity=activity).delete()
        Occurrence.objects.bulk_create(
            Occurrence(activity=activity, start=o.start, end=o.end) for o in occurrences
        )
    return len(occurrences)


def search_values(activity: Activity) -> dict[str, str]:
    """The search columns of an activity: title, description, organiser, place, municipality."""
    return search_columns(
        activity.title,
        activity.description,
        activity.organiser.name,
        activity.place_name,
        activity.postal_place,
        activity.municipality.name,
    )


def activity_refresh_derived(activity: Activity) -> None:
    """Rebuild the occurrences and the search columns of a saved activity."""
    with transaction.atomic():
        values = search_values(activity)
        Activity.objects.filter(pk=activity.pk).update(**values)
        for key, value in values.items():
            setattr(activity, key, value)
        occurrences_rebuild(activity)
