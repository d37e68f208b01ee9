"""Forms of the hosts' breakout groups page: making the groups, moving a person, the rounds'
titles and questions with the groups' video room links, and publishing."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from ..models import Arena, BreakoutGroup, BreakoutRound, Question, Registration
from ..services.groups import MAX_ROUNDS, MAX_SEED, URL_MAX_LENGTH, RoundDetails

DEFAULT_GROUP_SIZE = 5
DEFAULT_ROUNDS = 3

MODE_CHOICES = [
    (
        BreakoutRound.Mode.MIXED.value,
        _("Mix municipalities: people meet colleagues from other municipalities"),
    ),
    (
        BreakoutRound.Mode.LOCAL.value,
        _(
            "Keep municipalities together: people from the same municipality sit together, "
            "so they can plan something at home"
        ),
    ),
]


class GenerateForm(forms.Form):
    group_size = forms.IntegerField(
        label=_("People per group"),
        initial=DEFAULT_GROUP_SIZE,
        help_text=_(
            "The groups are made as even as possible: 23 people with 5 per group give "
            "5 groups of 4 or 5."
        ),
        widget=forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
    )
    rounds = forms.IntegerField(
        label=_("Rounds"),
        initial=DEFAULT_ROUNDS,
        help_text=_("Everyone is in one group per round, and meets new people in each round."),
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_ROUNDS, "inputmode": "numeric"}),
    )
    mode = forms.ChoiceField(
        label=_("How to group people"),
        choices=MODE_CHOICES,
        initial=BreakoutRound.Mode.MIXED.value,
        widget=forms.RadioSelect,
        help_text=_(
            "Either way, people from the same organisation are spread over the groups, and "
            "every group gets someone from a library and someone from the voluntary sector "
            "when there are enough of them."
        ),
    )
    seed = forms.IntegerField(
        label=_("Seed"),
        required=False,
        min_value=0,
        max_value=MAX_SEED,
        help_text=_(
            "The same people with the same seed give the same groups. "
            "“Shuffle again” picks a new seed for you."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    replace = forms.BooleanField(
        label=_("Replace the current groups"),
        required=False,
        help_text=_(
            "The current groups, your moves and the video room links are removed, and the "
            "groups are hidden from participants until you publish them again."
        ),
    )

    def __init__(self, *args: Any, has_groups: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_groups = has_groups
        if not has_groups:
            del self.fields["replace"]

    def clean_replace(self) -> bool:
        replace = bool(self.cleaned_data.get("replace"))
        if self.has_groups and not replace:
            raise forms.ValidationError(
                _("Tick the box to replace the current groups."), code="confirm"
            )
        return replace


class MoveForm(forms.Form):
    """One person's move to another group of a round (hidden fields and a select)."""

    registration = forms.ModelChoiceField(queryset=Registration.objects.none())
    round = forms.ModelChoiceField(queryset=BreakoutRound.objects.none())
    group = forms.ModelChoiceField(queryset=BreakoutGroup.objects.none())

    def __init__(self, *args: Any, arena: Arena, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_queryset("registration", Registration.objects.filter(arena=arena))
        self._set_queryset("round", BreakoutRound.objects.filter(arena=arena))
        self._set_queryset("group", BreakoutGroup.objects.filter(round__arena=arena))

    def _set_queryset(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = queryset


class PublishForm(forms.Form):
    action = forms.ChoiceField(choices=[("publish", "publish"), ("unpublish", "unpublish")])


@dataclass(frozen=True)
class RoundFields:
    round: BreakoutRound
    title: BoundField
    question: BoundField
    links: list[tuple[BreakoutGroup, BoundField]]


class LinksForm(forms.Form):
    """Per round a title and a question, per group a video room link; saved together."""

    def __init__(
        self,
        *args: Any,
        rounds: Sequence[BreakoutRound],
        questions: Sequence[Question],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rounds = list(rounds)
        self.questions = {str(question.pk): question for question in questions}
        question_choices = [
            ("", _("No question")),
            *[(k, q.text) for k, q in self.questions.items()],
        ]
        for breakout_round in self.rounds:
            self.fields[f"title_{breakout_round.pk}"] = forms.CharField(
                label=_("Title of round %(number)s") % {"number": breakout_round.number},
                required=False,
                max_length=200,
                initial=breakout_round.title,
            )
            self.fields[f"question_{breakout_round.pk}"] = forms.ChoiceField(
                label=_("Question for round %(number)s") % {"number": breakout_round.number},
                required=False,
                choices=question_choices,
                initial=str(breakout_round.question_id or ""),
            )
            for group in breakout_round.groups.all():
                self.fields[f"link_{group.pk}"] = forms.CharField(
                    label=_("Video room of group %(number)s") % {"number": group.number},
                    required=False,
                    max_length=URL_MAX_LENGTH,
                    initial=group.video_url,
                    widget=forms.URLInput(attrs={"autocomplete": "off"}),
                )

    def grouped(self) -> list[RoundFields]:
        return [
            RoundFields(
                round=breakout_round,
                title=self[f"title_{breakout_round.pk}"],
                question=self[f"question_{breakout_round.pk}"],
                links=[(group, self[f"link_{group.pk}"]) for group in breakout_round.groups.all()],
            )
            for breakout_round in self.rounds
        ]

    def links(self) -> dict[int, str]:
        return {
            group.pk: self.cleaned_data.get(f"link_{group.pk}", "")
            for breakout_round in self.rounds
            for group in breakout_round.groups.all()
        }

    def round_details(self) -> dict[int, RoundDetails]:
        return {
            breakout_round.pk: RoundDetails(
                title=self.cleaned_data.get(f"title_{breakout_round.pk}", ""),
                question=self.questions.get(
                    self.cleaned_data.get(f"question_{breakout_round.pk}", "")
                ),
            )
            for breakout_round in self.rounds
        }

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        """Errors from `group_links_set`, keyed by group pk (or "round-<pk>")."""
        for key, messages in errors.items():
            name = (
                f"title_{key.removeprefix('round-')}" if key.startswith("round-") else f"link_{key}"
            )
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
