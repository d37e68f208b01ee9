"""Removing people's personal data from arenas some time after they ended.

The report needs to know which sectors, municipalities and organisations were reached and
which organisations met; it does not need names, e-mail addresses or needs. So, once an
arena ended longer ago than the retention period, each registration keeps its status,
sector, municipality, organisation and group places, and loses its name, e-mail address,
role, accessibility and food needs and link to an account; names typed on the wall are
removed too. Idempotent: a registration is changed once (`anonymised_at`).
"""

import datetime

from django.db import transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from ..models import Arena, Contribution, Registration

# Replaces the e-mail address: unique per registration (one registration per address and
# arena) and in a domain that can never receive mail (RFC 2606).
ANONYMISED_EMAIL_DOMAIN = "anonymised.invalid"


def registrations_anonymise(*, ended_before: datetime.datetime) -> int:
    """Remove the personal data of the registrations of arenas that ended before
    `ended_before`; returns how many registrations were changed."""
    with transaction.atomic():
        registrations = Registration.objects.filter(
            arena__ends_at__lt=ended_before, anonymised_at=None
        )
        arena_ids = list(registrations.values_list("arena_id", flat=True).distinct())
        changed = registrations.update(
            name="",
            email=Concat(
                Value("anonymised-"),
                Cast("pk", output_field=CharField()),
                Value(f"@{ANONYMISED_EMAIL_DOMAIN}"),
            ),
            role="",
            accessibility_needs="",
            dietary_needs="",
            show_to_participants=False,
            user=None,
            anonymised_at=timezone.now(),
        )
        walls = Contribution.objects.filter(arena_id__in=arena_ids).exclude(author_name="")
        if walls.update(author_name=""):
            # The wall's cached cards show author names: a new version draws them again.
            Arena.objects.filter(pk__in=arena_ids).update(wall_version=F("wall_version") + 1)
    return changed
