"""Celery tasks: thin doors into the services (tracker.services, tracker.digest.sending,
tracker.accounts, tracker.data); the database rows hold the state."""

from celery import shared_task

from tracker.digest.emails import TransientMailError


@shared_task(
    name="tracker.send_due_digests",
    acks_late=True,
    reject_on_worker_lost=True,
    # The mail server was down or said "try later": the people not reached are still
    # due, and the waiting digest is retried first. 1, 2, 4 … minutes, at most 30.
    autoretry_for=(TransientMailError,),
    retry_backoff=60,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=6,
)
def send_due_digests_task() -> None:
    """The hourly digest tick. Safe to run twice or in parallel: every person is claimed
    by compare-and-swap on their next slot, each week is logged once, and a digest whose
    worker died mid-send is taken back by compare-and-swap on its log once its lease
    (DIGEST_SEND_LEASE_SECONDS) has run out."""
    from tracker.digest.sending import digest_task_budget, send_due_digests

    send_due_digests(time_budget=digest_task_budget())


@shared_task(name="tracker.send_password_reset")
def send_password_reset_task(*, email: str, domain: str, use_https: bool) -> None:
    from tracker.accounts.mail import send_password_reset

    send_password_reset(email=email, domain=domain, use_https=use_https)


@shared_task(name="tracker.send_signup_mail")
def send_signup_mail_task(*, email: str, domain: str, use_https: bool) -> None:
    from tracker.accounts.mail import send_signup_mail

    send_signup_mail(email=email, domain=domain, use_https=use_https)


@shared_task(name="tracker.remove_unconfirmed_accounts")
def remove_unconfirmed_accounts_task() -> None:
    from tracker.accounts.signup import remove_unconfirmed_accounts

    remove_unconfirmed_accounts()


@shared_task(name="tracker.import_csv", acks_late=True, reject_on_worker_lost=True)
def import_csv_task(*, csv_import_id: int, settings_key: str) -> None:
    from tracker.data import csv_import_jobs

    csv_import_jobs.run(csv_import_id=csv_import_id, settings_key=settings_key)
