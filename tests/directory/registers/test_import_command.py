"""`manage.py import_brreg` end to end, and the county sync task behind the web UI."""

import csv
import gzip
import io
import json

import httpx
import pytest
from django.core.management import CommandError, call_command

from samskap.directory import tasks
from samskap.directory.models import ImportRun, Organisation, RegisterUnit
from samskap.directory.registers.client import EnhetsregisteretClient
from samskap.directory.services import import_run_start
from tests.directory.registers.test_sync import number, raw_unit

pytestmark = pytest.mark.django_db(transaction=False)


def bulk_units():
    """A small bulk file's units: four in Telemark (one with Skien's pre-2024 number), one in
    Oslo, one limited company, and three records that cannot be used."""
    return [
        raw_unit(1),
        raw_unit(2, forretningsadresse={"adresse": ["Torget 2"], "kommunenummer": "4001"}),
        raw_unit(3, navn="PORSGRUNN BIBLIOTEK", organisasjonsform={"kode": "STI"}),
        raw_unit(4, forretningsadresse={"adresse": ["Karl Johan 1"], "kommunenummer": "0301"}),
        raw_unit(5, organisasjonsform={"kode": "AS"}),
        raw_unit(6, organisasjonsnummer="123456789"),
        "not a unit",
        raw_unit(8, forretningsadresse={"adresse": ["X"], "kommunenummer": "9999"}),
        raw_unit(9, aktivitet=["Linje én", "Linje to"]),
    ]


def write_json_gz(path, units):
    with gzip.open(path, "wt", encoding="utf-8") as f:
        json.dump(units, f, ensure_ascii=False)
    return path


def _flatten(unit, prefix=""):
    for key, value in unit.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        elif isinstance(value, list):
            yield f"{prefix}{key}", "\n".join(value)
        elif isinstance(value, bool):
            yield f"{prefix}{key}", "true" if value else "false"
        elif value is not None:
            yield f"{prefix}{key}", str(value)


def write_csv_gz(path, units):
    rows = [dict(_flatten(u)) for u in units if isinstance(u, dict)]
    columns = sorted({c for row in rows for c in row})
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    with gzip.open(path, "wt", encoding="utf-8", newline="") as f:
        f.write(buffer.getvalue())
    return path


def run_command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_brreg", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_bulk_json_gz_end_to_end(tmp_path):
    path = write_json_gz(tmp_path / "enheter_alle.json.gz", bulk_units())

    out, err = run_command("--file", str(path), "--county", "40", "--progress-every", "2")

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.SUCCEEDED
    assert run.source == ImportRun.Source.FILE
    assert run.county_id == "40"
    assert (run.created, run.updated, run.unchanged, run.skipped) == (4, 0, 0, 2)
    assert sorted(Organisation.objects.values_list("org_number", flat=True)) == sorted(
        number(n) for n in (1, 2, 3, 9)
    )
    assert Organisation.objects.get(org_number=number(1)).home_municipality_id == "4003"
    assert Organisation.objects.get(org_number=number(3)).name == "Porsgrunn Bibliotek"
    assert sorted(run.issues.values_list("position", "code")) == [
        (6, "invalid_org_number"),
        (7, "broken"),
    ]
    assert "created:" in out
    assert "skipped record 6" in out
    assert "records read" in err  # plain progress lines when not a terminal

    out, _ = run_command("--file", str(path), "--county", "40")

    second = ImportRun.objects.latest("pk")
    assert (second.created, second.updated, second.unchanged) == (0, 0, 4)


def test_bulk_csv_gz_gives_the_same_units_as_json(tmp_path):
    units = bulk_units()
    run_command("--file", str(write_csv_gz(tmp_path / "enheter.csv.gz", units)), "--county", "40")

    first = ImportRun.objects.get()
    assert first.created == 4
    assert Organisation.objects.get(org_number=number(9)).description == "Linje én Linje to"

    run_command("--file", str(write_json_gz(tmp_path / "e.json.gz", units)), "--county", "40")

    second = ImportRun.objects.latest("pk")
    assert (second.created, second.updated, second.unchanged) == (0, 0, 4)


def test_whole_country_reports_unknown_municipality(tmp_path):
    path = write_json_gz(tmp_path / "enheter_alle.json.gz", bulk_units())

    run_command("--file", str(path), "--voluntary-only")

    run = ImportRun.objects.get()
    assert run.whole_country
    assert run.created == 5  # Oslo included; the AS is not a default form
    assert ("unknown_municipality", number(8)) in set(run.issues.values_list("code", "org_number"))


def test_truncated_gzip_fails_the_run_and_keeps_earlier_batches(tmp_path):
    # Large enough that the parser has yielded units before it meets the cut (it reads
    # 256 KB at a time).
    units = [raw_unit(n) for n in range(1, 3001)]
    path = write_json_gz(tmp_path / "enheter_alle.json.gz", units)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])

    with pytest.raises(CommandError) as error:
        run_command("--file", str(path), "--batch-size", "250")

    assert error.value.returncode == 1
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    assert "too early" in run.message
    created = Organisation.objects.count()
    assert 250 <= created < 3000
    assert created % 250 == 0  # whole batches only
    assert run.created == created
    assert RegisterUnit.objects.count() == created


