"""Reads for the hosts of an arena: the participant list with its counts and filters, the
export, the recipients of a message, and the organisations that can be invited."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from samskap.directory.models import Membership, Organisation

from ..models import HOLDING_PLACE, Arena, Registration
from .registration import places_left
from .registration import registration_counts as status_counts

# Status filters of the participant list ("" is everyone who has not cancelled).
STATUS_FILTERS = (
    "",
    "all",
    Registration.Status.CONFIRMED,
    Registration.Status.ATTENDED,
    Registration.Status.WAITLISTED,
    Registration.Status.CANCELLED,
)
MAX_SEARCH_LENGTH = 100


@dataclass(frozen=True)
class RegistrationCounts:
    arena: Arena
    confirmed: int
    waitlisted: int
    attended: int
    cancelled: int

    @property
    def capacity(self) -> int:
        return self.arena.capacity

    @property
    def holding_place(self) -> int:
        """Confirmed and attended: the people who take a place."""
        return self.confirmed + self.attended

    @property
    def places_left(self) -> int:
        return places_left(self.arena, self.holding_place)


def registration_counts(arena: Arena) -> RegistrationCounts:
    """The arena's registrations counted by status, in one query."""
    return RegistrationCounts(arena=arena, **status_counts(arena))


def registrations_for_host(
    arena: Arena, *, status: str = "", query: str = ""
) -> QuerySet[Registration]:
    """The arena's registrations as hosts see them, with organisation and municipality.

    `status` is one of `STATUS_FILTERS`: "" leaves out the cancelled, "all" keeps them.
    `query` matches name, e-mail and organisation (directory or typed), case-insensitively.
    Ordered by name; the waiting list alone is in its order (first in line first)."""
    registrations = Registration.objects.filter(arena=arena).select_related(
        "organisation", "municipality"
    )
    if status == "":
        registrations = registrations.exclude(status=Registration.Status.CANCELLED)
    elif status != "all":
        registrations = registrations.filter(status=status)
    query = " ".join(query.split())[:MAX_SEARCH_LENGTH]
    if query:
        registrations = registrations.filter(
            Q(name__icontains=query)
            | Q(email__icontains=query)
            | Q(organisation_name__icontains=query)
            | Q(organisation__name__icontains=query)
        )
    if status == Registration.Status.WAITLISTED:
        return registrations.order_by("waitlisted_at", "pk")
    return registrations.order_by(Lower("name"), "pk")


def waitlist_positions(arena: Arena) -> dict[int, int]:
    """Registration id → place in the waiting line (1 is next), in one query."""
    ids = Registration.objects.filter(arena=arena).waitlisted().values_list("pk", flat=True)
    return {pk: position for position, pk in enumerate(ids, start=1)}


def registration_of_arena(arena: Arena, pk: int) -> Registration | None:
    return (
        Registration.objects.select_related("arena", "organisation", "municipality")
        .filter(arena=arena, pk=pk)
        .first()
    )


def first_waitlisted(arena: Arena) -> Registration | None:
    return Registration.objects.filter(arena=arena).waitlisted().first()


def registrations_for_export(arena: Arena) -> QuerySet[Registration]:
    """Every registration, cancelled ones too, by status and then name."""
    return (
        Registration.objects.filter(arena=arena)
        .select_related("organisation", "municipality")
        .order_by("status", Lower("name"), "pk")
    )


def message_recipient_ids(arena: Arena, *, include_waitlist: bool) -> list[int]:
    """The registrations a message to the participants goes to: confirmed and attended, and
    the waiting list when asked."""
    statuses = list(HOLDING_PLACE)
    if include_waitlist:
        statuses.append(Registration.Status.WAITLISTED)
    return list(
        Registration.objects.filter(arena=arena, status__in=statuses)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


# --- invitations ------------------------------------------------------------------------


def invited_organisations(arena: Arena) -> QuerySet[Organisation]:
    return arena.invited_organisations.select_related("home_municipality").order_by(
        Lower("name"), "pk"
    )


def invitable_organisations(
    arena: Arena, *, kind: str = "", sector: str = "", query: str = ""
) -> QuerySet[Organisation]:
    """Active organisations at home in the arena's county that are not invited yet."""
    organisations = (
        Organisation.objects.filter(
            home_municipality__county_id=arena.county_id,
            status=Organisation.Status.ACTIVE,
        )
        .exclude(arena_invitations=arena)
        .select_related("home_municipality")
    )
    if kind:
        organisations = organisations.filter(kind=kind)
    if sector:
        organisations = organisations.filter(sector=sector)
    query = " ".join(query.split())[:MAX_SEARCH_LENGTH]
    if query:
        organisations = organisations.filter(name__icontains=query)
    return organisations.order_by(Lower("name"), "pk")


@dataclass(frozen=True)
class InvitationAddress:
    organisation_id: int
    email: str
    language: str
    name: str


def invitation_addresses(organisations: list[Organisation]) -> list[InvitationAddress]:
    """Where each organisation's invitation goes: its active administrators (in their own
    language; the same people as `directory.services.organisation_admins`, in one query for
    all organisations) and its contact address (in the default language), once per address."""
    admins = (
        Membership.objects.filter(
            organisation__in=organisations,
            role=Membership.Role.ADMIN,
            status=Membership.Status.ACTIVE,
            user__is_active=True,
        )
        .order_by("organisation_id", "user_id")
        .values_list("organisation_id", "user__email", "user__language", "user__name")
    )
    by_organisation: dict[int, list[InvitationAddress]] = {o.pk: [] for o in organisations}
    for organisation_id, email, language, name in admins:
        by_organisation[organisation_id].append(
            InvitationAddress(organisation_id, email, language or "", name or "")
        )
    addresses: list[InvitationAddress] = []
    for organisation in organisations:
        found = by_organisation[organisation.pk]
        seen = {address.email.lower() for address in found}
        contact = organisation.contact_email.strip()
        if contact and contact.lower() not in seen:
            found.append(InvitationAddress(organisation.pk, contact, "", organisation.contact_name))
        addresses.extend(found)
    return addresses


def organisations_without_address(organisations: list[Organisation]) -> list[str]:
    """The names of the organisations an invitation cannot reach: no active administrator
    and no contact address."""
    reached = {address.organisation_id for address in invitation_addresses(organisations)}
    return [o.name for o in organisations if o.pk not in reached]
