"""The sync from Enhetsregisteret: upsert, idempotence, local edits, status, report, batches."""

import datetime

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from samskap.directory.models import (
    ImportRun,
    ImportRunIssue,
    Kind,
    Organisation,
    RegisterUnit,
)
from samskap.directory.registers.mapping import MunicipalityLookup, map_unit
from samskap.directory.registers.records import RecordError, UnitRecord
from samskap.directory.registers.scope import Scope
from samskap.directory.registers.sync import RegisterSync, run_import
from samskap.directory.services import OrganisationData, organisation_update
from tests.factories import MembershipFactory, OrganisationFactory, valid_org_number

pytestmark = pytest.mark.django_db


def number(n: int) -> str:
    """The organisation number of test unit `n`."""
    return valid_org_number(5000 + 10 * n)


def raw_unit(n: int, **overrides):
    """A raw unit as the register's JSON has it (a voluntary association in Skien by default,
    written with Skien's pre-2024 number 3807)."""
    raw = {
        "organisasjonsnummer": number(n),
        "navn": f"SKIEN RØDE KORS LAG {n}",
        "organisasjonsform": {"kode": "FLI", "beskrivelse": "Forening/lag/innretning"},
        "naeringskode1": {"kode": "94.991", "beskrivelse": "Aktiviteter i andre interesseorg."},
        "forretningsadresse": {
            "adresse": [f"Storgata {n}"],
            "postnummer": "3724",
            "poststed": "SKIEN",
            "kommunenummer": "3807",
            "kommune": "SKIEN",
        },
        "hjemmeside": "www.example.no",
        "aktivitet": ["Hjelp til alle som trenger det."],
        "registrertIFrivillighetsregisteret": True,
        "konkurs": False,
        "underAvvikling": False,
        "underTvangsavviklingEllerTvangsopplosning": False,
    }
    raw.update(overrides)
    return raw


def records(raws):
    lookup = MunicipalityLookup()
    return [map_unit(raw, position=i, municipalities=lookup) for i, raw in enumerate(raws, 1)]


def new_run(**kwargs):
    return ImportRun.objects.create(source=ImportRun.Source.FILE, whole_country=True, **kwargs)


def sync(raws, *, batch_size=1000, run=None):
    run = run or new_run()
    syncer = RegisterSync(run, batch_size=batch_size)
    for position, item in enumerate(records(raws), 1):
        syncer.feed(item, position=position)
    return syncer.finish()


def counts(run):
    return {
        name: getattr(run, name)
        for name in ("created", "updated", "unchanged", "deactivated", "reactivated", "skipped")
    }


def updates(queries, table):
    return [q["sql"] for q in queries if q["sql"].startswith("UPDATE") and table in q["sql"]]


def test_new_units_become_register_organisations():
    run = sync([raw_unit(1)])

    organisation = Organisation.objects.get(org_number=number(1))
    assert organisation.source == Organisation.Source.REGISTER
    assert organisation.name == "Skien Røde Kors Lag 1"
    assert organisation.kind == Kind.VOLUNTARY
    assert organisation.home_municipality_id == "4003"  # 3807 through the 2024 table
    assert list(organisation.municipalities_served.values_list("pk", flat=True)) == ["4003"]
    assert organisation.website == "https://www.example.no"
    assert organisation.street_address == "Storgata 1"
    assert organisation.postal_code == "3724"
    assert organisation.postal_place == "Skien"  # the register writes "SKIEN"
    assert organisation.description == "Hjelp til alle som trenger det."
    assert organisation.status == Organisation.Status.ACTIVE
    assert organisation.register_synced_at is not None
    assert "skien" in organisation.search_text.lower()
    unit = organisation.register_unit
    assert unit.name == "SKIEN RØDE KORS LAG 1"
    assert unit.org_form == "FLI"
    assert unit.industry_codes == ["94.991"]
    assert unit.municipality_number == "4003"
    assert unit.business_address["municipality_number"] == "3807"
    assert unit.fingerprint
    assert counts(run) == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "deactivated": 0,
        "reactivated": 0,
        "skipped": 0,
    }
    assert run.status == ImportRun.Status.SUCCEEDED
    assert run.finished_at is not None


