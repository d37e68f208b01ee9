"""Writes to the directory. Each service runs in a transaction and validates before saving.

Services trust their caller to have checked permissions (views and the API fetch their objects
through `permissions.py`); they enforce the rules that must hold whoever calls them, such as
"an organisation always keeps at least one administrator".

E-mail goes out after the transaction commits (`transaction.on_commit`, robust: a mail server
that is down is logged and does not undo or hide what was saved), rendered in each recipient's
own language.
"""

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samskap.accounts.models import User
from samskap.core.mail import absolute_url, send_in_language
from samskap.core.search import search_columns
from samskap.places.models import Municipality

from . import orgnr
from .models import ImportRun, Kind, Membership, Organisation, TargetGroup, Theme

# Slugs that would shadow a fixed URL under /aktorer/.
RESERVED_SLUGS = frozenset({"ny", "registeret"})  # paths under /aktorer/ that are pages

# Letters that Unicode normalisation does not reduce to ASCII, spelt as Norwegians do in URLs.
TRANSLITERATION = str.maketrans(
    {"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ŧ": "t", "Ŧ": "T", "ŋ": "n"}
)

LAST_ADMIN_MESSAGE = _(
    "An organisation must always have at least one administrator. "
    "Make another member an administrator first."
)


@dataclass(frozen=True, kw_only=True)
class OrganisationData:
    """What a person can enter about an organisation (on the profile form or through the API)."""

    name: str
    kind: str
    org_number: str = ""
    home_municipality: Municipality | None = None
    municipalities_served: Sequence[Municipality] = field(default_factory=tuple)
    target_groups: Sequence[TargetGroup] = field(default_factory=tuple)
    themes: Sequence[Theme] = field(default_factory=tuple)
    description: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    website: str = ""
    street_address: str = ""
    postal_code: str = ""
    postal_place: str = ""
    public: bool = False


SCALAR_FIELDS = (
    "name",
    "kind",
    "home_municipality",
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


# --- search -----------------------------------------------------------------------------


@functools.cache
def _kind_names(kind: str) -> tuple[str, ...]:
    """The kind's name in every site language, so the same words are found whatever language
    the organisation was saved in. Cached: the catalogues don't change while the process runs."""
    names: list[str] = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            label = str(Kind(kind).label) if kind in Kind.values else ""
        if label and label not in names:
            names.append(label)
    return tuple(names)


def organisation_search_values(organisation: Organisation) -> dict[str, str]:
    """What full-text search sees of an organisation: name, kind, place and description."""
    municipality = organisation.home_municipality
    return search_columns(
        organisation.name,
        *_kind_names(organisation.kind),
        municipality.name if municipality else None,
        organisation.postal_place,
        organisation.description,
    )


def organisation_refresh_search(*, organisation: Organisation) -> None:
    values = organisation_search_values(organisation)
    for name, value in values.items():
        setattr(organisation, name, value)
    Organisation.objects.filter(pk=organisation.pk).update(**values)


@transaction.atomic
def organisation_save_search(*, organisation: Organisation) -> Organisation:
    organisation_refresh_search(organisation=organisation)
    return organisation


# --- organisations ----------------------------------------------------------------------


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    """A slug for `name` that no other organisation has and no fixed URL uses."""
    base = slugify(name.translate(TRANSLITERATION))[:200] or "aktor"
    if base in RESERVED_SLUGS:
        base = f"{base}-aktor"
    slug, n = base, 1
    taken = Organisation.objects.exclude(pk=exclude_pk) if exclude_pk else Organisation.objects
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _apply(organisation: Organisation, data: OrganisationData) -> None:
    for name in SCALAR_FIELDS:
        setattr(organisation, name, getattr(data, name))
    organisation.name = organisation.name.strip()
    organisation.org_number = orgnr.normalise(data.org_number) or None


def _set_relations(organisation: Organisation, data: OrganisationData) -> None:
    organisation.municipalities_served.set(data.municipalities_served)
    organisation.target_groups.set(data.target_groups)
    organisation.themes.set(data.themes)


@transaction.atomic
def organisation_create(*, by: User, data: OrganisationData) -> Organisation:
    """Register an organisation; the person registering it becomes its administrator.

    Everything is saved or nothing is: a failure anywhere rolls the whole registration back.
    """
    organisation = Organisation(source=Organisation.Source.MANUAL)
    _apply(organisation, data)
    organisation.slug = unique_slug(organisation.name)
    organisation.full_clean()
    organisation.save()
    _set_relations(organisation, data)
    membership = Membership(
        user=by,
        organisation=organisation,
        role=Membership.Role.ADMIN,
        status=Membership.Status.ACTIVE,
    )
    membership.full_clean()
    membership.save()
    organisation_refresh_search(organisation=organisation)
    return organisation


RELATION_FIELDS = ("municipalities_served", "target_groups", "themes")


def _profile_values(organisation: Organisation) -> dict[str, object]:
    """The profile's values as compared to find what an edit changed."""
    values: dict[str, object] = {
        name: getattr(organisation, name) for name in SCALAR_FIELDS if name != "home_municipality"
    }
    values["home_municipality"] = organisation.home_municipality_id
    return values


def _relation_values(organisation: Organisation) -> dict[str, set[object]]:
    if organisation.pk is None:
        return {name: set() for name in RELATION_FIELDS}
    return {
        name: set(getattr(organisation, name).values_list("pk", flat=True))
        for name in RELATION_FIELDS
    }


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, by: User, data: OrganisationData
) -> Organisation:
    """Change an organisation's profile. The slug stays, so links to the profile keep working.

    The fields whose value changed are added to `local_fields`: a later sync from the
    Brønnøysund registers leaves them as the organisation's administrators wrote them.
    """
    before = _profile_values(organisation)
    relations_before = _relation_values(organisation)
    _apply(organisation, data)
    after = _profile_values(organisation)
    changed = {name for name, value in after.items() if before[name] != value}
    changed |= {
        name
        for name in RELATION_FIELDS
        if {item.pk for item in getattr(data, name)} != relations_before[name]
    }
    if changed:
        organisation.local_fields = sorted(set(organisation.local_fields or ()) | changed)
    organisation.full_clean()
    organisation.save()
    _set_relations(organisation, data)
    organisation_refresh_search(organisation=organisation)
    return organisation


