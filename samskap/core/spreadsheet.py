"""CSV downloads for spreadsheet programs, written the same way by every export of the site:
UTF-8 with a byte-order mark (so Excel reads it as UTF-8), semicolons (the list separator of
Norwegian Excel), times in Norwegian time, and text cells that cannot start a formula."""

import csv
import datetime
import itertools
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone

TIME_FORMAT = "%d.%m.%Y %H:%M"


def spreadsheet_safe(value: str) -> str:
    """Text a spreadsheet program shows as text: a leading = + - @ (or tab, return) would
    start a formula, so such a value gets a leading apostrophe (OWASP's CSV injection advice)."""
    return f"'{value}" if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


def spreadsheet_time(value: datetime.datetime | None) -> str:
    """`value` in Norwegian time as dd.mm.yyyy HH:MM, or empty."""
    return timezone.localtime(value).strftime(TIME_FORMAT) if value else ""


def csv_response(
    *, filename: str, header: Sequence[object], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    """A CSV attachment called `filename`: `header`, then `rows`. Text cells (and lazy
    translations) are made formula-safe; numbers are written as they are."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    for row in itertools.chain([header], rows):
        writer.writerow(
            [cell if isinstance(cell, int | float) else spreadsheet_safe(str(cell)) for cell in row]
        )
    return response
