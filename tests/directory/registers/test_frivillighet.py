"""Frivillighetsregisteret: parsing, saved files and `manage.py import_frivillighetsregisteret`."""

import datetime
import io
import json
from types import SimpleNamespace

import httpx
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from samskap.directory.management.commands import import_frivillighetsregisteret as command
from samskap.directory.models import IcnpoCategory, ImportRun, RegisterUnit
from samskap.directory.registers import frivillighet
from samskap.directory.registers.records import RecordError, VoluntaryRecord
from tests.factories import OrganisationFactory, valid_org_number

FRIV = "https://brreg.test/frivillighetsregisteret/api"


def organisation_json(number, *categories, status="frivilligOrganisasjonsstatus.innfoert"):
    return {
        "organisasjonsnummer": number,
        "frivilligOrganisasjonsstatus": status,
        "innfoertDato": "2013-08-24",
        "grasrotandel": {"deltarI": True, "utestengelsesperiode": None},
        "icnpoKategorier": [
            {"icnpoNummer": code, "navn": name, "rekkefoelge": order}
            for order, (code, name) in enumerate(categories, start=1)
        ],
    }


# --- parse -----------------------------------------------------------------------------------


def test_parse_reads_the_fields_and_normalises_both_code_shapes():
    number = valid_org_number(1)
    raw = {
        "organisasjonsnummer": number,
        "frivilligOrganisasjonsstatus": "AKTIV",
        "innfoertDato": "2024-03-01",
        "icnpoKategorier": [
            {"icnpoNummer": "9100", "kategori": "ICNPOKategori.internasjonale", "rekkefoelge": 2},
            {"icnpoNummer": "01100", "navn": "Kultur og kunst", "rekkefoelge": 1},
            {"icnpoNummer": "1 100", "navn": "Kunst og kultur", "rekkefoelge": 3},
            {"icnpoNummer": "rubbish", "rekkefoelge": 4},
        ],
    }

    record = frivillighet.parse(raw)

    assert record == VoluntaryRecord(
        org_number=number,
        status="AKTIV",
        icnpo_codes=["1100", "9100"],
        registered_on=datetime.date(2024, 3, 1),
        icnpo_names={"1100": "Kultur og kunst"},
    )


def test_parse_without_categories():
    record = frivillighet.parse({"organisasjonsnummer": valid_org_number(2)})

    assert isinstance(record, VoluntaryRecord)
    assert record.icnpo_codes == []
    assert record.registered_on is None


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ([1, 2], "broken"),
        ({"icnpoKategorier": []}, "no_org_number"),
        ({"organisasjonsnummer": "123456789"}, "invalid_org_number"),
        ({"organisasjonsnummer": valid_org_number(3), "icnpoKategorier": "1100"}, "invalid"),
    ],
)
def test_parse_reports_unusable_records(raw, code):
    error = frivillighet.parse(raw, position=7)

    assert isinstance(error, RecordError)
    assert error.code == code
    assert error.position == 7
    assert error.reason


# --- saved files -----------------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["response", "responses", "organisations"])
def test_iter_file_reads_every_saved_shape(tmp_path, shape):
    first = organisation_json(valid_org_number(1), ("01100", "Kunst og kultur"))
    second = organisation_json(valid_org_number(2), ("9100", "Internasjonale"))
    pages = [
        {"_embedded": {"frivilligeOrganisasjoner": [first]}, "_links": {}},
        {"_embedded": {"frivilligeOrganisasjoner": [second]}, "_links": {}},
        {"_links": {"self": {"href": "x"}}},  # the empty last page
    ]
    content = {
        "response": {"_embedded": {"frivilligeOrganisasjoner": [first, second]}},
        "responses": pages,
        "organisations": [first, second],
    }[shape]
    path = tmp_path / "saved.json"
    path.write_text(json.dumps(content), encoding="utf-8")

    numbers = [raw["organisasjonsnummer"] for raw in frivillighet.iter_file(path)]

    assert numbers == [valid_org_number(1), valid_org_number(2)]


def test_iter_file_refuses_broken_json(tmp_path):
    path = tmp_path / "saved.json"
    path.write_text('[{"organisasjonsnummer": "1"}, {"organ', encoding="utf-8")

    with pytest.raises(frivillighet.FileFormatError):
        list(frivillighet.iter_file(path))


# --- the command ---------------------------------------------------------------------------


def imported(n, *, local_fields=(), themes=(), target_groups=()):
    """An organisation as `import_brreg` leaves it: with its RegisterUnit."""
    organisation = OrganisationFactory(
        org_number=valid_org_number(n),
        source="register",
        local_fields=list(local_fields),
        themes=list(themes),
        target_groups=list(target_groups),
    )
    RegisterUnit.objects.create(
        organisation=organisation,
        org_number=organisation.org_number,
        name=organisation.name.upper(),
        org_form="FLI",
        registered_voluntary=True,
        synced_at=timezone.now(),
    )
    return organisation