# --- memberships ------------------------------------------------------------------------


def organisation_admins(organisation: Organisation) -> list[User]:
    """The active administrators of `organisation`, who receive its notifications."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__role=Membership.Role.ADMIN,
            memberships__status=Membership.Status.ACTIVE,
        ).order_by("pk")
    )


def _send(*, recipient: User, subject: str, template: str, context: dict[str, object]) -> None:
    """Render an e-mail in the recipient's language and send it."""
    send_in_language(
        to=recipient.email,
        language=recipient.language,
        subject=subject,
        body_template=template,
        context={**context, "recipient": recipient},
    )


def _send_join_request(membership_id: int) -> None:
    membership = Membership.objects.select_related("user", "organisation").get(pk=membership_id)
    organisation = membership.organisation
    requester = membership.user
    for admin in organisation_admins(organisation):
        with translation.override(admin.language):
            url = absolute_url(reverse("directory:members", kwargs={"slug": organisation.slug}))
            subject = gettext("%(person)s asks to join %(organisation)s") % {
                "person": str(requester),
                "organisation": organisation.name,
            }
        _send(
            recipient=admin,
            subject=subject,
            template="directory/email/join_request.txt",
            context={
                "organisation": organisation,
                "requester": requester,
                "message": membership.message,
                "url": url,
            },
        )


def _send_membership_approved(membership_id: int) -> None:
    membership = Membership.objects.select_related("user", "organisation").get(pk=membership_id)
    organisation = membership.organisation
    member = membership.user
    with translation.override(member.language):
        url = absolute_url(reverse("directory:detail", kwargs={"slug": organisation.slug}))
        subject = gettext("You are now a member of %(organisation)s") % {
            "organisation": organisation.name
        }
    _send(
        recipient=member,
        subject=subject,
        template="directory/email/membership_approved.txt",
        context={"organisation": organisation, "url": url},
    )


