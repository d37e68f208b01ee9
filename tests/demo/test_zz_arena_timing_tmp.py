import time
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from samskap.demo.activities import this_week
from samskap.demo.arenas import seed_arenas
from samskap.demo.rows import Summary
from samskap.arenas.models import Arena

pytestmark = pytest.mark.django_db

def test_timing():
    from samskap.demo.seeding import seed_organisations, seed_users
    summary = Summary()
    orgs = seed_organisations(summary)
    users = seed_users(summary, orgs)
    for label in ("first", "second"):
        t = time.perf_counter()
        with CaptureQueriesContext(connection) as q:
            seed_arenas(summary, orgs, users, week=this_week())
        print(label, round(time.perf_counter() - t, 3), "s", len(q.captured_queries), "queries")