def slugs(manager):
    return set(manager.values_list("slug", flat=True))


def run_command(*args):
    out = io.StringIO()
    call_command("import_frivillighetsregisteret", *args, "--progress", "none", stdout=out)
    return ImportRun.objects.latest("pk"), out.getvalue()


@pytest.fixture
def saved_file(tmp_path):
    def write(content):
        path = tmp_path / "frivillige.json"
        path.write_text(json.dumps(content), encoding="utf-8")
        return path

    return write


@pytest.mark.django_db
def test_command_on_a_saved_file_sets_categories_themes_and_groups(saved_file):
    choir = imported(1)
    kids = imported(2)
    edited = imported(3, local_fields=["themes"], themes=["reading"])
    not_imported = valid_org_number(4)
    path = saved_file(
        [
            {
                "_embedded": {
                    "frivilligeOrganisasjoner": [
                        organisation_json(choir.org_number, ("01100", "Kunst og kultur")),
                        organisation_json(
                            kids.org_number, ("13100", "Barn og unge"), ("1200", "Idrett")
                        ),
                        organisation_json(edited.org_number, ("1200", "Idrett")),
                        organisation_json(not_imported, ("1100", "Kunst og kultur")),
                        {"organisasjonsnummer": "123456789"},
                    ]
                }
            }
        ]
    )

    run, out = run_command("--file", str(path))

    assert run.status == ImportRun.Status.SUCCEEDED
    assert run.source == ImportRun.Source.VOLUNTARY_FILE
    assert (run.read, run.updated, run.unchanged, run.skipped) == (5, 3, 0, 2)
    assert slugs(choir.themes) == {"arts-culture"}
    assert list(choir.icnpo_categories.values_list("code", flat=True)) == ["1100"]
    assert RegisterUnit.objects.get(org_number=kids.org_number).icnpo_codes == ["13100", "1200"]
    assert slugs(kids.themes) == {"public-health"}
    assert slugs(kids.target_groups) == {"children", "youth"}
    # Admins edited the themes: the register adds none.
    assert slugs(edited.themes) == {"reading"}
    assert set(edited.icnpo_categories.values_list("code", flat=True)) == {"1200"}
    issues = {i.org_number: i for i in run.issues.all()}
    assert issues[not_imported].code == frivillighet.NOT_IMPORTED
    assert "import_brreg" in issues[not_imported].reason
    assert issues["123456789"].code == "invalid_org_number"
    assert "skipped 2" in out


@pytest.mark.django_db
def test_command_is_idempotent_and_never_removes_terms(saved_file):
    organisation = imported(1, themes=["music"])
    path = saved_file([organisation_json(organisation.org_number, ("1 100", "Kunst og kultur"))])

    first, _ = run_command("--file", str(path))
    second, _ = run_command("--file", str(path))

    assert (first.updated, first.unchanged) == (1, 0)
    assert (second.updated, second.unchanged) == (0, 1)
    assert slugs(organisation.themes) == {"music", "arts-culture"}


@pytest.mark.django_db
def test_changed_categories_replace_the_old_ones(saved_file):
    organisation = imported(1)
    run_command(
        "--file", str(saved_file([organisation_json(organisation.org_number, ("1100", "K"))]))
    )

    run_command(
        "--file", str(saved_file([organisation_json(organisation.org_number, ("5100", "N"))]))
    )

    assert list(organisation.icnpo_categories.values_list("code", flat=True)) == ["5100"]
    assert RegisterUnit.objects.get(organisation=organisation).icnpo_codes == ["5100"]
    assert slugs(organisation.themes) == {"arts-culture", "outdoor-life"}


@pytest.mark.django_db
def test_unknown_category_is_created_with_the_registers_name(saved_file):
    organisation = imported(1)
    path = saved_file([organisation_json(organisation.org_number, ("15100", "Noe nytt"))])

    run_command("--file", str(path))

    assert IcnpoCategory.objects.get(code="15100").name == "Noe nytt"
    assert list(organisation.icnpo_categories.values_list("code", flat=True)) == ["15100"]


@pytest.mark.django_db
def test_duplicates_in_the_source_are_reported(saved_file):
    organisation = imported(1)
    raw = organisation_json(organisation.org_number, ("1100", "K"))
    run, _ = run_command("--file", str(saved_file([raw, raw])))

    assert (run.updated, run.skipped) == (1, 1)
    assert run.issues.get().code == frivillighet.DUPLICATE


def voluntary_handler(pages, requests):
    def handler(request):
        requests.append(request)
        cursor = request.url.params.get("searchAfter")
        index = 0 if cursor is None else [p[-1] for p in pages].index(cursor) + 1
        numbers = pages[index]
        body = {
            "_embedded": {
                "frivilligeOrganisasjoner": [
                    organisation_json(n, ("1300", "Rekreasjon")) for n in numbers
                ]
            },
            "_links": {"self": {"href": str(request.url)}},
        }
        if index + 1 < len(pages):
            body["_links"]["next"] = {
                "href": f"{FRIV}/frivillige-organisasjoner?searchAfter={numbers[-1]}&size=100"
            }
        return httpx.Response(200, json=body)

    return handler


