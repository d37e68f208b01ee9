"""The coordinators' pages for syncing a county from the register and reading run reports."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from samskap.directory import services, views_register
from samskap.directory.models import ImportRun, ImportRunIssue
from samskap.directory.permissions import can_sync_county
from tests.directory.conftest import ROLES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RUNS_URL = "/en/aktorer/registeret/"
HTMX = {"HTTP_HX_REQUEST": "true"}
# Session, user, the user's counties, the count of runs and one page of runs (county and
# starter joined in): the same however many runs there are.
RUNS_LIST_QUERIES = 5


def run_url(run):
    return f"/en/aktorer/registeret/{run.pk}/"


def make_run(county="40", **fields):
    defaults = {"source": ImportRun.Source.API, "status": ImportRun.Status.SUCCEEDED}
    return ImportRun.objects.create(county_id=county, **{**defaults, **fields})


@pytest.fixture
def telemark_run(coordinator):
    return make_run(
        "40", started_by=coordinator, read=120, created=7, updated=3, unchanged=100, skipped=2
    )


@pytest.fixture
def fake_start(monkeypatch):
    """Replaces the service (which enqueues a background task that calls the register's API):
    records its arguments and creates a queued run as the service would."""
    calls = []

    def start(*, by, county_number):
        calls.append((by, county_number))
        return ImportRun.objects.create(
            source=ImportRun.Source.API,
            county_id=county_number,
            started_by=by,
            status=ImportRun.Status.QUEUED,
        )

    monkeypatch.setattr(services, "import_run_start", start, raising=False)
    return calls


# --- the predicate ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("member", False),
        ("org_admin", False),
        ("coordinator", True),
        ("other_coordinator", False),
        ("platform_admin", True),
    ],
)
def test_can_sync_county_telemark(as_role, role, expected):
    from django.contrib.auth.models import AnonymousUser

    person = as_role(role) or AnonymousUser()
    assert can_sync_county(person, "40") is expected


def test_whole_country_runs_are_for_platform_admins_only(coordinator, platform_admin):
    assert can_sync_county(platform_admin, "") is True
    assert can_sync_county(coordinator, "") is False


def test_an_inactive_coordinator_may_not_sync(coordinator):
    coordinator.is_active = False
    coordinator.save()
    assert can_sync_county(coordinator, "40") is False


# --- permission matrix over the pages ---------------------------------------------------

LIST_STATUS = {
    "anonymous": 302,
    "outsider": 403,
    "member": 403,
    "org_admin": 403,
    "coordinator": 200,
    "other_coordinator": 200,  # their own county's page
    "platform_admin": 200,
}
DETAIL_STATUS = {
    "anonymous": 302,
    "outsider": 404,
    "member": 404,
    "org_admin": 404,
    "coordinator": 200,
    "other_coordinator": 404,
    "platform_admin": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_runs_page_access(client, as_role, role):
    as_role(role)
    response = client.get(RUNS_URL)
    assert response.status_code == LIST_STATUS[role]
    if role == "anonymous":
        assert response["Location"].startswith("/en/konto/login/?next=")


@pytest.mark.parametrize("role", ROLES)
def test_run_detail_access(client, as_role, role, telemark_run):
    as_role(role)
    response = client.get(run_url(telemark_run))
    assert response.status_code == DETAIL_STATUS[role]
    if role == "anonymous":
        assert response["Location"].startswith("/en/konto/login/?next=")


@pytest.mark.parametrize("role", ROLES)
def test_starting_a_sync_of_telemark(client, as_role, role, fake_start):
    person = as_role(role)
    response = client.post(RUNS_URL, {"county": "40"})
    if role in ("coordinator", "platform_admin"):
        run = ImportRun.objects.get()
        assert response.status_code == 302
        assert response["Location"] == run_url(run)
        assert fake_start == [(person, "40")]
        return
    assert fake_start == []
    assert not ImportRun.objects.exists()
    if role == "other_coordinator":
        # Telemark is not among the choices: the form says so and nothing starts.
        assert response.status_code == 200
        assert "You may only sync the counties you coordinate." in response.content.decode()
    else:
        assert response.status_code == LIST_STATUS[role]


def test_the_urls_have_names():
    with translation.override("nb"):
        assert reverse("directory:register_runs") == "/aktorer/registeret/"
        assert reverse("directory:register_run", kwargs={"pk": 5}) == "/aktorer/registeret/5/"


# --- the runs list ----------------------------------------------------------------------


def test_a_coordinator_sees_only_their_own_countys_runs(client, coordinator, telemark_run):
    make_run("39", created=99_001)
    make_run(None, source=ImportRun.Source.FILE, whole_country=True, created=99_002)
    client.force_login(coordinator)
    html = client.get(RUNS_URL).content.decode()
    assert run_url(telemark_run) in html
    assert "Telemark" in html
    assert "99001" not in html and "99 001" not in html
    assert "99002" not in html and "99 002" not in html
    assert "1 import run</caption>" in html


def test_a_platform_admin_sees_every_run_and_every_county(client, platform_admin, telemark_run):
    vestfold = make_run("39")
    whole = make_run(None, source=ImportRun.Source.FILE, whole_country=True)
    client.force_login(platform_admin)
    html = client.get(RUNS_URL).content.decode()
    for run in (telemark_run, vestfold, whole):
        assert run_url(run) in html
    assert "Whole country" in html
    assert html.count("<option") == 15  # every county to choose from
    # A whole-country run is readable by the platform admin only.
    assert client.get(run_url(whole)).status_code == 200


def test_the_runs_list_shows_status_starter_and_counts(client, coordinator, telemark_run):
    coordinator.name = "Kari Koordinator"
    coordinator.save()
    client.force_login(coordinator)
    html = client.get(RUNS_URL).content.decode()
    assert "Kari Koordinator" in html
    assert "Finished" in html
    assert "<td>7</td>" in html and "<td>100</td>" in html


def test_a_coordinator_of_one_county_gets_a_button_naming_it(client, coordinator):
    client.force_login(coordinator)
    html = client.get(RUNS_URL).content.decode()
    assert "Sync Telemark from the register now" in html
    assert 'type="hidden" name="county" value="40"' in html
    assert "<select" not in html
    assert "No runs yet." in html


def test_a_coordinator_of_several_counties_picks_one(client, coordinator, fake_start):
    coordinator.coordinator_for.add("39")
    client.force_login(coordinator)
    html = client.get(RUNS_URL).content.decode()
    assert "<select" in html
    assert html.count("<option") == 2
    assert "Sync my county from the register now" in html
    response = client.post(RUNS_URL, {"county": "39"})
    assert response.status_code == 302
    assert fake_start == [(coordinator, "39")]


def test_the_sync_message_names_the_county(client, coordinator, fake_start):
    client.force_login(coordinator)
    response = client.post(RUNS_URL, {"county": "40"}, follow=True)
    assert response.status_code == 200
    assert "The sync of Telemark from the register has started." in response.content.decode()
    assert "Waiting to start" in response.content.decode()


def test_a_refused_start_is_shown_and_nothing_starts(client, coordinator, monkeypatch):
    def refuse(*, by, county_number):
        raise ValidationError("A sync of Telemark is already running.")

    monkeypatch.setattr(services, "import_run_start", refuse, raising=False)
    client.force_login(coordinator)
    response = client.post(RUNS_URL, {"county": "40"}, follow=True)
    assert response.redirect_chain == [(RUNS_URL, 302)]
    assert "A sync of Telemark is already running." in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_post_without_a_county_keeps_the_page(client, coordinator, fake_start):
    coordinator.coordinator_for.add("39")
    client.force_login(coordinator)
    response = client.post(RUNS_URL, {})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert fake_start == []


def test_the_runs_list_has_a_constant_number_of_queries(
    client, coordinator, django_assert_num_queries
):
    client.force_login(coordinator)
    other = UserFactory()
    for _ in range(2):
        make_run("40", started_by=coordinator)
    with django_assert_num_queries(RUNS_LIST_QUERIES):
        assert client.get(RUNS_URL).status_code == 200
    for _ in range(15):
        make_run("40", started_by=other)
    with django_assert_num_queries(RUNS_LIST_QUERIES):
        assert client.get(RUNS_URL).status_code == 200


def test_the_runs_list_is_paginated(client, coordinator):
    runs = [make_run("40") for _ in range(views_register.RUNS_PAGE_SIZE + 1)]
    client.force_login(coordinator)
    first = client.get(RUNS_URL).content.decode()
    assert run_url(runs[-1]) in first  # newest first
    assert run_url(runs[0]) not in first
    assert "Older runs" in first
    second = client.get(RUNS_URL + "?page=2").content.decode()
    assert run_url(runs[0]) in second
    assert "Newer runs" in second


def test_the_runs_page_in_bokmal(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/aktorer/registeret/")
    assert response.status_code == 200
    with translation.override("nb"):
        assert gettext("Latest runs") in response.content.decode()


# --- a run's report ---------------------------------------------------------------------


def test_the_report_shows_counts_and_translated_reasons(client, coordinator, telemark_run):
    ImportRunIssue.objects.create(
        run=telemark_run,
        position=17,
        org_number="123456789",
        action=ImportRunIssue.Action.SKIPPED,
        code=ImportRunIssue.Code.UNKNOWN_MUNICIPALITY,
        reason="Unknown municipality number 9999.",
    )
    ImportRunIssue.objects.create(
        run=telemark_run,
        position=3,
        org_number="987654321",
        action=ImportRunIssue.Action.DEACTIVATED,
        code=ImportRunIssue.Code.BANKRUPT,
    )
    client.force_login(coordinator)
    html = client.get(run_url(telemark_run)).content.decode()
    assert "<dd>120</dd>" in html  # read
    assert "<dd>7</dd>" in html  # created
    assert "Unknown municipality number" in html
    assert "Bankrupt" in html and "Marked inactive" in html
    assert html.index("987654321") < html.index("123456789")  # in the order of the file
    assert "2 records skipped, marked inactive or active again" in html
    assert 'hx-trigger="every 5s"' not in html  # finished: no refreshing

    with translation.override("nb"):
        nb_html = client.get(f"/aktorer/registeret/{telemark_run.pk}/").content.decode()
        assert gettext("Unknown municipality number") in nb_html


def test_the_issues_are_paginated(client, coordinator, telemark_run):
    ImportRunIssue.objects.bulk_create(
        ImportRunIssue(
            run=telemark_run,
            position=n,
            org_number=f"{n:09d}",
            action=ImportRunIssue.Action.SKIPPED,
            code=ImportRunIssue.Code.INVALID_ORG_NUMBER,
        )
        for n in range(1, views_register.ISSUES_PAGE_SIZE + 6)
    )
    client.force_login(coordinator)
    first = client.get(run_url(telemark_run)).content.decode()
    assert f"{1:09d}" in first
    assert f"{views_register.ISSUES_PAGE_SIZE + 1:09d}" not in first
    second = client.get(run_url(telemark_run) + "?page=2").content.decode()
    assert f"{views_register.ISSUES_PAGE_SIZE + 1:09d}" in second
    assert f"{1:09d}</td>" not in second


def test_a_run_in_progress_refreshes_its_summary(client, coordinator):
    run = make_run("40", status=ImportRun.Status.RUNNING, read=50)
    client.force_login(coordinator)
    page = client.get(run_url(run)).content.decode()
    assert 'hx-trigger="every 5s"' in page
    assert "The run is not finished." in page
    fragment = client.get(run_url(run), **HTMX)
    html = fragment.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in html
    assert 'id="run-summary"' in html
    assert "<dd>50</dd>" in html
    assert "Records worth a look" not in html


def test_a_failed_run_says_so(client, coordinator):
    run = make_run("40", status=ImportRun.Status.FAILED)
    run.message = "GET https://data.brreg.no/enhetsregisteret/api/enheter: connection refused"
    run.save(update_fields=["message"])
    client.force_login(coordinator)
    html = client.get(run_url(run)).content.decode()
    assert "The run stopped before it was done." in html
    assert (
        "<code>GET https://data.brreg.no/enhetsregisteret/api/enheter: connection refused" in html
    )


def test_an_unknown_run_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/en/aktorer/registeret/999999/").status_code == 404


def test_a_coordinator_may_not_read_a_whole_country_run(client, coordinator):
    run = make_run(None, source=ImportRun.Source.FILE, whole_country=True)
    client.force_login(coordinator)
    assert client.get(run_url(run)).status_code == 404


def test_the_button_queues_a_sync_through_the_service(
    client, coordinator, django_capture_on_commit_callbacks
):
    """The real service: a queued run of Telemark, started by the coordinator, and the task
    enqueued when the transaction commits (not run here: it would call the register)."""
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(RUNS_URL, {"county": "40"})
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == run_url(run)
    assert (run.county_id, run.started_by, run.status) == ("40", coordinator, "queued")
    assert run.municipalities.filter(county_id="40").count() == run.municipalities.count() > 0
    assert len(callbacks) == 1