def test_unknown_place_is_a_command_error(tmp_path):
    path = write_json_gz(tmp_path / "e.json.gz", [])

    with pytest.raises(CommandError, match="9999"):
        run_command("--file", str(path), "--municipality", "9999")
    assert not ImportRun.objects.exists()


def _stub_client(handler):
    return EnhetsregisteretClient(
        "https://brreg.test/enhetsregisteret/api",
        transport=httpx.MockTransport(handler),
        retries=0,
        min_interval=0,
        sleep=lambda seconds: None,
    )


def _search_handler(units_by_search):
    def handler(request):
        key = (request.url.params["kommunenummer"], request.url.params["organisasjonsform"])
        units = units_by_search.get(key, [])
        page = {"size": 100, "totalElements": len(units), "totalPages": 1 if units else 0}
        body = {"page": {**page, "number": 0}}
        if units:
            body["_embedded"] = {"enheter": units}
        return httpx.Response(200, json=body)

    return handler


def test_api_import_per_municipality(monkeypatch):
    handler = _search_handler({("4003", "FLI"): [raw_unit(1), raw_unit(2)]})
    monkeypatch.setattr(tasks, "register_client", lambda: _stub_client(handler))

    run_command("--api", "--municipality", "4003")

    run = ImportRun.objects.get()
    assert run.source == ImportRun.Source.API
    assert run.created == 2
    assert list(run.municipalities.values_list("pk", flat=True)) == ["4003"]


def test_api_import_needs_a_place():
    with pytest.raises(CommandError, match="--county"):
        run_command("--api")


def test_county_sync_task_started_from_the_service(
    monkeypatch, coordinator, django_capture_on_commit_callbacks
):
    handler = _search_handler({("4003", "FLI"): [raw_unit(1)], ("4001", "STI"): [raw_unit(2)]})
    monkeypatch.setattr(tasks, "register_client", lambda: _stub_client(handler))

    with django_capture_on_commit_callbacks(execute=True):
        run = import_run_start(by=coordinator, county_number="40")

    run.refresh_from_db()
    assert run.status == ImportRun.Status.SUCCEEDED
    assert run.started_by == coordinator
    assert run.created == 2
    assert ImportRun.objects.last_checked("4003") == run
    assert ImportRun.objects.last_checked("0301") is None


def test_county_sync_task_http_error_fails_the_run(
    monkeypatch, coordinator, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(
        tasks, "register_client", lambda: _stub_client(lambda request: httpx.Response(503))
    )

    with django_capture_on_commit_callbacks(execute=True):
        run = import_run_start(by=coordinator, county_number="40")

    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert "503" in run.message
    assert not Organisation.objects.filter(source="register").exists()


def test_a_second_start_while_a_run_waits_returns_that_run(coordinator):
    first = import_run_start(by=coordinator, county_number="40")  # not committed: still queued

    second = import_run_start(by=coordinator, county_number="40")

    assert second == first
    assert ImportRun.objects.count() == 1


def test_runs_and_register_units_are_read_only_in_the_admin(client, platform_admin, tmp_path):
    run_command("--file", str(write_json_gz(tmp_path / "e.json.gz", bulk_units())))
    run = ImportRun.objects.get()
    unit = RegisterUnit.objects.first()
    client.force_login(platform_admin)

    assert client.get(f"/admin/directory/importrun/{run.pk}/change/").status_code == 200
    assert client.get(f"/admin/directory/registerunit/{unit.pk}/change/").status_code == 200
    assert client.get("/admin/directory/importrun/").status_code == 200
    assert client.get("/admin/directory/importrun/add/").status_code == 403
    response = client.post(f"/admin/directory/registerunit/{unit.pk}/change/", {"name": "X"})
    assert response.status_code == 403
    unit.refresh_from_db()
    assert unit.name != "X"


def test_one_command_imports_a_county_with_icnpo_based_themes(tmp_path):
    """The demo extracts: Enhetsregisteret's bulk file and a saved Frivillighetsregisteret file."""
    from io import StringIO
    from pathlib import Path

    from django.core.management import call_command

    from samskap.directory.models import Organisation

    data = Path(__file__).resolve().parents[3] / "samskap" / "demo" / "data"
    out = StringIO()
    call_command(
        "import_brreg",
        file=data / "enheter_demo.json",
        county="40",
        voluntary_only=True,
        icnpo_file=data / "frivillige_organisasjoner_demo.json",
        stdout=out,
        stderr=StringIO(),
    )
    turlag = Organisation.objects.get(name="Skien Turlag")
    assert turlag.home_municipality_id == "4003"
    assert turlag.kind == "voluntary"
    assert list(turlag.icnpo_categories.values_list("code", flat=True)) == ["1200"]
    assert list(turlag.themes.values_list("slug", flat=True)) == ["public-health"]
    # Vestfold's units are outside the county, so they are not imported.
    assert not Organisation.objects.filter(name="Tønsberg Lesesirkel").exists()