@pytest.mark.django_db
def test_command_via_the_api_with_cursor_paging(monkeypatch, settings):
    settings.FRIVILLIGHETSREGISTERET_API_URL = FRIV
    settings.REGISTER_API_MIN_INTERVAL = 0
    organisations = [imported(n) for n in range(1, 6)]
    numbers = [o.org_number for o in organisations]
    requests: list[httpx.Request] = []
    handler = voluntary_handler([numbers[:2], numbers[2:4], numbers[4:]], requests)
    monkeypatch.setattr(command.Command, "transport", httpx.MockTransport(handler))

    run, _ = run_command("--api", "--batch-size", "2")

    assert run.source == ImportRun.Source.VOLUNTARY_API
    assert run.status == ImportRun.Status.SUCCEEDED
    assert (run.read, run.updated, run.skipped) == (5, 5, 0)
    assert len(requests) == 3
    for organisation in organisations:
        assert slugs(organisation.themes) == {"meeting-place"}


@pytest.mark.django_db
def test_command_via_the_api_for_imported_units_only(monkeypatch, settings):
    settings.FRIVILLIGHETSREGISTERET_API_URL = FRIV
    settings.REGISTER_API_MIN_INTERVAL = 0
    organisation = imported(1)
    requests: list[httpx.Request] = []

    def handler(request):
        requests.append(request)
        return httpx.Response(200, json=organisation_json(organisation.org_number, ("7300", "P")))

    monkeypatch.setattr(command.Command, "transport", httpx.MockTransport(handler))

    run, _ = run_command("--api", "--imported-only")

    assert [r.url.path for r in requests] == [
        f"/frivillighetsregisteret/api/frivillige-organisasjoner/{organisation.org_number}"
    ]
    assert run.updated == 1
    assert slugs(organisation.themes) == {"democracy-debate"}


@pytest.mark.django_db
def test_an_api_failure_fails_the_run_and_keeps_earlier_batches(monkeypatch, settings):
    settings.FRIVILLIGHETSREGISTERET_API_URL = FRIV
    settings.REGISTER_API_MIN_INTERVAL = 0
    settings.REGISTER_API_RETRIES = 1
    first = imported(1)

    def handler(request):
        if "searchAfter" in request.url.params:
            return httpx.Response(503)
        body = {
            "_embedded": {
                "frivilligeOrganisasjoner": [organisation_json(first.org_number, ("1200", "I"))]
            },
            "_links": {"next": {"href": f"{FRIV}/x?searchAfter={first.org_number}"}},
        }
        return httpx.Response(200, json=body)

    monkeypatch.setattr(command.Command, "transport", httpx.MockTransport(handler))
    monkeypatch.setattr(command.Command, "sleep", staticmethod(lambda _seconds: None))

    with pytest.raises(CommandError, match="503"):
        run_command("--api", "--batch-size", "1")

    run = ImportRun.objects.latest("pk")
    assert run.status == ImportRun.Status.FAILED
    assert "503" in run.message
    assert run.finished_at is not None
    assert slugs(first.themes) == {"public-health"}


@pytest.mark.django_db
def test_command_refuses_bad_options(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_frivillighetsregisteret", "--file", str(tmp_path / "missing.json"))
    with pytest.raises(CommandError, match="not a valid organisation number"):
        call_command("import_frivillighetsregisteret", "--api", "--org-number", "123")
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_a_broken_file_fails_the_run(saved_file, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("[{", encoding="utf-8")

    with pytest.raises(CommandError, match="not valid JSON"):
        run_command("--file", str(path))

    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


@pytest.mark.django_db
def test_a_failing_batch_is_rolled_back_completely(saved_file, monkeypatch):
    done = imported(1)
    failing = imported(2)
    path = saved_file(
        [
            organisation_json(done.org_number, ("1200", "Idrett")),
            organisation_json(failing.org_number, ("15100", "Ny"), ("13100", "Barn og unge")),
        ]
    )
    calls = []
    real_now = timezone.now

    def now_failing_on_the_second_batch():
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real_now()

    monkeypatch.setattr(
        frivillighet, "timezone", SimpleNamespace(now=now_failing_on_the_second_batch)
    )

    with pytest.raises(RuntimeError):
        run_command("--file", str(path), "--batch-size", "1")

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    assert (run.read, run.updated) == (1, 1)
    assert slugs(done.themes) == {"public-health"}
    # Nothing of the failed batch was written.
    assert RegisterUnit.objects.get(organisation=failing).icnpo_codes == []
    assert not failing.icnpo_categories.exists()
    assert not failing.target_groups.exists()
    assert not IcnpoCategory.objects.filter(code="15100").exists()
