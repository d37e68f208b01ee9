"""Writes the demo of `content.py` so that running it again changes nothing.

Everything is looked up by a natural key (organisation slug, user e-mail, county and
municipality numbers, taxonomy slugs) and only saved when it differs from what the demo
declares, so a second run reports every row as unchanged.
"""

from collections.abc import Iterable, Mapping
from io import StringIO
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import models, transaction

from samskap.accounts.models import User
from samskap.directory.models import ImportRun, Membership, Organisation, TargetGroup, Theme
from samskap.directory.services import organisation_search_values
from samskap.places.models import County, Municipality

from .activities import seed_activities, this_week
from .arenas import seed_arenas
from .content import (
    DEMO_PASSWORD,
    DEMO_USERS,
    MUNICIPALITIES,
    OrganisationSpec,
    UserSpec,
    demo_organisations,
)
from .rows import CREATED, UNCHANGED, UPDATED, Summary, assign, by_slug, sync_m2m

# The organisation's many-to-many relations the demo sets.
RELATIONS = ("target_groups", "themes", "municipalities_served")


def seed_organisations(summary: Summary) -> dict[str, Organisation]:
    specs = demo_organisations()
    municipalities = Municipality.objects.in_bulk(
        {m for spec in specs for m in (spec.municipality, *spec.served)}
    )
    if len(municipalities) < len(MUNICIPALITIES):
        raise ImproperlyConfigured("Municipalities are missing. Run `manage.py migrate` first.")
    target_groups = by_slug(TargetGroup, (s for spec in specs for s in spec.target_groups))
    themes = by_slug(Theme, (s for spec in specs for s in spec.themes))

    slugs = [spec.slug for spec in specs]
    existing = {
        org.slug: org
        for org in Organisation.objects.filter(slug__in=slugs)
        .select_related("home_municipality")
        .prefetch_related(*RELATIONS)
    }
    # An organisation outside the demo (from an import, say) may already hold a number.
    taken = dict(
        Organisation.objects.filter(org_number__in=[s.org_number for s in specs if s.org_number])
        .exclude(slug__in=slugs)
        .values_list("org_number", "slug")
    )

    organisations: dict[str, Organisation] = {}
    # Relation rows of new organisations, written together at the end.
    new_links: dict[str, list[models.Model]] = {name: [] for name in RELATIONS}
    for spec in specs:
        org = existing.get(spec.slug)
        created = org is None
        if org is None:
            org = Organisation(slug=spec.slug)
        number = spec.org_number
        if number in taken:
            summary.notes.append(
                f"{spec.name}: organisation number {number} belongs to {taken[number]}; left empty."
            )
            number = None
        changed = assign(org, _organisation_values(spec, number, municipalities))
        changed |= assign(org, organisation_search_values(org))
        if created or changed:
            org.full_clean()
            org.save()
        wanted: dict[str, list[models.Model]] = {
            "target_groups": [target_groups[s] for s in spec.target_groups],
            "themes": [themes[s] for s in spec.themes],
            "municipalities_served": [municipalities[m] for m in spec.served],
        }
        for name, objects in wanted.items():
            if created:
                new_links[name].extend(_links(org, name, objects))
            else:
                changed |= sync_m2m(getattr(org, name), objects)
        summary.add("Organisations", CREATED if created else UPDATED if changed else UNCHANGED)
        organisations[spec.slug] = org
    for name, rows in new_links.items():
        getattr(Organisation, name).through.objects.bulk_create(rows)
    return organisations


def _links(org: Organisation, name: str, objects: Iterable[models.Model]) -> list[models.Model]:
    """Rows of the many-to-many table `name` linking a new `org` to `objects`."""
    field = Organisation._meta.get_field(name)
    if not isinstance(field, models.ManyToManyField):
        raise TypeError(f"{name} is not a many-to-many field")
    through = getattr(Organisation, name).through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    return [through(**{f"{source}_id": org.pk, f"{target}_id": obj.pk}) for obj in objects]


def _organisation_values(
    spec: OrganisationSpec, number: str | None, municipalities: Mapping[str, Municipality]
) -> dict[str, Any]:
    return {
        "name": spec.name,
        "org_number": number,
        "kind": spec.kind,
        "home_municipality": municipalities[spec.municipality],
        "description": spec.description,
        "public": spec.public,
        "status": Organisation.Status.ACTIVE,
        "source": Organisation.Source.MANUAL,
        "postal_place": spec.postal_place,
    }


