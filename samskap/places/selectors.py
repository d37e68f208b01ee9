from django.db.models import QuerySet

from .models import County, Municipality, MunicipalityRenumbering


def county_list() -> QuerySet[County]:
    return County.objects.order_by("name")


def municipality_list(*, county: str | None = None) -> QuerySet[Municipality]:
    qs = Municipality.objects.select_related("county").order_by("name_norwegian")
    if county:
        qs = qs.filter(county_id=county)
    return qs


def current_municipality(number: str) -> Municipality | None:
    """Today's municipality for a number, current or from before the 2024 renumbering.

    For a municipality that was split, the successor that kept the name is returned.
    """
    number = number.strip().zfill(4)
    found = Municipality.objects.filter(number=number).first()
    if found is not None:
        return found
    line = (
        MunicipalityRenumbering.objects.filter(old_number=number)
        .select_related("municipality")
        .order_by("-primary", "municipality_id")
        .first()
    )
    return line.municipality if line else None
