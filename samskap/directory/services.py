"""Writes to the directory. Each service runs in a transaction and validates before saving."""

from django.db import transaction
from django.utils.text import slugify

from samskap.core.search import search_columns

from .models import Organisation


def organisation_search_values(organisation: Organisation) -> dict[str, str]:
    """What full-text search sees of an organisation: name, kind, place and description."""
    municipality = organisation.home_municipality
    return search_columns(
        organisation.name,
        organisation.get_kind_display(),
        municipality.name if municipality else None,
        organisation.postal_place,
        organisation.description,
    )


def organisation_refresh_search(*, organisation: Organisation) -> None:
    values = organisation_search_values(organisation)
    for field, value in values.items():
        setattr(organisation, field, value)
    Organisation.objects.filter(pk=organisation.pk).update(**values)


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    """A slug for `name` that no other organisation has."""
    base = slugify(name)[:200] or "aktor"
    slug, n = base, 1
    taken = Organisation.objects.exclude(pk=exclude_pk) if exclude_pk else Organisation.objects
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def organisation_save_search(*, organisation: Organisation) -> Organisation:
    organisation_refresh_search(organisation=organisation)
    return organisation
