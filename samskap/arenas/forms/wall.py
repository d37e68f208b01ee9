"""Forms of the live wall: joining with the code, posting a contribution, and the hosts'
moderation of one contribution."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ..models import MAX_CONTRIBUTION_LENGTH, Arena, BreakoutGroup, Contribution, Question
from ..services.wall import MAX_TAG_LENGTH, MAX_TAGS


def normalise_code(value: str) -> str:
    """A join code as stored: upper case, without spaces or dashes people type in."""
    return "".join(value.split()).replace("-", "").upper()


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Join code"),
        max_length=40,
        help_text=_("The code the hosts show, for example ABCD 2345. Spaces do not matter."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    name = forms.CharField(
        label=_("Your name on the wall (optional)"),
        max_length=150,
        required=False,
        help_text=_("Leave it empty to post without a name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("Type the join code."), code="required")
        return code


class ContributionForm(forms.Form):
    question = forms.ModelChoiceField(
        label=_("Question"), queryset=Question.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Contribution.Kind.choices,
        initial=Contribution.Kind.ANSWER,
        widget=forms.RadioSelect,
    )
    group = forms.TypedChoiceField(
        label=_("Post from"), required=False, coerce=int, empty_value=None
    )
    text = forms.CharField(
        label=_("Your answer or idea"),
        # No max_length here: the browser would cut a long pasted text silently. The length
        # is checked below with a message, and the text is kept for shortening.
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    author_name = forms.CharField(
        label=_("Shown as (optional)"),
        max_length=150,
        required=False,
        help_text=_("Leave it empty to post without a name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(
        self,
        *args: Any,
        arena: Arena,
        groups: list[BreakoutGroup] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = _("At most %(limit)s characters.") % {
            "limit": number_format(MAX_CONTRIBUTION_LENGTH, force_grouping=True)
        }
        question_field = self.fields["question"]
        assert isinstance(question_field, forms.ModelChoiceField)  # noqa: S101
        question_field.queryset = Question.objects.filter(arena=arena).order_by("position", "pk")
        self.groups = {group.pk: group for group in groups or []}
        if self.groups:
            group_field = self.fields["group"]
            assert isinstance(group_field, forms.TypedChoiceField)  # noqa: S101
            group_field.choices = [("", _("Only me"))] + [
                (
                    group.pk,
                    _("Group %(group)s in round %(round)s")
                    % {"group": group.number, "round": group.round.number},
                )
                for group in self.groups.values()
            ]
        else:
            del self.fields["group"]

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"].strip()
        if len(text) > MAX_CONTRIBUTION_LENGTH:
            raise forms.ValidationError(
                _(
                    "The text is %(length)s characters long; the most is %(limit)s. "
                    "Shorten it, or split it into two contributions."
                ),
                code="max_length",
                params={"length": len(text), "limit": MAX_CONTRIBUTION_LENGTH},
            )
        return text

    def clean_group(self) -> BreakoutGroup | None:
        value = self.cleaned_data.get("group")
        if value is None:
            return None
        group = self.groups.get(value)
        if group is None:
            raise forms.ValidationError(_("Choose one of your groups."), code="invalid")
        return group


class ContributionChoiceField(forms.ModelChoiceField[Contribution]):
    def label_from_instance(self, obj: Contribution) -> str:
        text = " ".join(obj.text.split())
        return text if len(text) <= 120 else f"{text[:119]}…"


class ModerateForm(forms.Form):
    """One moderation action on a contribution; which fields count depends on `action`."""

    class Action:
        HIDE = "hide"
        SHOW = "show"
        MERGE = "merge"
        TAG = "tag"

    action = forms.ChoiceField(
        choices=[
            (Action.HIDE, _("Hide")),
            (Action.SHOW, _("Show")),
            (Action.MERGE, _("Merge")),
            (Action.TAG, _("Tag")),
        ],
        widget=forms.HiddenInput,
    )
    into = ContributionChoiceField(
        label=_("Merge into"),
        queryset=Contribution.objects.none(),
        required=False,
        help_text=_(
            "The other contribution stays; this one leaves the wall and its support moves "
            "there (a person who supported both counts once)."
        ),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=MAX_TAGS * (MAX_TAG_LENGTH + 2),
        help_text=_("Separate tags with commas, for example: youth, follow up."),
    )

    def __init__(self, *args: Any, targets: QuerySet[Contribution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        into = self.fields["into"]
        assert isinstance(into, forms.ModelChoiceField)  # noqa: S101
        into.queryset = targets

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == self.Action.MERGE and not data.get("into"):
            self.add_error("into", _("Choose the contribution to merge into."))
        return data
