from collections.abc import Iterator
from itertools import groupby
from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samskap.places.models import County, Municipality

from . import orgnr
from .models import Kind, Membership, Organisation, TargetGroup, Theme
from .selectors import OrganisationFilters
from .services import OrganisationData


def municipalities_by_county() -> QuerySet[Municipality]:
    return Municipality.objects.select_related("county").order_by("county__name", "name_norwegian")


class MunicipalitiesByCountyIterator(ModelChoiceIterator):
    """Choices grouped by county, so a select shows one <optgroup> per county."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for county, municipalities in groupby(self.queryset.iterator(), key=lambda m: m.county):
            yield (str(county), [self.choice(m) for m in municipalities])


class MunicipalityChoiceField(forms.ModelChoiceField):
    iterator = MunicipalitiesByCountyIterator

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class MunicipalityMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = MunicipalitiesByCountyIterator

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class TaxonomyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)  # in the current language


class TaxonomyMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)  # in the current language


class OrganisationForm(forms.ModelForm):
    """The profile form for registering and editing an organisation."""

    org_number = forms.CharField(
        label=_("Organisation number"),
        required=False,
        max_length=20,
        help_text=_(
            "Nine digits from the Brønnøysund registers, such as 974 760 673. "
            "Leave empty if the organisation has none."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    home_municipality = MunicipalityChoiceField(
        label=_("Home municipality"),
        queryset=municipalities_by_county(),
        empty_label=_("Choose a municipality"),
        help_text=_("Where the organisation is based."),
    )
    municipalities_served = MunicipalityMultipleChoiceField(
        label=_("Other municipalities served"),
        queryset=municipalities_by_county(),
        required=False,
        help_text=_(
            "Municipalities where the organisation also works. "
            "Hold down Ctrl (or Cmd on a Mac) to choose more than one."
        ),
        widget=forms.SelectMultiple(attrs={"size": 8}),
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
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        help_text=_("What the organisation does and for whom. At most 5,000 characters."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=300,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("For example https://www.example.no"),
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    public = forms.BooleanField(
        label=_("Show the profile to everyone"),
        required=False,
        help_text=_(
            "The organisation agrees that its profile is shown in the public directory. "
            "Without consent only members and the county's coordinators can see it."
        ),
    )

    class Meta:
        model = Organisation
        fields = (
            "name",
            "org_number",
            "kind",
            "home_municipality",
            "municipalities_served",
            "target_groups",
            "themes",
            "description",
            "contact_name",
            "contact_email",
            "contact_phone",
            "website",
            "street_address",
            "postal_code",
            "postal_place",
            "public",
        )
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "street_address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postal_code": forms.TextInput(
                attrs={"autocomplete": "postal-code", "inputmode": "numeric"}
            ),
            "postal_place": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }
        labels = {
            "name": _("Name"),
            "kind": _("Kind of organisation"),
            "contact_name": _("Contact person"),
            "contact_email": _("Contact e-mail"),
            "contact_phone": _("Contact phone"),
            "street_address": _("Street address"),
            "postal_code": _("Postal code"),
            "postal_place": _("Postal place"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)  # noqa: S101
        kind.choices = [("", _("Choose a kind")), *Kind.choices]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the organisation's name."), code="required")
        return name

    def clean_org_number(self) -> str:
        raw = self.cleaned_data.get("org_number") or ""
        digits = orgnr.normalise(raw)
        if not digits:
            return ""
        if not (digits.isascii() and digits.isdigit()) or len(digits) != 9:
            raise forms.ValidationError(
                _("An organisation number has nine digits, such as 974 760 673."),
                code="format",
            )
        if not orgnr.is_valid(digits):
            raise forms.ValidationError(
                _("This is not a valid organisation number. Check that all nine digits are right."),
                code="invalid_org_number",
            )
        existing = Organisation.objects.filter(org_number=digits).exclude(pk=self.instance.pk)
        duplicate = existing.first()
        if duplicate is not None:
            message: str
            if duplicate.is_public_profile:
                message = format_html(
                    gettext(
                        "{name} is already registered with this organisation number. "
                        '<a class="ds-link" href="{url}">Ask to join {name}</a> instead.'
                    ),
                    name=duplicate.name,
                    url=reverse("directory:join", kwargs={"slug": duplicate.slug}),
                )
            else:
                message = gettext(
                    "An organisation with this organisation number is already registered. "
                    "Ask its administrators or the county library to add you as a member."
                )
            raise forms.ValidationError(message, code="duplicate")
        return digits

    def to_data(self) -> OrganisationData:
        data = self.cleaned_data
        return OrganisationData(
            name=data["name"],
            kind=data["kind"],
            org_number=data.get("org_number") or "",
            home_municipality=data["home_municipality"],
            municipalities_served=list(data.get("municipalities_served") or []),
            target_groups=list(data.get("target_groups") or []),
            themes=list(data.get("themes") or []),
            description=data.get("description") or "",
            contact_name=data.get("contact_name") or "",
            contact_email=data.get("contact_email") or "",
            contact_phone=data.get("contact_phone") or "",
            website=data.get("website") or "",
            street_address=data.get("street_address") or "",
            postal_code=data.get("postal_code") or "",
            postal_place=data.get("postal_place") or "",
            public=bool(data.get("public")),
        )


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the administrators (optional)"),
        required=False,
        max_length=1000,
        help_text=_("Tell them who you are and how you take part in the organisation."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MemberActionForm(forms.Form):
    """One action on the members page: approve, reject, change role or remove."""

    class Action:
        APPROVE = "approve"
        REJECT = "reject"
        MAKE_ADMIN = "make_admin"
        MAKE_MEMBER = "make_member"
        REMOVE = "remove"

    action = forms.ChoiceField(
        choices=[
            (Action.APPROVE, Action.APPROVE),
            (Action.REJECT, Action.REJECT),
            (Action.MAKE_ADMIN, Action.MAKE_ADMIN),
            (Action.MAKE_MEMBER, Action.MAKE_MEMBER),
            (Action.REMOVE, Action.REMOVE),
        ]
    )
    membership = forms.ModelChoiceField(queryset=Membership.objects.none())

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        membership_field = self.fields["membership"]
        assert isinstance(membership_field, forms.ModelChoiceField)  # noqa: S101
        membership_field.queryset = Membership.objects.filter(
            organisation=organisation
        ).select_related("user")


class DirectoryFilterForm(forms.Form):
    """The public directory's filters. Unknown values are ignored, never an error page."""

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
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    target_group = TaxonomyChoiceField(
        label=_("Target group"),
        queryset=TargetGroup.objects.order_by("position", "slug"),
        to_field_name="slug",
        required=False,
        empty_label=_("All target groups"),
    )
    theme = TaxonomyChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.order_by("position", "slug"),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)  # noqa: S101
        kind.choices = [("", _("All kinds")), *Kind.choices]

    def filters(self) -> tuple[OrganisationFilters, list[str]]:
        """The valid filters, and the labels of those that were ignored as unknown.

        Errors are cleared afterwards, so the form shows no error for an ignored value.
        """
        self.is_valid()
        ignored = [str(self.fields[name].label) for name in self.errors]
        data = self.cleaned_data
        county = data.get("county")
        municipality = data.get("municipality")
        target_group = data.get("target_group")
        theme = data.get("theme")
        filters = OrganisationFilters(
            q=(data.get("q") or "").strip(),
            county=county.pk if county else "",
            municipality=municipality.pk if municipality else "",
            kind=data.get("kind") or "",
            target_group=target_group.slug if target_group else "",
            theme=theme.slug if theme else "",
        )
        self.errors.clear()
        return filters, ignored


class CountySyncForm(forms.Form):
    county = forms.ChoiceField(
        label=_("County"),
        error_messages={"invalid_choice": _("You may only sync the counties you coordinate.")},
    )

    def __init__(self, *args: Any, counties: list[County], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["county"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [(c.number, c.name) for c in counties]
        if len(counties) == 1:
            # Nothing to choose: the button says which county it syncs.
            field.widget = forms.HiddenInput()
            field.initial = counties[0].number