def test_public_only_when_registered_voluntary_or_a_public_body():
    sync(
        [
            raw_unit(1),
            raw_unit(2, registrertIFrivillighetsregisteret=False),
            raw_unit(
                3,
                registrertIFrivillighetsregisteret=False,
                organisasjonsform={"kode": "KOMM"},
                naeringskode1={"kode": "91.011"},
            ),
        ]
    )

    public = dict(Organisation.objects.values_list("org_number", "public"))
    assert public == {
        number(1): True,
        number(2): False,
        number(3): True,
    }


def test_a_second_run_with_the_same_data_changes_nothing():
    raws = [raw_unit(n) for n in range(1, 6)]
    sync(raws)
    before = list(Organisation.objects.order_by("pk").values())

    with CaptureQueriesContext(connection) as queries:
        run = sync(raws)

    assert counts(run) == {
        "created": 0,
        "updated": 0,
        "unchanged": 5,
        "deactivated": 0,
        "reactivated": 0,
        "skipped": 0,
    }
    assert updates(queries.captured_queries, "directory_organisation") == []
    assert updates(queries.captured_queries, "directory_registerunit") == []
    assert list(Organisation.objects.order_by("pk").values()) == before


def test_changed_register_data_updates_the_organisation():
    sync([raw_unit(1)])

    run = sync([raw_unit(1, aktivitet=["Førstehjelp og besøkstjeneste."])])

    assert counts(run)["updated"] == 1
    organisation = Organisation.objects.get(org_number=number(1))
    assert organisation.description == "Førstehjelp og besøkstjeneste."
    assert organisation.register_unit.activity == "Førstehjelp og besøkstjeneste."


def test_a_move_changes_the_home_and_the_municipality_served():
    sync([raw_unit(1)])

    run = sync([raw_unit(1, forretningsadresse={"adresse": ["Torget 1"], "kommunenummer": "4001"})])

    organisation = Organisation.objects.get()
    assert counts(run)["updated"] == 1
    assert organisation.home_municipality_id == "4001"
    assert list(organisation.municipalities_served.values_list("pk", flat=True)) == ["4001"]


def test_local_edits_survive_a_sync():
    sync([raw_unit(1)])
    organisation = Organisation.objects.get(org_number=number(1))
    admin = MembershipFactory(organisation=organisation, role="admin").user
    organisation_update(
        organisation=organisation,
        by=admin,
        data=OrganisationData(
            name="Røde Kors i Skien",
            kind=organisation.kind,
            org_number=organisation.org_number,
            home_municipality=organisation.home_municipality,
            municipalities_served=list(organisation.municipalities_served.all()),
            description=organisation.description,
            website=organisation.website,
            street_address=organisation.street_address,
            postal_code=organisation.postal_code,
            postal_place=organisation.postal_place,
            public=organisation.public,
        ),
    )
    organisation.refresh_from_db()
    assert organisation.local_fields == ["name"]

    sync(
        [
            raw_unit(
                1,
                navn="SKIEN RØDE KORS HJELPEKORPS",
                aktivitet=["Ny aktivitet."],
            )
        ]
    )

    organisation.refresh_from_db()
    assert organisation.name == "Røde Kors i Skien"  # edited locally: kept
    assert organisation.description == "Ny aktivitet."  # not edited: from the register
    assert organisation.register_unit.name == "SKIEN RØDE KORS HJELPEKORPS"


def test_edit_records_only_fields_whose_value_changed(organisation, org_admin):
    data = OrganisationData(
        name=organisation.name,
        kind=organisation.kind,
        org_number=organisation.org_number,
        home_municipality=organisation.home_municipality,
        description="Ny beskrivelse.",
        public=organisation.public,
        themes=[],
    )

    organisation_update(organisation=organisation, by=org_admin, data=data)

    organisation.refresh_from_db()
    assert organisation.local_fields == ["description"]


