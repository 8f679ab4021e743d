"""Celery tasks: thin doors into `resumes.services`; the database row holds the state."""

from celery import shared_task


@shared_task(name="resumes.build_resume", bind=True, acks_late=True, reject_on_worker_lost=True)
def build_resume_task(self, *, build_id: int) -> None:
    from resumes.services import run_resume_build

    run_resume_build(build_id=build_id, task_id=self.request.id or "")


@shared_task(name="resumes.requeue_pending_builds")
def requeue_pending_builds_task() -> None:
    from resumes.services import requeue_pending_builds

    requeue_pending_builds()


@shared_task(name="resumes.fetch_posting", acks_late=True, reject_on_worker_lost=True)
def fetch_posting_task(*, posting_id: int) -> None:
    from resumes.services import run_posting_fetch

    run_posting_fetch(posting_id=posting_id)


@shared_task(name="resumes.read_import", acks_late=True, reject_on_worker_lost=True)
def read_import_task(*, draft_id: int) -> None:
    from resumes.services import read_import

    read_import(draft_id=draft_id)


@shared_task(name="resumes.warm_inventory_index")
def warm_inventory_index_task(*, owner_id: int) -> None:
    from resumes.inventory_index import warm_index

    warm_index(owner_id)
