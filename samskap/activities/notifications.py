"""E-mails about activities, each rendered in its recipient's language. The services send them
after their transaction commits (`transaction.on_commit`), by the ids of what changed."""

from typing import Any

from django.tasks import task
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
    """Queue one e-mail per person signed up (a background task each, so a failed delivery
    neither stops the others nor holds up the organiser's request)."""
    by_person: dict[str, list[int]] = {}
    signups = SignUp.objects.filter(pk__in=signup_ids).order_by("occurrence__start", "pk")
    for signup_id, email in signups.values_list("pk", "email"):
        by_person.setdefault(email.lower(), []).append(signup_id)
    for person_signup_ids in by_person.values():
        send_cancelled_to_person.enqueue(activity_id, person_signup_ids)


@task
def send_cancelled_to_person(activity_id: int, signup_ids: list[int]) -> None:
    """Tell one person that the activity they signed up for (at these times) is cancelled."""
    activity = Activity.objects.select_related("organiser").get(pk=activity_id)
    person_signups = list(
        SignUp.objects.filter(pk__in=signup_ids)
        .select_related("occurrence")
        .order_by("occurrence__start", "pk")
    )
    if not person_signups:
        return
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
