"""The activity form: create and edit an activity."""

import datetime
import re
from collections.abc import Iterator
from itertools import groupby
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db.models import Q, QuerySet
from django.forms.models import ModelChoiceIterator
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samskap.accounts.models import User
from samskap.core.forms import DATE_INPUT_FORMATS, TitleAndPostalCodeMixin, date_field, time_field
from samskap.directory.forms import (
    MunicipalityChoiceField,
    TaxonomyMultipleChoiceField,
    municipalities_by_county,
)
from samskap.directory.models import Organisation, TargetGroup, Theme
from samskap.places.models import Municipality

from .. import permissions, recurrence
from ..models import MAX_IMAGE_BYTES, Activity, Language
from ..services import ActivityData

CUSTOM = "custom"


class OrganisationsByMunicipalityIterator(ModelChoiceIterator):
    """Organisations grouped by home municipality, one <optgroup> each."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for municipality, organisations in groupby(
            self.queryset.iterator(), key=lambda o: o.home_municipality
        ):
            label = str(municipality.name) if municipality else gettext("No municipality")
            yield (label, [self.choice(o) for o in organisations])


class VenueChoiceField(forms.ModelChoiceField):
    iterator = OrganisationsByMunicipalityIterator

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class OrganisationMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = OrganisationsByMunicipalityIterator

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class LimitedImageField(forms.ImageField):
    """An image of at most `MAX_IMAGE_BYTES`; the size is checked before Pillow reads it."""

    def to_python(self, data: Any) -> Any:
        if data and getattr(data, "size", 0) > MAX_IMAGE_BYTES:
            raise ValidationError(
                _("The image is %(size)s. It can be at most %(max)s: make it smaller."),
                code="too_large",
                params={
                    "size": filesizeformat(data.size),
                    "max": filesizeformat(MAX_IMAGE_BYTES),
                },
            )
        return super().to_python(data)


def parse_dates(text: str) -> tuple[list[datetime.date], list[str]]:
    """Dates from text, one a line (commas and spaces also separate them), written as
    31.12.2026 or 2026-12-31. Returns the dates and the pieces that are not dates."""
    days: list[datetime.date] = []
    bad: list[str] = []
    for piece in re.split(r"[\s,;]+", text.strip()):
        if not piece:
            continue
        for pattern in DATE_INPUT_FORMATS:
            try:
                days.append(datetime.datetime.strptime(piece, pattern).date())  # noqa: DTZ007
                break
            except ValueError:
                continue
        else:
            bad.append(piece)
    return days, bad


def _libraries() -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        kind__in=permissions.LIBRARY_KINDS, status=Organisation.Status.ACTIVE
    )


class ActivityForm(TitleAndPostalCodeMixin, forms.ModelForm):
    """Create or edit an activity. The service does the saving (`to_data()`)."""

    organiser = forms.ModelChoiceField(
        label=_("Organiser"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("The organisation that holds the activity."),
    )
    venue = VenueChoiceField(
        label=_("Library"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Not at a library – enter the place below"),
        help_text=_("Choose the library if the activity is held there."),
    )
    municipality = MunicipalityChoiceField(
        label=_("Municipality"),
        queryset=municipalities_by_county(),
        required=False,
        empty_label=_("Choose a municipality"),
        help_text=_("Leave empty to use the library's municipality."),
    )
    date = date_field(_("Date"), help_text=_("The first time, for a repeating activity."))
    start_time = time_field(_("Starts at"))
    end_time = time_field(_("Ends at"))
    end_date = date_field(
        _("End date (optional)"),
        required=False,
        help_text=_("Only if it ends on a later day, such as after midnight."),
    )
    pattern = forms.ChoiceField(label=_("Repeats"), required=False, choices=recurrence.Pattern)
    repeat_until = date_field(
        _("Last time"),
        required=False,
        help_text=_("Required for a repeating activity: the date of the last time."),
    )
    exdates_text = forms.CharField(
        label=_("Dates left out"),
        required=False,
        max_length=5000,
        help_text=_("Dates when a repeating activity does not take place, one a line: 24.12.2026"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    target_groups = TaxonomyMultipleChoiceField(
        label=_("Target groups"),
        queryset=TargetGroup.objects.order_by("position", "slug"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = TaxonomyMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.order_by("position", "slug"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = TaxonomyMultipleChoiceField(
        label=_("Languages spoken"),
        queryset=Language.objects.order_by("position", "slug"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    signup = forms.ChoiceField(
        label=_("Sign-up"), choices=Activity.SignUp.choices, widget=forms.RadioSelect
    )
    signup_url = forms.URLField(
        label=_("Sign-up link"),
        required=False,
        max_length=300,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Where people sign up, for example https://www.example.no/pamelding"),
    )
    capacity = forms.IntegerField(
        label=_("Number of places"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("How many can come each time."),
    )
    image = LimitedImageField(
        label=_("Image"),
        required=False,
        help_text=_("A photo or drawing (JPEG, PNG, GIF or WebP), at most 10 MB."),
    )
    co_organisers = OrganisationMultipleChoiceField(
        label=_("Co-organisers"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_(
            "Organisations that hold the activity with you. Their administrators are asked to "
            "confirm. Hold down Ctrl (or Cmd on a Mac) to choose more than one."
        ),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Activity
        fields = (
            "title",
            "description",
            "venue",
            "venue_name",
            "street_address",
            "postal_code",
            "postal_place",
            "municipality",
            "target_groups",
            "themes",
            "languages",
            "is_free",
            "price",
            "price_details",
            "signup",
            "signup_url",
            "capacity",
            "step_free",
            "hearing_loop",
            "sign_language",
            "image",
            "image_alt",
        )
        labels = {
            "title": _("Title"),
            "description": _("Description"),
            "venue_name": _("Name of the place"),
            "street_address": _("Street address"),
            "postal_code": _("Postal code"),
            "postal_place": _("Postal place"),
            "is_free": _("Free"),
            "price": _("Price (NOK)"),
            "price_details": _("About the price"),
            "step_free": _("Step-free access"),
            "hearing_loop": _("Hearing loop"),
            "sign_language": _("Sign language interpretation"),
            "image_alt": _("Image description (alt text)"),
        }
        help_texts = {
            "description": _(
                "What happens, for whom, and what to bring. At most 5,000 characters."
            ),
            "venue_name": _("Required when the activity is not at a library in the list."),
            "price_details": _("For example: children free, members NOK 50."),
            "image_alt": _("What the image shows, for people who cannot see it."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "street_address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postal_code": forms.TextInput(
                attrs={"autocomplete": "postal-code", "inputmode": "numeric"}
            ),
            "postal_place": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "price": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
        }

    field_order = (
        "organiser",
        "title",
        "description",
        "date",
        "start_time",
        "end_time",
        "end_date",
        "pattern",
        "repeat_until",
        "exdates_text",
    )

    def __init__(
        self,
        *args: Any,
        user: User,
        organiser: Organisation | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        instance: Activity = self.instance
        self.editing = instance.pk is not None
        self.stored_rrule = instance.rrule if self.editing else ""
        # The form ends a series by its last date, so a rule ending by a COUNT is kept as it is.
        self.is_custom = (
            recurrence.pattern_of(self.stored_rrule) == CUSTOM
            or "COUNT=" in self.stored_rrule.upper()
        )

        # Organiser: the user's organisations (and the current organiser, for platform admins).
        own = [o.pk for o in permissions.organisations_for_activities(user)]
        extra = [pk for pk in (instance.organiser_id, organiser.pk if organiser else None) if pk]
        organiser_field = self._model_choice("organiser")
        organiser_field.queryset = Organisation.objects.filter(pk__in=[*own, *extra]).order_by(
            "name"
        )
        if organiser is not None and not self.editing:
            self.initial["organiser"] = organiser.pk

        # Libraries and co-organisers: in the counties of the user's organisations (and the
        # activity's county), plus what is already chosen.
        counties = Municipality.objects.filter(
            Q(organisations__pk__in=[*own, *extra])
            | Q(pk=instance.municipality_id if self.editing else None)
        ).values("county_id")
        venue_field = self._model_choice("venue")
        libraries = _libraries()
        if own or extra:
            libraries = libraries.filter(
                Q(home_municipality__county_id__in=counties) | Q(pk=instance.venue_id)
            )
        venue_field.queryset = libraries.select_related("home_municipality").order_by(
            "home_municipality__name_norwegian", "name"
        )
        current_co = (
            list(instance.co_organiser_links.values_list("organisation_id", flat=True))
            if self.editing
            else []
        )
        co_field = self._model_choice("co_organisers")
        co_field.queryset = (
            Organisation.objects.filter(
                Q(status=Organisation.Status.ACTIVE, home_municipality__county_id__in=counties)
                | Q(pk__in=current_co)
            )
            .select_related("home_municipality")
            .order_by("home_municipality__name_norwegian", "name")
        )
        if self.editing:
            self.initial["co_organisers"] = current_co

        # When: the stored times in Oslo.
        pattern_field = self.fields["pattern"]
        assert isinstance(pattern_field, forms.ChoiceField)  # noqa: S101
        if self.is_custom:
            pattern_field.choices = [
                (CUSTOM, _("Keep the current repetition (set elsewhere)")),
                *recurrence.Pattern.choices,
            ]
            pattern_field.help_text = _(
                "This activity repeats by a rule set through the API or the admin (%(rule)s). "
                "It is kept unless you choose another pattern here."
            ) % {"rule": self.stored_rrule}
        if self.editing:
            start = recurrence.local(instance.start)
            end = recurrence.local(instance.end)
            self.initial.update(
                {
                    "date": start.date(),
                    "start_time": start.time(),
                    "end_time": end.time(),
                    "end_date": end.date() if end.date() != start.date() else None,
                    "pattern": CUSTOM if self.is_custom else recurrence.pattern_of(instance.rrule),
                    "repeat_until": recurrence.until_of(instance.rrule),
                    "exdates_text": "\n".join(
                        date_filter(datetime.date.fromisoformat(d), "d.m.Y")
                        for d in instance.exdates
                    ),
                }
            )
            if not self.is_custom:
                pattern_field.help_text = gettext(
                    "“Every month on the same weekday” means %(description)s."
                ) % {"description": describe_monthly(start.date())}
        else:
            pattern_field.help_text = _(
                "“Every month on the same weekday” follows the date: the second Tuesday of "
                "the month, for example, if the first time is a second Tuesday."
            )
            self.initial.setdefault("signup", Activity.SignUp.NONE)
            self.initial.setdefault("is_free", True)

    def _model_choice(self, name: str) -> forms.ModelChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        return field

    # --- cleaning ---------------------------------------------------------------------

    def clean_exdates_text(self) -> list[datetime.date]:
        days, bad = parse_dates(self.cleaned_data.get("exdates_text") or "")
        if bad:
            raise ValidationError(
                _("These are not dates: %(values)s. Write dates as 24.12.2026, one a line."),
                code="invalid",
                params={"values": ", ".join(bad[:5])},
            )
        return days

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._clean_place(data)
        self._clean_price_and_signup(data)
        self._clean_image(data)
        self._clean_when(data)
        return data

    def _clean_place(self, data: dict[str, Any]) -> None:
        venue: Organisation | None = data.get("venue")
        municipality: Municipality | None = data.get("municipality")
        if municipality is None and venue is not None and venue.home_municipality is not None:
            municipality = venue.home_municipality
            data["municipality"] = municipality
        if municipality is None and "municipality" not in self.errors:
            self.add_error(
                "municipality",
                ValidationError(_("Choose the municipality."), code="required"),
            )
        if (
            venue is not None
            and municipality is not None
            and venue.home_municipality is not None
            and venue.home_municipality.county_id != municipality.county_id
        ):
            self.add_error(
                "venue",
                ValidationError(
                    _(
                        "The venue is in another county than the municipality you chose. "
                        "Choose the venue's municipality or another venue."
                    ),
                    code="venue_other_county",
                ),
            )
        if venue is None and not data.get("venue_name") and "venue_name" not in self.errors:
            self.add_error(
                "venue_name",
                ValidationError(
                    _("Choose a library or enter the name of the place."), code="required"
                ),
            )

    def _clean_price_and_signup(self, data: dict[str, Any]) -> None:
        if data.get("is_free"):
            data["price"] = None
        elif data.get("price") is None and "price" not in self.errors:
            self.add_error(
                "price",
                ValidationError(_("Enter the price, or tick “Free”."), code="required"),
            )
        signup = data.get("signup")
        link_missing = signup == Activity.SignUp.LINK and not data.get("signup_url")
        if link_missing and "signup_url" not in self.errors:
            self.add_error(
                "signup_url",
                ValidationError(_("Enter the address of the sign-up page."), code="required"),
            )
        places_missing = signup == Activity.SignUp.PLATFORM and not data.get("capacity")
        if places_missing and "capacity" not in self.errors:
            self.add_error(
                "capacity",
                ValidationError(_("Enter how many places there are each time."), code="required"),
            )

    def _clean_image(self, data: dict[str, Any]) -> None:
        image = data.get("image")
        has_image = image is not False and bool(image)
        if "image" in self.errors and self.files and self.files.get("image"):
            has_image = True
        if has_image and not (data.get("image_alt") or "").strip():
            self.add_error(
                "image_alt",
                ValidationError(_("Describe what the image shows."), code="required"),
            )

    def _clean_when(self, data: dict[str, Any]) -> None:
        day: datetime.date | None = data.get("date")
        starts_at: datetime.time | None = data.get("start_time")
        ends_at: datetime.time | None = data.get("end_time")
        if day is None or starts_at is None or ends_at is None:
            return
        start = datetime.datetime.combine(day, starts_at, tzinfo=recurrence.OSLO)
        end = datetime.datetime.combine(
            data.get("end_date") or day, ends_at, tzinfo=recurrence.OSLO
        )
        data["start"], data["end"] = start, end
        if end <= start:
            self.add_error(
                "end_time",
                ValidationError(
                    _("The activity must end after it starts. Check the times and the end date."),
                    code="end_before_start",
                ),
            )
            return

        pattern = data.get("pattern") or ""
        until: datetime.date | None = data.get("repeat_until")
        exdates: list[datetime.date] = data.get("exdates_text") or []
        if pattern == CUSTOM and self.is_custom:
            rrule = self.stored_rrule
        elif pattern == CUSTOM:
            self.add_error("pattern", ValidationError(_("Choose how it repeats."), code="invalid"))
            return
        else:
            if pattern and until is None:
                self.add_error(
                    "repeat_until",
                    ValidationError(
                        _("A repeating activity needs an end: choose the date of the last time."),
                        code="rrule_endless",
                    ),
                )
                return
            rrule = recurrence.build_rrule(pattern, start=start, until=until)
        data["rrule"] = rrule
        data["exdates"] = exdates if rrule else []
        try:
            recurrence.validate(rrule, start=start, end=end, exdates=data["exdates"])
        except ValidationError as error:
            self.add_error(
                self._recurrence_field(rrule, start, end, until, exdates), error.messages
            )

    def _recurrence_field(
        self,
        rrule: str,
        start: datetime.datetime,
        end: datetime.datetime,
        until: datetime.date | None,
        exdates: list[datetime.date],
    ) -> str:
        """The form field an error in the recurrence belongs to."""
        if until is not None and until < start.date():
            return "repeat_until"
        if exdates:
            try:
                recurrence.validate(rrule, start=start, end=end)
            except ValidationError:
                pass
            else:
                return "exdates_text"  # fine without the left-out dates: they are the problem
        if self.is_custom and rrule == self.stored_rrule:
            return "pattern"
        return "repeat_until"

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        image = self.files.get("image") if self.files else None
        if image and self.errors and "image" not in self.errors:
            self.add_error(
                "image",
                ValidationError(
                    _(
                        "The image was not saved because of the other errors. "
                        "Choose the image again before you save."
                    ),
                    code="choose_again",
                ),
            )

    def to_data(self) -> ActivityData:
        data = self.cleaned_data
        image = data.get("image")
        co_organisers = list(data.get("co_organisers") or [])
        return ActivityData(
            title=data["title"],
            description=data.get("description") or "",
            venue=data.get("venue"),
            venue_name=data.get("venue_name") or "",
            street_address=data.get("street_address") or "",
            postal_code=data.get("postal_code") or "",
            postal_place=data.get("postal_place") or "",
            municipality=data["municipality"],
            start=data["start"],
            end=data["end"],
            rrule=data["rrule"],
            exdates=data["exdates"],
            target_groups=list(data.get("target_groups") or []),
            themes=list(data.get("themes") or []),
            languages=list(data.get("languages") or []),
            is_free=bool(data.get("is_free")),
            price=data.get("price"),
            price_details=data.get("price_details") or "",
            signup=data["signup"],
            signup_url=data.get("signup_url") or "",
            capacity=data.get("capacity"),
            step_free=bool(data.get("step_free")),
            hearing_loop=bool(data.get("hearing_loop")),
            sign_language=bool(data.get("sign_language")),
            image=image if isinstance(image, UploadedFile) else (False if image is False else None),
            image_alt=data.get("image_alt") or "",
            co_organisers=co_organisers,
        )


def describe_monthly(day: datetime.date) -> str:
    """ "the second Tuesday of every month" (or "the last Tuesday …") for `day`."""
    weekday = date_filter(day, "l")
    week = recurrence.week_of_month(day)
    if week == -1:
        return gettext("the last %(weekday)s of every month") % {"weekday": weekday}
    ordinals = {
        1: gettext("the first %(weekday)s of every month"),
        2: gettext("the second %(weekday)s of every month"),
        3: gettext("the third %(weekday)s of every month"),
        4: gettext("the fourth %(weekday)s of every month"),
    }
    return ordinals[week] % {"weekday": weekday}
