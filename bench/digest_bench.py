"""The weekly digest for 10,000 people, built and delivered to a loopback SMTP server.

    .venv/bin/python bench/digest_bench.py [--people 10000]
            [--database-url postgres://postgres@127.0.0.1:5432/reframe] [--processes 1,2] [--keep]

Starts what it needs and removes it afterwards: an aiosmtpd server in a process of its
own on a free loopback port (`python -m tests.mail_server`, so it shares no GIL with the
sender), and a fresh PostgreSQL database `reframe_digest_bench` on the server of
--database-url (dropped at the end unless --keep; the named database is not touched).

Every person is due, with a realistic week: an overdue next action, an application gone
quiet, an interview in two days with prep notes and a referral waiting, a rejection this
week, five applications in three tiers. Rows are made with bulk_create.

Figures, all in this run:
- the digest run: `sending.send_due_digests()` exactly as the hourly task and the
  command call it (claim by compare-and-swap, weekly log, build in the person's zone,
  render the triplet, send over one SMTP connection); wall time in total and per
  person, CPU time per person (less sensitive to other load on the machine) and SQL
  queries per person. With --processes 1,2 (the default) the same people are sent to
  once by one run and then, every slot due again and every log gone, by two runs at once,
  as two workers would: each claims with SELECT … FOR UPDATE SKIP LOCKED, so they split
  the people, none is sent twice, and the claims lost to the other run are counted;
- the floor: the same number of messages of the same size and headers, built from a
  digest rendered once, sent over the same connection pattern (one connection, one
  `send_messages` per message) — measured before and after the run, so load on the
  machine hits both alike; the ratio is the digest's per-person cost over the floor's.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.mail_server import free_port  # noqa: E402

DATABASE_NAME = "reframe_digest_bench"
ZONES = (
    "Europe/Stockholm",
    "America/Chicago",
    "Asia/Tokyo",
    "UTC",
    "Europe/London",
    "America/Los_Angeles",
    "Asia/Kolkata",
)
CHUNK = 2000


def main() -> None:
    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/reframe",
        help="PostgreSQL server to create the bench database on",
    )
    parser.add_argument("--keep", action="store_true", help=f"leave {DATABASE_NAME} behind")
    parser.add_argument(
        "--processes",
        default="1,2",
        help="comma-separated: digest runs at once (as parallel workers), measured in turn",
    )
    args = parser.parse_args()
    process_counts = [int(n) for n in args.processes.split(",")]

    port = free_port()
    smtp = subprocess.Popen(
        [sys.executable, "-m", "tests.mail_server", "--port", str(port)],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert smtp.stdout.readline().strip() == "ready"
        _configure(args.database_url, port)
        import django

        django.setup()
        drop = _create_database()
        try:
            sent = _measure(args.people, process_counts)
        finally:
            if not args.keep:
                drop()
    finally:
        smtp.terminate()
        out, _ = smtp.communicate(timeout=30)
    accepted = int(out.split()[-1])
    print(f"SMTP server accepted {accepted:,} messages (expected {sent:,}).")
    if accepted != sent:
        sys.exit("Some messages did not arrive.")


def _configure(database_url: str, smtp_port: int) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        DEBUG="false",
        HTTPS="false",
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-secret-key"),
        SITE_URL="https://reframe.example.org",
    )


def _create_database():
    """Migrate a fresh database of our own; return what drops it."""
    from django.db import connection

    original = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = DATABASE_NAME
    started = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    print(f"Created and migrated {DATABASE_NAME} in {time.perf_counter() - started:.1f} s.")
    return lambda: connection.creation.destroy_test_db(original, verbosity=0)


def _measure(people: int, process_counts: list[int]) -> int:
    from tracker.digest import sending
    from tracker.models import DigestLog

    started = time.perf_counter()
    _make_people(people)
    print(f"Made {people:,} people's searches in {time.perf_counter() - started:.1f} s.")

    sample = _sample_message()
    floor_before = _floor(sample, people)
    runs = {}
    for processes in process_counts:
        _make_all_due()
        runs[processes] = _digest_run(processes)
        logged = DigestLog.objects.filter(status="sent").count()
        print(f"{_plural(processes)}: outcomes {runs[processes][3]}; logs marked sent: "
              f"{logged:,}")  # fmt: skip
    floor_after = _floor(sample, people)

    floor_wall = (floor_before[0] + floor_after[0]) / 2
    floor_cpu = (floor_before[1] + floor_after[1]) / 2
    size = len(sample.message().as_bytes())
    print()
    print(f"Floor (1 process): {floor_wall:.1f} s wall, {1000 * floor_wall / people:.2f} ms "
          f"per message (before {floor_before[0]:.1f} s, after {floor_after[0]:.1f} s); "
          f"CPU {1000 * floor_cpu / people:.2f} ms per message; {size:,} bytes each")  # fmt: skip
    for processes, (wall, cpu, queries, run) in runs.items():
        lost = run.get(str(sending.DigestOutcome.LOST), 0)
        print(f"Digest run ({_plural(processes)}): {wall:.1f} s wall, "
              f"{1000 * wall / people:.2f} ms per person; CPU {1000 * cpu / people:.2f} ms "
              f"per person; {queries / people:.2f} SQL queries per person; {lost:,} claims "
              f"lost to another run; {wall / floor_wall:.1f} × the floor in wall time, "
              f"{cpu / floor_cpu:.1f} × in CPU time")  # fmt: skip
    for processes in sorted(set(runs) - {1}) if 1 in runs else []:
        (one_wall, one_cpu, *_), (wall, cpu, *_) = runs[1], runs[processes]
        print(f"{_plural(processes)} against 1: {one_wall / wall:.2f} × as fast in wall "
              f"time, {cpu / one_cpu:.2f} × the CPU")  # fmt: skip
    sent = sum(run.get(str(sending.DigestOutcome.SENT), 0) for *_, run in runs.values())
    return sent + 2 * people


def _plural(processes: int) -> str:
    return f"{processes} process{'es' if processes > 1 else ''}"


def _make_all_due() -> None:
    """Every person due a minute ago, with no digest logged: the state before a run."""
    import datetime

    from django.utils import timezone

    from tracker.models import DigestLog, Preferences

    DigestLog.objects.all().delete()
    Preferences.objects.update(next_digest_at=timezone.now() - datetime.timedelta(minutes=1))


def _digest_run(processes: int) -> tuple[float, float, int, dict]:
    """`sending.send_due_digests()` in `processes` processes at once (each claims people
    by compare-and-swap, as parallel workers would); wall and CPU seconds, SQL queries
    and outcomes, summed."""
    import multiprocessing

    from django.db import connections

    started = time.perf_counter()
    if processes == 1:
        results = [_one_run(0)]
    else:
        connections.close_all()  # each child opens its own
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            results = pool.map(_one_run, range(processes))
    wall = time.perf_counter() - started
    outcomes: dict[str, int] = {}
    for _, _, counts in results:
        for outcome, n in counts.items():
            outcomes[outcome] = outcomes.get(outcome, 0) + n
    return wall, sum(r[0] for r in results), sum(r[1] for r in results), outcomes


def _one_run(_: int) -> tuple[float, int, dict]:
    from django.db import connection

    from tracker.digest import sending

    queries = _QueryCounter()
    cpu = time.process_time()
    with connection.execute_wrapper(queries):
        run = sending.send_due_digests()
    return time.process_time() - cpu, queries.count, {str(k): v for k, v in run.items()}


class _QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _sample_message():
    """One person's digest as rendered (no send), to size the floor's messages."""
    import zoneinfo

    from django.contrib.auth.models import User
    from django.utils import timezone

    from tracker.digest import content as digest_content
    from tracker.digest.emails import build_email

    user = User.objects.order_by("pk").first()
    zone = zoneinfo.ZoneInfo(user.preferences.time_zone)
    with timezone.override(zone):
        digest = digest_content.build_digest(user)
        url = digest_content.unsubscribe_url(user)
        return build_email(
            "digest",
            digest_content.email_context(digest, unsubscribe=url),
            to=user.email,
            headers=digest_content.email_headers(unsubscribe=url),
        )


def _floor(sample, count: int) -> tuple[float, float]:
    """Wall and CPU seconds to send `count` messages like `sample` over one connection,
    one at a time."""
    from django.core import mail

    from tracker.digest.emails import ListEmail

    html = sample.alternatives[0].content
    mailer = mail.mailers.default
    started, cpu = time.perf_counter(), time.process_time()
    mailer.open()
    try:
        for n in range(count):
            message = ListEmail(
                subject=sample.subject, body=sample.body, from_email=sample.from_email,
                to=[f"floor{n}@example.com"], headers=sample.extra_headers,
            )  # fmt: skip
            message.attach_alternative(html, "text/html")
            mailer.send_messages([message])
    finally:
        mailer.close()
    return time.perf_counter() - started, time.process_time() - cpu


def _make_people(count: int) -> None:
    """`count` people, all due now, each with a week worth a digest."""
    for start in range(0, count, CHUNK):
        _make_chunk(range(start, min(start + CHUNK, count)))


def _make_chunk(numbers: range) -> None:
    import datetime

    from django.contrib.auth.models import User
    from django.db import transaction
    from django.utils import timezone

    from tracker.models import (
        Application,
        Company,
        Contact,
        Interview,
        Preferences,
        Referral,
        StageEvent,
    )
    from tracker.stage_log import refold

    now = timezone.now()
    today = now.date()

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(username=f"person{n}", email=f"person{n}@example.com", password="!",
                     first_name=f"Person {n}")
                for n in numbers
            ]
        )  # fmt: skip
        Preferences.objects.bulk_create(
            [
                Preferences(
                    user=user, time_zone=ZONES[n % len(ZONES)],
                    next_digest_at=now - datetime.timedelta(minutes=1 + n % 50),
                )
                for n, user in zip(numbers, users, strict=True)
            ]
        )  # fmt: skip
        tiers = ("startup", "big_tech", "mid_size")
        companies = Company.objects.bulk_create(
            [Company(owner=u, name=f"Company {t}", tier=t) for u in users for t in tiers]
        )
        # Per person: (company index, stage, outcome, next action, next action in days,
        # [(days ago, from, to, outcome)]).
        plan = [
            (0, "applied", "", "Follow up with the recruiter", -1, [(12, "", "applied", "")]),
            (1, "applied", "", "", None, [(30, "", "applied", "")]),
            (2, "interviewing", "", "Prepare the system design", 3,
             [(20, "", "applied", ""), (10, "applied", "screening", ""),
              (5, "screening", "interviewing", "")]),
            (0, "closed", "rejected", "", None,
             [(25, "", "applied", ""), (2, "applied", "closed", "rejected")]),
            (1, "saved", "", "Tailor the résumé and apply", 5, [(1, "", "saved", "")]),
        ]  # fmt: skip
        applications = Application.objects.bulk_create(
            [
                Application(
                    owner=user, company=companies[3 * i + company], role_title=f"ML role {k}",
                    stage=stage, outcome=outcome, next_action=action,
                    next_action_on=None if days is None else today + datetime.timedelta(days),
                    applied_on=ago(history[0][0]) if stage != "saved" else None,
                )
                for i, user in enumerate(users)
                for k, (company, stage, outcome, action, days, history) in enumerate(plan)
            ]
        )  # fmt: skip
        StageEvent.objects.bulk_create(
            [
                StageEvent(application=application, from_stage=before, to_stage=after,
                           outcome=outcome, happened_on=ago(days))
                for application, (*_, history) in zip(
                    applications, plan * len(users), strict=True
                )
                for days, before, after, outcome in history
            ]
        )  # fmt: skip
        refold(application.pk for application in applications)
        interviewing = applications[2 :: len(plan)]
        Interview.objects.bulk_create(
            [
                Interview(
                    application=application, kind="ml_system_design", title="System design",
                    scheduled_at=now + datetime.timedelta(days=2, hours=3),
                    prep_notes="Feed ranking with two-tower retrieval; offline vs online "
                    "metrics; position bias.\nBehavioural: the stalled collaboration.",
                )
                for application in interviewing
            ]
        )  # fmt: skip
        contacts = Contact.objects.bulk_create(
            [Contact(owner=u, name="Jonas Berg", relationship="alumni") for u in users]
        )
        Referral.objects.bulk_create(
            [
                Referral(application=application, contact=contact, stage="asked",
                         asked_on=ago(3), next_follow_up_on=today + datetime.timedelta(days=2))
                for application, contact in zip(
                    applications[0 :: len(plan)], contacts, strict=True
                )
            ]
        )  # fmt: skip


if __name__ == "__main__":
    main()
