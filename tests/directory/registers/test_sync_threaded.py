"""The fast path of `run_import` on PostgreSQL: batches written on a writer thread with COPY and
UPDATE … FROM. It only runs outside a transaction, so these tests commit for real
(`transaction=True`); everywhere else the inline path of `test_sync.py` is used."""

import pytest
from django.db import connection

from samskap.directory.models import ImportRun, Organisation, RegisterUnit
from samskap.directory.registers import sync as sync_module
from samskap.directory.registers.scope import Scope
from samskap.directory.registers.sync import ImportFailed, run_import
from tests.directory.registers.test_sync import number, raw_unit

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="The writer thread and COPY are PostgreSQL-only; SQLite writes inline "
        "(covered by test_sync.py).",
    ),
]


@pytest.fixture(autouse=True)
def _reference_data(reference_data):
    """Municipalities and taxonomies, which an earlier transactional test may have emptied."""


def import_units(raws, *, batch_size=2):
    run = ImportRun.objects.create(source=ImportRun.Source.FILE, whole_country=True)
    units = list(enumerate(raws, start=1))
    return run_import(run, units, scope=Scope.build(), batch_size=batch_size)


def test_first_import_then_changes_through_copy_and_update_from():
    run = import_units([raw_unit(n) for n in range(1, 6)])
    assert (run.status, run.created, run.skipped) == (ImportRun.Status.SUCCEEDED, 5, 0)
    assert Organisation.objects.filter(source="register").count() == 5
    assert RegisterUnit.objects.count() == 5
    first = Organisation.objects.get(org_number=number(1))
    assert first.name == "Skien Røde Kors Lag 1"
    assert first.home_municipality_id == "4003"
    assert list(first.municipalities_served.values_list("number", flat=True)) == ["4003"]
    assert first.search_text  # the stored search vector is computed from it on PostgreSQL

    again = import_units([raw_unit(n) for n in range(1, 6)])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)

    changed = [raw_unit(1, hjemmeside="www.skien-rodekors.no"), raw_unit(2, konkurs=True)]
    run = import_units(changed + [raw_unit(n) for n in range(3, 6)])
    assert (run.updated, run.deactivated, run.unchanged) == (1, 1, 3)
    assert Organisation.objects.get(org_number=number(1)).website == (
        "https://www.skien-rodekors.no"
    )
    assert Organisation.objects.get(org_number=number(2)).status == Organisation.Status.INACTIVE


def test_a_failing_batch_on_the_writer_thread_fails_the_run_and_keeps_earlier_batches(
    monkeypatch,
):
    real_copy_rows = sync_module.copy_rows
    calls = {"units": 0}

    def copy_rows(model, rows, **kwargs):
        if model is RegisterUnit:
            calls["units"] += 1
            if calls["units"] == 2:
                raise RuntimeError("disk full")
        return real_copy_rows(model, rows, **kwargs)

    monkeypatch.setattr(sync_module, "copy_rows", copy_rows)
    with pytest.raises((ImportFailed, RuntimeError)):
        import_units([raw_unit(n) for n in range(1, 7)], batch_size=2)

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    assert "disk full" in run.message
    # Batch 1 (units 1 and 2) was committed; batch 2 was rolled back whole.
    assert sorted(RegisterUnit.objects.values_list("org_number", flat=True)) == [
        number(1),
        number(2),
    ]
    assert Organisation.objects.filter(source="register").count() == 2
    assert run.created == 2
