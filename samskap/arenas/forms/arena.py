"""The arena form (create and edit), with formsets for the programme and the reflection
questions, and the cancel form. Times are entered as a date and a time in Oslo; the service
does the saving (`ArenaForm.to_data`)."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskap.activities.forms.activity import OrganisationMultipleChoiceField
from samskap.activities.recurrence import OSLO, local
from samskap.core.forms import (
    TitleAndPostalCodeMixin,
    add_service_errors,
    date_field,
    time_field,
)
from samskap.directory.forms import MunicipalityChoiceField
from samskap.directory.models import Organisation, Sector
from samskap.places.models import County, Municipality

from ..models import Arena
from ..services.arenas import (
    DEFAULT_QUESTIONS,
    MAX_PROGRAMME_ITEMS,
    MAX_QUESTIONS,
    ArenaData,
    ProgrammeItemData,
    QuestionData,
)

# Where errors about a model field from the service belong on the form.
SERVICE_FIELDS = {
    "starts_at": "start_time",
    "ends_at": "end_time",
    "registration_opens": "registration_opens_time",
    "registration_closes": "registration_closes_date",
}


def combine(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """A date and a time in Oslo as an aware datetime."""
    return datetime.datetime.combine(day, time, tzinfo=OSLO)


def organisations_for(counties: list[str], chosen: list[int]) -> QuerySet[Organisation]:
    """Active organisations in `counties` (every county when empty) and those already
    chosen, by municipality."""
    active = Q(status=Organisation.Status.ACTIVE)
    if counties:
        active &= Q(home_municipality__county_id__in=counties)
    return (
        Organisation.objects.filter(active | Q(pk__in=chosen))
        .select_related("home_municipality")
        .order_by("home_municipality__name_norwegian", "name", "pk")
    )


class ArenaForm(TitleAndPostalCodeMixin, forms.ModelForm):
    """Create or edit an arena (its programme and questions are formsets beside it)."""

    county = forms.ModelChoiceField(
        label=_("County"),
        queryset=County.objects.none(),
        empty_label=None,
        help_text=_("The county library that runs the arena. It cannot be changed later."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Arena.Kind.choices, widget=forms.RadioSelect)
    format = forms.ChoiceField(
        label=_("Format"), choices=Arena.Format.choices, widget=forms.RadioSelect
    )
    start_date = date_field(_("Date"))
    start_time = time_field(_("Starts at"))
    end_time = time_field(_("Ends at"))
    end_date = date_field(
        _("End date (optional)"),
        required=False,
        help_text=_("Only if it ends on a later day."),
    )
    municipality = MunicipalityChoiceField(
        label=_("Municipality of the place"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("Choose a municipality"),
        help_text=_("Required for a physical or hybrid arena."),
    )
    video_url = forms.URLField(
        label=_("Video link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_(
            "For a digital or hybrid arena. Shown only to confirmed participants and the hosts."
        ),
    )
    capacity = forms.IntegerField(
        label=_("Number of places"),
        min_value=1,
        max_value=100_000,
        help_text=_("How many can be confirmed. Others join the waiting list."),
    )
    registration_opens_date = date_field(_("Registration opens (date)"))
    registration_opens_time = time_field(_("Registration opens (time)"))
    registration_closes_date = date_field(_("Registration closes (date)"))
    registration_closes_time = time_field(_("Registration closes (time)"))
    access = forms.ChoiceField(
        label=_("Who may register"), choices=Arena.Access.choices, widget=forms.RadioSelect
    )
    invited_organisations = OrganisationMultipleChoiceField(
        label=_("Invited organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_(
            "When only invited organisations and sectors may register. Hold down Ctrl (or Cmd "
            "on a Mac) to choose more than one."
        ),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    invited_sectors = forms.MultipleChoiceField(
        label=_("Invited sectors"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone from these sectors may register."),
    )
    hosts = OrganisationMultipleChoiceField(
        label=_("Host organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_(
            "Organisations that run the arena with the county library. Their members can edit "
            "the arena and see the participants. Hold down Ctrl (or Cmd on a Mac) to choose "
            "more than one."
        ),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Arena
        fields = (
            "title",
            "description",
            "place_name",
            "street_address",
            "postal_code",
            "postal_place",
        )
        labels = {
            "title": _("Title"),
            "description": _("Description"),
            "place_name": _("Name of the place"),
            "street_address": _("Street address"),
            "postal_code": _("Postal code"),
            "postal_place": _("Postal place"),
        }
        help_texts = {
            "description": _("What the arena is about and for whom. At most 5,000 characters."),
            "place_name": _("For a physical or hybrid arena: the name or the address."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "street_address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postal_code": forms.TextInput(
                attrs={"autocomplete": "postal-code", "inputmode": "numeric"}
            ),
            "postal_place": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }

    field_order = (
        "county",
        "kind",
        "format",
        "title",
        "description",
        "start_date",
        "start_time",
        "end_time",
        "end_date",
    )

    def __init__(self, *args: Any, counties: list[County], **kwargs: Any) -> None:
        """`counties`: where the user may create arenas (ignored when editing: the county
        stays)."""
        super().__init__(*args, **kwargs)
        instance: Arena = self.instance
        self.editing = instance.pk is not None
        county_field = self._model_choice("county")
        if self.editing:
            del self.fields["county"]
            county_numbers = [instance.county_id]
        else:
            county_field.queryset = County.objects.filter(pk__in=[c.pk for c in counties]).order_by(
                "name"
            )
            county_numbers = [c.pk for c in counties]
            if len(counties) == 1:
                self.initial.setdefault("county", counties[0].pk)
        self.fields["municipality"].queryset = (  # type: ignore[attr-defined]
            Municipality.objects.filter(county_id__in=county_numbers)
            .select_related("county")
            .order_by("county__name", "name_norwegian")
        )
        chosen_hosts: list[int] = []
        chosen_invited: list[int] = []
        if self.editing:
            chosen_hosts = [o.pk for o in instance.hosts.all()]
            chosen_invited = list(instance.invited_organisations.values_list("pk", flat=True))
        # The select lists the counties' organisations; a platform admin creating an arena
        # for any county gets every active organisation.
        all_counties = County.objects.count()
        scope = county_numbers if len(county_numbers) < all_counties else []
        self._model_choice("hosts").queryset = organisations_for(scope, chosen_hosts)
        self._model_choice("invited_organisations").queryset = organisations_for(
            scope, chosen_invited
        )
        if self.editing:
            starts, ends = local(instance.starts_at), local(instance.ends_at)
            opens = local(instance.registration_opens)
            closes = local(instance.registration_closes)
            self.initial.update(
                {
                    "kind": instance.kind,
                    "format": instance.format,
                    "start_date": starts.date(),
                    "start_time": starts.time(),
                    "end_time": ends.time(),
                    "end_date": ends.date() if ends.date() != starts.date() else None,
                    "municipality": instance.municipality_id,
                    "video_url": instance.video_url,
                    "capacity": instance.capacity,
                    "registration_opens_date": opens.date(),
                    "registration_opens_time": opens.time(),
                    "registration_closes_date": closes.date(),
                    "registration_closes_time": closes.time(),
                    "access": instance.access,
                    "invited_sectors": list(instance.invited_sectors or []),
                    "invited_organisations": chosen_invited,
                    "hosts": chosen_hosts,
                }
            )
        else:
            now = local(timezone.now())
            self.initial.setdefault("kind", Arena.Kind.CO_CREATION)
            self.initial.setdefault("format", Arena.Format.DIGITAL)
            self.initial.setdefault("access", Arena.Access.OPEN)
            self.initial.setdefault("registration_opens_date", now.date())
            self.initial.setdefault("registration_opens_time", datetime.time(now.hour, 0))

    def _model_choice(self, name: str) -> forms.ModelChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        return field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("start_date"), data.get("start_time"), data.get("end_time")
        if day is not None and start is not None and end is not None:
            data["starts_at"] = combine(day, start)
            data["ends_at"] = combine(data.get("end_date") or day, end)
        for name in ("registration_opens", "registration_closes"):
            reg_day, reg_time = data.get(f"{name}_date"), data.get(f"{name}_time")
            if reg_day is not None and reg_time is not None:
                data[name] = combine(reg_day, reg_time)
        return data

    def _post_clean(self) -> None:
        # The service validates the arena as a whole; the model instance is not used.
        pass

    def add_service_errors(self, error: ValidationError) -> None:
        """Put the service's errors on their fields (the view picks out the formsets')."""
        add_service_errors(self, error, fields=SERVICE_FIELDS, skip=("programme", "questions"))

    def to_data(
        self, programme: list[ProgrammeItemData], questions: list[QuestionData]
    ) -> ArenaData:
        data = self.cleaned_data
        return ArenaData(
            kind=data["kind"],
            format=data["format"],
            title=data["title"],
            description=data.get("description") or "",
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            place_name=data.get("place_name") or "",
            street_address=data.get("street_address") or "",
            postal_code=data.get("postal_code") or "",
            postal_place=data.get("postal_place") or "",
            municipality=data.get("municipality"),
            video_url=data.get("video_url") or "",
            capacity=data["capacity"],
            registration_opens=data["registration_opens"],
            registration_closes=data["registration_closes"],
            access=data["access"],
            invited_organisations=list(data.get("invited_organisations") or []),
            invited_sectors=list(data.get("invited_sectors") or []),
            hosts=list(data.get("hosts") or []),
            programme=programme,
            questions=questions,
        )


class ProgrammeItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    date = date_field(
        _("Date (optional)"), required=False, help_text=_("Leave empty for the arena's date.")
    )
    start_time = time_field(_("Starts at"))
    end_time = time_field(_("Ends at (optional)"), required=False)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start is not None and end is not None and end <= start:
            self.add_error(
                "end_time",
                ValidationError(_("It must end after it starts."), code="end_before_start"),
            )
        return data

    def to_data(self, default_day: datetime.date) -> ProgrammeItemData:
        data = self.cleaned_data
        day = data.get("date") or default_day
        end = data.get("end_time")
        return ProgrammeItemData(
            title=data["title"],
            starts_at=combine(day, data["start_time"]),
            ends_at=combine(day, end) if end is not None else None,
            description=data.get("description") or "",
        )


class QuestionForm(forms.Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Question"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def to_data(self) -> QuestionData:
        return QuestionData(text=self.cleaned_data["text"], pk=self.cleaned_data.get("pk"))


class BaseArenaFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def kept_forms(self) -> list[Any]:
        """The filled-in rows not marked for deletion, in order (the rows shown filled in
        count even when unchanged; empty extra rows are left out)."""
        kept = []
        for index, form in enumerate(self.forms):
            data = getattr(form, "cleaned_data", None)
            if not data or (self.can_delete and data.get("DELETE")):
                continue
            if index < self.initial_form_count() or form.has_changed():
                kept.append(form)
        return kept


ProgrammeFormSet = forms.formset_factory(
    ProgrammeItemForm,
    formset=BaseArenaFormSet,
    extra=3,
    can_delete=True,
    max_num=MAX_PROGRAMME_ITEMS,
    validate_max=True,
)
QuestionFormSet = forms.formset_factory(
    QuestionForm,
    formset=BaseArenaFormSet,
    extra=2,
    can_delete=True,
    max_num=MAX_QUESTIONS,
    validate_max=True,
)


def programme_initial(arena: Arena | None) -> list[dict[str, Any]]:
    if arena is None:
        return []
    starts = local(arena.starts_at).date()
    rows = []
    for item in arena.programme.all():
        start = local(item.starts_at)
        rows.append(
            {
                "title": item.title,
                "date": start.date() if start.date() != starts else None,
                "start_time": start.time(),
                "end_time": local(item.ends_at).time() if item.ends_at else None,
                "description": item.description,
            }
        )
    return rows


def questions_initial(arena: Arena | None) -> list[dict[str, Any]]:
    """The arena's questions, or for a new arena the four questions of the 2021 arenas in
    the current language."""
    if arena is None:
        return [{"text": str(text)} for text in DEFAULT_QUESTIONS]
    return [{"pk": q.pk, "text": q.text} for q in arena.questions.all()]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Shown on the arena's page and sent to everyone registered. At most 1,000 characters."
        ),
    )
