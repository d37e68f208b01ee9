"""Load the 15 counties and 357 municipalities of 2024 and the 2024 renumbering table.

The data files and their provenance are in samskap/places/data/.
"""

import csv
import datetime
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    County = apps.get_model("places", "County")
    Municipality = apps.get_model("places", "Municipality")
    Renumbering = apps.get_model("places", "MunicipalityRenumbering")
    with open(DATA / "municipalities_2024.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    counties = {r["county_number"]: r["county_name"] for r in rows}
    County.objects.bulk_create([County(number=n, name=name) for n, name in counties.items()])
    Municipality.objects.bulk_create(
        [
            Municipality(
                number=r["number"],
                name=r["name"],
                name_norwegian=r["name_norwegian"],
                county_id=r["county_number"],
                latitude=float(r["lat"]) if r["lat"] else None,
                longitude=float(r["lon"]) if r["lon"] else None,
                sami_administrative_area=r["sami_administrative_area"] == "true",
            )
            for r in rows
        ]
    )
    with open(DATA / "municipality_changes_2024.csv", encoding="utf-8") as f:
        changes = list(csv.DictReader(f))
    successors: dict[str, list[dict[str, str]]] = {}
    for change in changes:
        successors.setdefault(change["old_number"], []).append(change)
    lines = []
    for old_number, group in successors.items():
        for change in group:
            # A split municipality's primary successor is the one that kept the old name.
            primary = len(group) == 1 or change["new_name"].startswith(change["old_name"])
            lines.append(
                Renumbering(
                    old_number=old_number,
                    old_name=change["old_name"],
                    municipality_id=change["new_number"],
                    primary=primary,
                    valid_from=datetime.date.fromisoformat(change["date"]),
                )
            )
    Renumbering.objects.bulk_create(lines)


def unload(apps, schema_editor):
    apps.get_model("places", "MunicipalityRenumbering").objects.all().delete()
    apps.get_model("places", "Municipality").objects.all().delete()
    apps.get_model("places", "County").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