def test_manual_organisation_with_the_number_keeps_its_profile():
    manual = OrganisationFactory(
        name="Vårt lag", org_number=number(1), source=Organisation.Source.MANUAL
    )

    run = sync([raw_unit(1)])

    manual.refresh_from_db()
    assert counts(run)["updated"] == 1
    assert manual.name == "Vårt lag"
    assert manual.register_unit.name == "SKIEN RØDE KORS LAG 1"
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"slettedato": "2026-10-01"}, RegisterUnit.InactiveReason.DELETED),
        ({"konkurs": True}, RegisterUnit.InactiveReason.BANKRUPT),
        ({"underAvvikling": True}, RegisterUnit.InactiveReason.WINDING_UP),
        (
            {"underTvangsavviklingEllerTvangsopplosning": True},
            RegisterUnit.InactiveReason.FORCED_WINDING_UP,
        ),
    ],
)
def test_deleted_bankrupt_or_winding_up_deactivates_and_coming_back_reactivates(overrides, reason):
    sync([raw_unit(1), raw_unit(2)])

    run = sync([raw_unit(1, **overrides), raw_unit(2)])

    organisation = Organisation.objects.get(org_number=number(1))
    assert organisation.status == Organisation.Status.INACTIVE
    assert organisation.register_unit.inactive_reason == reason
    assert organisation.register_unit.inactive_since is not None
    assert counts(run)["deactivated"] == 1
    assert counts(run)["unchanged"] == 1
    issue = run.issues.get()
    assert (issue.action, issue.code, issue.org_number, issue.position) == (
        ImportRunIssue.Action.DEACTIVATED,
        reason,
        organisation.org_number,
        1,
    )

    back = sync([raw_unit(1), raw_unit(2)])

    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.ACTIVE
    assert organisation.register_unit.inactive_reason == ""
    assert organisation.register_unit.inactive_since is None
    assert counts(back)["reactivated"] == 1
    assert back.issues.get().action == ImportRunIssue.Action.REACTIVATED
    assert Organisation.objects.count() == 2  # never deleted


def test_an_organisation_made_inactive_by_hand_stays_inactive():
    sync([raw_unit(1)])
    Organisation.objects.update(status=Organisation.Status.INACTIVE)

    run = sync([raw_unit(1, aktivitet=["Endret."])])

    assert Organisation.objects.get().status == Organisation.Status.INACTIVE
    assert counts(run)["updated"] == 1
    assert counts(run)["reactivated"] == 0


def test_deleted_date_is_kept_as_inactive_since():
    sync([raw_unit(1)])

    sync([raw_unit(1, slettedato="2026-10-01")])

    unit = RegisterUnit.objects.get()
    assert unit.deleted_on == datetime.date(2026, 10, 1)
    assert unit.inactive_since == datetime.date(2026, 10, 1)


def test_removed_marker_deactivates_without_wiping_the_profile():
    sync([raw_unit(1)])
    org_number = number(1)

    sync([{"organisasjonsnummer": org_number, "slettedato": "2026-11-01", "_removed": True}])

    organisation = Organisation.objects.get(org_number=org_number)
    assert organisation.status == Organisation.Status.INACTIVE
    assert organisation.name == "Skien Røde Kors Lag 1"
    assert organisation.register_unit.name == "SKIEN RØDE KORS LAG 1"
    assert organisation.register_unit.deleted_on == datetime.date(2026, 11, 1)
    assert organisation.register_unit.inactive_reason == "removed"


def test_a_unit_first_seen_inactive_is_not_created():
    run = sync([raw_unit(1, konkurs=True)])

    assert not Organisation.objects.exists()
    assert counts(run)["skipped"] == 1
    assert run.issues.get().code == "bankrupt"


