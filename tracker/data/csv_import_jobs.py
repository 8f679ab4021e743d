"""Large CSV imports: confirmed in the browser, carried out by a worker.

A file of more than `settings.CSV_IMPORT_INLINE_ROWS` rows is handed to a worker, so no
web request parses and writes thousands of rows; the page polls `import_progress`. The
worker checks the rows again (the same preview the person confirmed, named by its
settings key) and imports them in one transaction, all or none, as the browser would.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from config.broker import publish
from tracker import services
from tracker.data import csv_import, import_progress
from tracker.models import CsvImport

QUEUE_DOWN = (
    "The import could not be started just now: Reframe's work queue is out of reach. "
    "Nothing was imported; confirm again in a minute."
)
CHOICES_CHANGED = "The column choices changed since the preview: check it again."


def queue(*, pending: CsvImport) -> bool:
    """Hand a confirmed import to a worker; False, with the reason on the row, when the
    queue is out of reach."""
    from tracker.tasks import import_csv_task

    waiting = CsvImport.objects.filter(pk=pending.pk, imported_at__isnull=True)
    waiting.update(import_queued_at=timezone.now(), import_error="")
    import_progress.clear(pending.pk)
    if publish(import_csv_task, csv_import_id=pending.pk, settings_key=pending.settings_key):
        return True
    waiting.update(import_queued_at=None, import_error=QUEUE_DOWN)
    return False


def run(*, csv_import_id: int, settings_key: str) -> None:
    """Import a queued file, or store why not. Safe to run twice: a file imported once is
    left alone (`finish_csv_import` locks its row)."""
    waiting = CsvImport.objects.filter(pk=csv_import_id, imported_at__isnull=True)
    pending = waiting.first()
    if pending is None:
        return
    if pending.settings_key != settings_key:
        waiting.update(import_queued_at=None, import_error=CHOICES_CHANGED)
        return
    preview = csv_import.prepare_import(owner=pending.owner, csv_import=pending)
    total = len(preview.rows)

    def counted(done: int) -> None:
        import_progress.report(csv_import_id, done, total)

    try:
        services.finish_csv_import(csv_import=pending, preview=preview, on_progress=counted)
    except ValidationError as problem:
        waiting.update(import_queued_at=None, import_error=" ".join(problem.messages))
    except CsvImport.DoesNotExist:
        pass  # dropped by its owner while it waited: nothing to import
