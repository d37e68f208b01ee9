"""Background tasks of the directory (run by the TASKS backend: the database worker in
production, immediately in tests)."""

import logging

from django.tasks import task

from .models import ImportRun
from .registers.client import EnhetsregisteretClient, RegisterAPIError
from .registers.scope import Scope
from .registers.sync import ImportFailed, api_units, run_import

logger = logging.getLogger(__name__)


def register_client() -> EnhetsregisteretClient:
    """The client a sync uses (a function, so tests can give it a stub transport)."""
    return EnhetsregisteretClient()


@task
def sync_county_from_register(run_id: int) -> None:
    """Sync the run's county from the register API (every default organisation form and the
    relevant public bodies), writing the report on the run."""
    run = ImportRun.objects.get(pk=run_id)
    if run.status != ImportRun.Status.QUEUED:
        logger.warning("Import run %s is %s, not queued: not started again", run.pk, run.status)
        return
    options = run.options or {}
    try:
        scope = Scope.build(
            county=run.county_id or "",
            org_forms=options.get("org_forms") or None,
            voluntary_only=bool(options.get("voluntary_only")),
        )
    except ValueError as error:
        run.status = ImportRun.Status.FAILED
        run.message = str(error)
        run.save(update_fields=["status", "message"])
        return
    client = register_client()
    try:
        try:
            run_import(
                run,
                api_units(client, scope=scope),
                scope=scope,
                batch_size=int(options.get("batch_size") or 1000),
                fatal=(RegisterAPIError,),
            )
        except ImportFailed:
            logger.warning("Import run %s failed: %s", run.pk, run.message)
    finally:
        client.close()