def test_unusable_records_are_skipped_with_position_number_and_reason():
    raws = [
        raw_unit(1),
        raw_unit(2, organisasjonsnummer=None),
        raw_unit(3, organisasjonsnummer="123456789"),
        raw_unit(
            4,
            forretningsadresse={"adresse": ["X"], "kommunenummer": "9999"},
        ),
        raw_unit(5),
    ]
    run = new_run()
    syncer = RegisterSync(run)
    for position, item in enumerate(records(raws), 1):
        syncer.feed(item, position=position)
    syncer.feed(RecordError(position=6, reason="The record is not an object.", code="broken"))
    syncer.feed(records([raw_unit(5)])[0], position=7)  # twice in the same batch
    syncer.finish()

    issues = list(run.issues.values_list("position", "org_number", "code"))
    assert issues == [
        (2, "", "no_org_number"),
        (3, "123456789", "invalid_org_number"),
        (4, number(4), "unknown_municipality"),
        (6, "", "broken"),
        (7, number(5), "duplicate"),
    ]
    assert all(run.issues.values_list("reason", flat=True))
    assert run.skipped == 5
    assert run.created == 2
    assert run.read == 7


def test_slugs_are_unique_without_a_query_per_record():
    OrganisationFactory(name="Taken", slug="skien-rode-kors-lag-1")
    sync(
        [
            raw_unit(1),
            raw_unit(2, navn="SKIEN RØDE KORS LAG 2"),
            raw_unit(3, navn="SKIEN RØDE KORS LAG 2"),
        ]
    )

    slugs = dict(Organisation.objects.filter(source="register").values_list("org_number", "slug"))
    assert slugs == {
        number(1): f"skien-rode-kors-lag-1-{number(1)}",
        number(2): "skien-rode-kors-lag-2",
        number(3): f"skien-rode-kors-lag-2-{number(3)}",
    }


def _query_count(raws, *, run=None):
    with CaptureQueriesContext(connection) as queries:
        sync(raws, run=run)
    return len(queries.captured_queries)


def test_queries_per_batch_do_not_grow_with_the_number_of_records():
    few = _query_count([raw_unit(n) for n in range(1, 4)])
    many = _query_count([raw_unit(n) for n in range(100, 160)])
    assert few == many

    changed_few = _query_count([raw_unit(n, aktivitet=["Endret."]) for n in range(1, 4)])
    changed_many = _query_count([raw_unit(n, aktivitet=["Endret."]) for n in range(100, 160)])
    assert changed_few == changed_many


def test_a_failing_batch_is_rolled_back_completely(monkeypatch):
    run = new_run()
    calls = {"n": 0}
    original = RegisterUnit.objects.bulk_create

    def failing_bulk_create(objs, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:  # the second batch, after its organisations were inserted
            raise DatabaseError("disk full")
        return original(objs, *args, **kwargs)

    monkeypatch.setattr(RegisterUnit.objects, "bulk_create", failing_bulk_create)
    units = [(n, raw_unit(n)) for n in range(1, 8)]

    with pytest.raises(DatabaseError):
        run_import(run, units, scope=Scope(org_forms=frozenset()), batch_size=3)
    assert calls["n"] == 2

    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert "disk full" in run.message
    assert run.created == 3
    assert sorted(Organisation.objects.values_list("org_number", flat=True)) == sorted(
        number(n) for n in (1, 2, 3)
    )
    assert RegisterUnit.objects.count() == 3


def test_records_outside_the_scope_are_left_out():
    run = new_run()
    scope = Scope.build(municipalities=["4001"])
    units = [
        (1, raw_unit(1)),
        (
            2,
            raw_unit(
                2,
                forretningsadresse={"adresse": ["Torget 1"], "kommunenummer": "3806"},
            ),
        ),
    ]

    run_import(run, units, scope=scope)

    assert list(Organisation.objects.values_list("home_municipality_id", flat=True)) == ["4001"]
    assert run.read == 1


def test_records_are_mapped_units():
    assert isinstance(records([raw_unit(1)])[0], UnitRecord)