@transaction.atomic
def membership_request(*, organisation: Organisation, user: User, message: str = "") -> Membership:
    """Ask to join `organisation`. Its administrators are told by e-mail.

    Asking again returns the existing membership (pending or active) and sends nothing.
    """
    existing = Membership.objects.filter(organisation=organisation, user=user).first()
    if existing is not None:
        return existing
    membership = Membership(
        organisation=organisation,
        user=user,
        role=Membership.Role.MEMBER,
        status=Membership.Status.PENDING,
        message=message.strip(),
    )
    membership.full_clean()
    membership.save()
    transaction.on_commit(partial(_send_join_request, membership.pk), robust=True)
    return membership


def _lock_organisation(membership: Membership) -> None:
    """Serialise membership changes per organisation, so two admins cannot both step down."""
    Organisation.objects.select_for_update().filter(pk=membership.organisation_id).first()


def _ensure_another_admin(membership: Membership) -> None:
    others = (
        Membership.objects.filter(
            organisation_id=membership.organisation_id,
            role=Membership.Role.ADMIN,
            status=Membership.Status.ACTIVE,
        )
        .exclude(pk=membership.pk)
        .exists()
    )
    if not others:
        raise ValidationError(LAST_ADMIN_MESSAGE, code="last_admin")


@transaction.atomic
def membership_approve(*, membership: Membership, by: User) -> Membership:
    """Approve a request to join; the new member is told by e-mail."""
    if membership.status == Membership.Status.ACTIVE:
        return membership
    membership.status = Membership.Status.ACTIVE
    membership.full_clean()
    membership.save(update_fields=["status"])
    transaction.on_commit(partial(_send_membership_approved, membership.pk), robust=True)
    return membership


@transaction.atomic
def membership_reject(*, membership: Membership, by: User) -> None:
    """Turn down a request to join. Only requests still waiting can be rejected."""
    if membership.status != Membership.Status.PENDING:
        raise ValidationError(
            gettext("Only requests waiting for approval can be rejected."), code="not_pending"
        )
    membership.delete()


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str, by: User) -> Membership:
    """Make an active member an administrator or an ordinary member."""
    if role not in Membership.Role.values:
        raise ValidationError(gettext("Unknown role."), code="invalid_role")
    if membership.status != Membership.Status.ACTIVE:
        raise ValidationError(
            gettext("Approve the request before changing the role."), code="not_active"
        )
    if membership.role == role:
        return membership
    _lock_organisation(membership)
    if membership.role == Membership.Role.ADMIN:
        _ensure_another_admin(membership)
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    """Remove a member. The last administrator cannot be removed."""
    _lock_organisation(membership)
    if membership.role == Membership.Role.ADMIN and membership.status == Membership.Status.ACTIVE:
        _ensure_another_admin(membership)
    membership.delete()


# --- imports from the registers -----------------------------------------------------------


@transaction.atomic
def import_run_start(
    *, by: User | None, county_number: str, source: str = ImportRun.Source.API
) -> ImportRun:
    """Queue a sync of the county `county_number` from the register API as a background task.

    The task is enqueued when the transaction commits, so it always finds the run. While a
    run of the county waits or runs, that run is returned instead of starting another.
    """
    from .tasks import sync_county_from_register  # noqa: PLC0415 - the task imports services

    if source != ImportRun.Source.API:
        raise ValidationError(gettext("Only the register API can be synced from here."))
    pending = (
        ImportRun.objects.select_for_update()
        .filter(
            county_id=county_number,
            source=source,
            status__in=[ImportRun.Status.QUEUED, ImportRun.Status.RUNNING],
        )
        .first()
    )
    if pending is not None:
        return pending
    run = ImportRun(
        source=source,
        county_id=county_number,
        started_by=by,
        status=ImportRun.Status.QUEUED,
        options={"county": county_number, "voluntary_only": False, "org_forms": []},
    )
    run.full_clean()
    run.save()
    run.municipalities.set(Municipality.objects.filter(county_id=county_number))
    transaction.on_commit(partial(sync_county_from_register.enqueue, run.pk), robust=True)
    return run