def seed_users(
    summary: Summary, organisations: Mapping[str, Organisation], *, reset_passwords: bool = False
) -> dict[str, User]:
    """The demo users. A new user gets the demo password; an existing one keeps theirs unless
    `reset_passwords` (checking a password costs a deliberately slow hash per user)."""
    emails = [spec.email for spec in DEMO_USERS]
    existing = {
        u.email: u
        for u in User.objects.filter(email__in=emails).prefetch_related("coordinator_for")
    }
    addresses = {
        (a.user_id, a.email.lower()): a for a in EmailAddress.objects.filter(user__email__in=emails)
    }
    users: dict[str, User] = {}
    for spec in DEMO_USERS:
        user = existing.get(spec.email)
        created = user is None
        if user is None:
            user = User(email=spec.email)
        changed = assign(user, _user_values(spec))
        if (
            created
            or not user.has_usable_password()
            or (reset_passwords and not user.check_password(DEMO_PASSWORD))
        ):
            user.set_password(DEMO_PASSWORD)
            changed = True
        if changed:
            user.full_clean()
            user.save()
        changed |= sync_m2m(
            user.coordinator_for, County.objects.filter(number__in=spec.coordinator_for)
        )
        summary.add("Users", CREATED if created else UPDATED if changed else UNCHANGED)
        _seed_address(summary, user, addresses.get((user.pk, spec.email)))
        users[spec.email] = user
    _seed_memberships(summary, users, organisations)
    return users


def _user_values(spec: UserSpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "language": spec.language,
        "is_active": True,
        "is_staff": spec.staff,
        "is_superuser": spec.staff,
    }


def _seed_address(summary: Summary, user: User, address: EmailAddress | None) -> None:
    """A verified, primary e-mail address, so the user can sign in under mandatory
    verification."""
    if address is None:
        EmailAddress.objects.filter(user=user, primary=True).update(primary=False)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        summary.add("Verified e-mail addresses", CREATED)
    elif assign(address, {"verified": True, "primary": True}):
        EmailAddress.objects.filter(user=user, primary=True).exclude(pk=address.pk).update(
            primary=False
        )
        address.save()
        summary.add("Verified e-mail addresses", UPDATED)
    else:
        summary.add("Verified e-mail addresses", UNCHANGED)


def _seed_memberships(
    summary: Summary, users: Mapping[str, User], organisations: Mapping[str, Organisation]
) -> None:
    existing = {
        (m.user_id, m.organisation_id): m
        for m in Membership.objects.filter(user__in=list(users.values()))
    }
    for spec in DEMO_USERS:
        user = users[spec.email]
        for slug, role, status, message in spec.memberships:
            organisation = organisations[slug]
            membership = existing.get((user.pk, organisation.pk))
            values = {"role": role, "status": status, "message": message}
            if membership is None:
                membership = Membership(user=user, organisation=organisation, **values)
                membership.full_clean()
                membership.save()
                summary.add("Memberships", CREATED)
            elif assign(membership, values):
                membership.full_clean()
                membership.save()
                summary.add("Memberships", UPDATED)
            else:
                summary.add("Memberships", UNCHANGED)


@transaction.atomic
def seed_demo(*, reset_passwords: bool = False) -> Summary:
    """Create or bring up to date the whole demo; returns what was done."""
    summary = Summary()
    organisations = seed_organisations(summary)
    users = seed_users(summary, organisations, reset_passwords=reset_passwords)
    seed_register_import(summary)
    seed_activities(summary, organisations, users)
    seed_arenas(summary, organisations, users, week=this_week())
    return summary


REGISTER_DATA = Path(__file__).resolve().parent / "data"
REGISTER_FILE = REGISTER_DATA / "enheter_demo.json"
VOLUNTARY_FILE = REGISTER_DATA / "frivillige_organisasjoner_demo.json"


def seed_register_import(summary: Summary) -> None:
    """Import the demo register extract through the real pipeline, once per county, so each
    coordinator has a run report and the directory has register-sourced profiles. Skipped when
    the demo's runs exist (a new run every time would not leave the demo unchanged)."""
    done = ImportRun.objects.filter(
        source=ImportRun.Source.FILE, options__file=str(REGISTER_FILE)
    ).values_list("county_id", flat=True)
    missing = [county for county in ("39", "40") if county not in set(done)]
    for county in missing:
        call_command("import_brreg", file=REGISTER_FILE, county=county, stdout=StringIO())
    if missing:
        call_command("import_frivillighetsregisteret", file=VOLUNTARY_FILE, stdout=StringIO())
    for _county in missing:
        summary.add("Register import runs", CREATED)
    for _county in set(done):
        summary.add("Register import runs", UNCHANGED)
