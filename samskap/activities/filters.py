"""The calendar's filter form: reads a query string into `CalendarFilters`.

The same form serves the calendar page, the feeds, the embed and the API, so each reads the
same URL the same way and rejects the same nonsense (an unknown municipality, a date that is
not a date): the pages show the message, the feeds and the API answer HTTP 400.
"""

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from samskap.directory.forms import (
    MunicipalityChoiceField,
    TaxonomyChoiceField,
    municipalities_by_county,
)
from samskap.directory.models import Organisation, TargetGroup, Theme
from samskap.places.models import County

from .models import Language
from .selectors import ACCESS_FACTS, CalendarFilters

ACCESS_CHOICES = [
    ("step_free", _("Step-free access")),
    ("hearing_loop", _("Hearing loop")),
    ("sign_language", _("Sign language interpretation")),
]
assert tuple(key for key, _label in ACCESS_CHOICES) == ACCESS_FACTS  # noqa: S101

MIN_YEAR, MAX_YEAR = 2000, 2100

# The query-string keys that are filters (the rest, such as `page` and `view`, are not).
FILTER_KEYS = (
    "q",
    "county",
    "municipality",
    "venue",
    "organiser",
    "target_group",
    "theme",
    "language",
    "free",
    "access",
    "date_from",
    "date_to",
)


class OrganisationSlugField(forms.ModelChoiceField):
    """An organisation chosen by its address name (slug), as in the directory's URLs."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=Organisation.objects.order_by("name"), to_field_name="slug", **kwargs
        )

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class CalendarFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    county = forms.ModelChoiceField(
        label=_("County"),
        queryset=County.objects.order_by("name"),
        required=False,
        empty_label=_("All counties"),
    )
    municipality = MunicipalityChoiceField(
        label=_("Municipality"),
        queryset=municipalities_by_county(),
        required=False,
        empty_label=_("All municipalities"),
    )
    venue = OrganisationSlugField(label=_("Venue"), required=False, empty_label=_("All venues"))
    organiser = OrganisationSlugField(
        label=_("Organiser"), required=False, empty_label=_("All organisers")
    )
    target_group = TaxonomyChoiceField(
        label=_("Target group"),
        queryset=TargetGroup.objects.order_by("position"),
        to_field_name="slug",
        required=False,
        empty_label=_("All target groups"),
    )
    theme = TaxonomyChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.order_by("position"),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
    )
    language = TaxonomyChoiceField(
        label=_("Language"),
        queryset=Language.objects.order_by("position"),
        to_field_name="slug",
        required=False,
        empty_label=_("All languages"),
    )
    free = forms.BooleanField(label=_("Free only"), required=False)
    access = forms.MultipleChoiceField(
        label=_("Accessibility"),
        choices=ACCESS_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data: QueryDict | None = None, **kwargs: Any) -> None:
        # Only the filter keys are read; an empty query string is a valid, unfiltered form.
        super().__init__(data if data is not None else QueryDict(), **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("date_from", "date_to"):
            day = cleaned.get(name)
            # Far-off years are nonsense here, and year 1 or 9999 would overflow date arithmetic.
            if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
                self.add_error(
                    name,
                    _("Choose a date between the years %(first)s and %(last)s.")
                    % {"first": MIN_YEAR, "last": MAX_YEAR},
                )
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("The last date must be on or after the first."))
        return cleaned

    def filters(self) -> CalendarFilters:
        """The filters of a valid form (call `is_valid()` first)."""
        data = self.cleaned_data
        return CalendarFilters(
            q=data["q"].strip(),
            county=data["county"].number if data["county"] else "",
            municipality=data["municipality"].number if data["municipality"] else "",
            venue=data["venue"].slug if data["venue"] else "",
            organiser=data["organiser"].slug if data["organiser"] else "",
            target_group=data["target_group"].slug if data["target_group"] else "",
            theme=data["theme"].slug if data["theme"] else "",
            language=data["language"].slug if data["language"] else "",
            free=data["free"],
            access=tuple(data["access"]),
            date_from=data["date_from"],
            date_to=data["date_to"],
        )


def filter_query(params: QueryDict) -> QueryDict:
    """Only the filter keys of a query string, with empty values dropped: the canonical form of
    a calendar URL, for links to feeds, embeds and other views of the same selection."""
    query = QueryDict(mutable=True)
    for key in FILTER_KEYS:
        values = [v for v in params.getlist(key) if v.strip()]
        if values:
            query.setlist(key, values)
    return query
