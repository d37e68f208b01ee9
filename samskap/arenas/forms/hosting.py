"""The hosts' forms: filtering the participant list, marking attendance, messaging the
participants, and choosing organisations to invite."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from samskap.directory.models import Kind, Organisation, Sector

from ..models import Registration
from ..selectors.hosting import MAX_SEARCH_LENGTH
from ..services.hosting import MAX_BODY_LENGTH, MAX_SUBJECT_LENGTH

# The query parameters of the participant list a form may carry back to it.
LIST_PARAMETERS = ("status", "q", "page")


def list_query(raw: str) -> str:
    """The participant list's own parameters from `raw` (a query string), re-encoded: the
    way back to the list after an action, which can never point anywhere else."""
    given = QueryDict(raw)
    kept = QueryDict(mutable=True)
    for name in LIST_PARAMETERS:
        value = given.get(name, "")[:MAX_SEARCH_LENGTH]
        if value:
            kept[name] = value
    return kept.urlencode()


class ParticipantFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Find by name, organisation or e-mail"),
        required=False,
        max_length=MAX_SEARCH_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Everyone except cancelled")),
            (Registration.Status.CONFIRMED, _("Confirmed, not marked present")),
            (Registration.Status.ATTENDED, _("Present")),
            (Registration.Status.WAITLISTED, _("On the waiting list")),
            (Registration.Status.CANCELLED, _("Cancelled")),
            ("all", _("Everyone, cancelled too")),
        ],
    )

    def values(self) -> tuple[str, str]:
        """(status, query); an invalid filter shows everyone except the cancelled."""
        if not self.is_valid():
            return "", ""
        return self.cleaned_data["status"] or "", self.cleaned_data["q"] or ""


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )
    back = forms.CharField(required=False, max_length=500)


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=MAX_SUBJECT_LENGTH)
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_BODY_LENGTH,
        help_text=_(
            "Plain text, at most 5,000 characters. Each person gets it with the arena's title "
            "and time and their own link to their registration."
        ),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    include_waitlist = forms.BooleanField(
        label=_("Send it to the waiting list too"), required=False
    )


class InviteFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=MAX_SEARCH_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices]
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )

    def values(self) -> dict[str, str]:
        if not self.is_valid():
            return {"kind": "", "sector": "", "query": ""}
        return {
            "kind": self.cleaned_data["kind"] or "",
            "sector": self.cleaned_data["sector"] or "",
            "query": self.cleaned_data["q"] or "",
        }


class InviteForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        required=False,
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _(
                "One of the organisations cannot be invited (it may have been invited "
                "already). Choose again."
            ),
        },
    )
    all_of_sector = forms.ChoiceField(
        label=_("Or invite every organisation of a sector in the county"),
        required=False,
        choices=[("", _("No, only those I ticked")), *Sector.choices],
    )

    def __init__(self, *args: Any, invitable: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitable = invitable
        field = self.fields["organisations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101
        field.queryset = invitable

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        nothing_chosen = not cleaned.get("organisations") and not cleaned.get("all_of_sector")
        if nothing_chosen and not self.errors:
            raise ValidationError(
                _("Tick the organisations to invite, or choose a sector."), code="empty"
            )
        return cleaned

    def chosen(self) -> list[Organisation]:
        """The ticked organisations and, when a sector is chosen, all of its not yet invited
        organisations in the county."""
        chosen = list(self.cleaned_data["organisations"])
        sector = self.cleaned_data.get("all_of_sector")
        if sector:
            chosen.extend(self.invitable.filter(sector=sector))
        return chosen
