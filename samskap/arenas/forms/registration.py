"""The registration form (registering and changing a registration) and the form that sends
the personal link again."""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samskap.directory.models import Organisation, Sector
from samskap.places.models import Municipality

from ..models import Arena, Registration
from ..selectors import registration as selectors
from ..services.registration import RegistrationData

ORGANISATION_LIST_ID = "arena-organisations"


class MunicipalitiesCountyFirstIterator(forms.models.ModelChoiceIterator):
    """The county's municipalities in one <optgroup>, then every other municipality."""

    def __iter__(self) -> Iterator[Any]:
        field: MunicipalityCountyFirstField = self.field  # type: ignore[assignment]
        if field.empty_label is not None:
            yield ("", field.empty_label)
        own: list[Any] = []
        others: list[Any] = []
        county_name = ""
        for municipality in self.queryset.iterator():
            if municipality.county_id == field.county_id:
                own.append(self.choice(municipality))
                county_name = str(municipality.county)
            else:
                others.append(self.choice(municipality))
        if own:
            yield (county_name, own)
        if others:
            yield (gettext("Other municipalities"), others)


class MunicipalityCountyFirstField(forms.ModelChoiceField):
    iterator = MunicipalitiesCountyFirstIterator
    county_id = ""  # set by the form: the arena's county

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class RegistrationForm(forms.Form):
    """Register for an arena, or change a registration. `to_data()` gives what the services
    take; the typed organisation name is matched to the directory when it names exactly one
    active organisation."""

    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("We send the confirmation and your personal link here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    role = forms.CharField(
        label=_("Role or position"),
        max_length=150,
        required=False,
        help_text=_("For example librarian, culture adviser or board member."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        help_text=_(
            "Start typing and choose your organisation from the suggestions, "
            "or type its name if it is not in the directory."
        ),
        widget=forms.TextInput(attrs={"list": ORGANISATION_LIST_ID, "autocomplete": "off"}),
    )
    sector = forms.ChoiceField(
        label=_("Sector"),
        choices=Sector.choices,
        required=False,
        help_text=_(
            "If you leave it empty and chose an organisation from the directory, "
            "its sector is used."
        ),
        widget=forms.RadioSelect,
    )
    municipality = MunicipalityCountyFirstField(
        label=_("Municipality"),
        queryset=Municipality.objects.select_related("county").order_by("name_norwegian"),
        empty_label=_("Choose a municipality"),
        help_text=_("Where you work."),
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        max_length=1000,
        required=False,
        help_text=_(
            "For example step-free access, a hearing loop, sign language interpreting "
            "or captions. At most 1,000 characters."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    dietary_needs = forms.CharField(
        label=_("Food and allergies"),
        max_length=1000,
        required=False,
        help_text=_("At most 1,000 characters."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    show_to_participants = forms.BooleanField(
        label=_("Show my name and organisation to the other participants"),
        required=False,
        help_text=_(
            "If you tick this, the other confirmed participants see your name and "
            "organisation in the list of participants, so you can find each other. "
            "The hosts always see your registration."
        ),
    )

    def __init__(self, *args: Any, arena: Arena, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.arena = arena
        field: MunicipalityCountyFirstField = self.fields["municipality"]  # type: ignore[assignment]
        field.county_id = arena.county_id
        self.organisation: Organisation | None = None

    @classmethod
    def initial_for(cls, registration: Registration) -> dict[str, Any]:
        return {
            "name": registration.name,
            "email": registration.email,
            "role": registration.role,
            "organisation_name": registration.organisation_label,
            "sector": registration.sector,
            "municipality": registration.municipality_id,
            "accessibility_needs": registration.accessibility_needs,
            "dietary_needs": registration.dietary_needs,
            "show_to_participants": registration.show_to_participants,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        name = " ".join(str(cleaned.get("organisation_name") or "").split())
        self.organisation = (
            selectors.organisation_by_name(name, county_id=self.arena.county_id) if name else None
        )
        if "sector" in cleaned and not cleaned["sector"]:
            if self.organisation is not None:
                cleaned["sector"] = self.organisation.sector
            else:
                message = (
                    _("Choose your sector (your organisation is not in the directory).")
                    if name
                    else _("Choose your sector.")
                )
                self.add_error("sector", forms.ValidationError(message, code="required"))
        return cleaned

    def to_data(self) -> RegistrationData:
        data = self.cleaned_data
        return RegistrationData(
            name=data["name"],
            email=data["email"],
            organisation=self.organisation,
            organisation_name="" if self.organisation else data["organisation_name"],
            sector=data["sector"],
            municipality=data["municipality"],
            role=data.get("role", ""),
            accessibility_needs=data.get("accessibility_needs", ""),
            dietary_needs=data.get("dietary_needs", ""),
            show_to_participants=bool(data.get("show_to_participants")),
        )


class ResendLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
