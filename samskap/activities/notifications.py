"""E-mails about activities, each rendered in its recipient's language. The services send them
after their transaction commits (`transaction.on_commit`), by the ids of what changed."""

from typing import Any

from django.urls import reverse
from django.utils import translation

from samskap.core.mail import absolute_url, send_in_language, supported_language
from samskap.directory.models import Organisation
from samskap.directory.services import organisation_admins

from .models import Activity, CoOrganiser, SignUp


def _send(*, to: str, language: str, template: str, context: dict[str, Any]) -> None:
    """Render `activities/email/<template>_subject.txt` and `<template>.txt` in `language`
    (with the links in that language) and send them to `to`."""
    language = supported_language(language)
    if "activity" in context:
        with translation.override(language):
            url = absolute_url(context["activity"].get_absolute_url())
        context = {**context, "activity_url": url}
    send_in_language(
        to=to,
        language=language,
        body_template=f"activities/email/{template}.txt",
        subject_template=f"activities/email/{template}_subject.txt",
        context=context,
    )


def _send_to_admins(*, organisation: Organisation, template: str, context: dict[str, Any]) -> None:
    for admin in organisation_admins(organisation):
        _send(
            to=admin.email,
            language=admin.language,
            template=template,
            context={**context, "recipient": admin, "organisation": organisation},
        )


def send_cancelled(activity_id: int, signup_ids: list[int]) -> None:
    activity = Activity.objects.select_related("organiser").get(pk=activity_id)
    by_person: dict[str, list[SignUp]] = {}
    signups = SignUp.objects.filter(pk__in=signup_ids).select_related("occurrence")
    for signup in signups.order_by("occurrence__start", "pk"):
        by_person.setdefault(signup.email.lower(), []).append(signup)
    for person_signups in by_person.values():
        first = person_signups[0]
        _send(
            to=first.email,
            language=first.language,
            template="cancelled",
            context={
                "activity": activity,
                "name": first.name,
                "occurrences": [s.occurrence for s in person_signups],
            },
        )


def send_moderation(activity_id: int, template: str) -> None:
    activity = Activity.objects.select_related("organiser").get(pk=activity_id)
    _send_to_admins(
        organisation=activity.organiser, template=template, context={"activity": activity}
    )


def send_co_organiser_invitation(link_id: int) -> None:
    link = CoOrganiser.objects.select_related("activity__organiser", "organisation").get(pk=link_id)
    for admin in organisation_admins(link.organisation):
        with translation.override(admin.language):
            url = absolute_url(reverse("activities:co_organiser_decide", args=[link.pk]))
        _send(
            to=admin.email,
            language=admin.language,
            template="co_organiser_invitation",
            context={
                "activity": link.activity,
                "organisation": link.organisation,
                "recipient": admin,
                "decide_url": url,
            },
        )


def send_signup_confirmation(signup_id: int) -> None:
    signup = SignUp.objects.select_related("occurrence__activity__organiser").get(pk=signup_id)
    _send(
        to=signup.email,
        language=signup.language,
        template="signup_confirmation",
        context={
            "activity": signup.occurrence.activity,
            "occurrence": signup.occurrence,
            "name": signup.name,
        },
    )
