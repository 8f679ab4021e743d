"""Load on the pages a person with 1,000 applications uses most, against gunicorn on
loopback with PostgreSQL, beside a bare Django view measured in the same run.

    .venv/bin/python bench/load_test.py [--duration 60] [--connections 3] [--workers 3]
        [--applications 1000] [--database-url postgres://postgres@127.0.0.1:5432/reframe]

Creates a database of its own, `reframe_load`, on the server of --database-url (dropped
first if it exists, and afterwards unless --keep-database), migrates it and fills it with
bulk_create: one person with 1,000 applications at 250 companies across the five tiers,
their stage histories (~3 events each), interviews (hours noted on most rounds held),
contacts and referrals; the demo inventory, a résumé recorded as sent with every application
sent, its features varied, for the dashboard's What works (`seed_sent_resumes`), then 150
postings and résumés built for every fifth (`seed_postings`). Then starts
`gunicorn config.wsgi:application` with sync workers (as the container runs it) on a free
loopback port with production settings (DEBUG off), and loads it with `wrk`: each page in
turn for two seconds at a time, round after round, until --duration is used up, with
--connections connections carrying the person's session cookie (by default as many as
gunicorn has workers, so every worker is always busy):

    table      /applications/          board      /board/
    detail     /applications/<pk>/     (the one with the longest history)
    prep       /applications/<pk>/prep/  (the same; a résumé sent with it, a note per bullet)
    company    /companies/<pk>/        (its company)
    dashboard  /dashboard/             overview   /
    gaps       /resume/skill-gaps/     (what to learn next: 150 postings, 100 read)
    ask        /resume/referrals/<pk>/ask/       messages  /interviews/<pk>/messages/
    floor      /healthz                (a bare view: one SELECT 1, no template)

Interleaving the pages in short slices spreads whatever else the machine is doing over all
of them alike; each page's latencies are merged from wrk's histograms over the rounds. The
ratios to the floor say what a page costs beyond Django's own request cycle, and "CPU
ms/req" (the gunicorn workers' user + system time during the page's slices, over its
requests) what it costs in CPU, which moves less than latency when other processes share the
machine. A response that is not 200 is an error. Goal: no errors, p95 under 150 ms on every
page.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import warnings
from collections import Counter
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.integration.processes import Gunicorn, postgres_url  # noqa: E402

DATABASE_NAME = "reframe_load"
GOAL_P95_MS = 150.0
# wrk's Lua: count answers that are not 200 (wrk itself only counts >= 400) and print one
# JSON line with the whole latency histogram, so rounds can be merged exactly.
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not_ok = 0 end
function response(status, headers, body) if status ~= 200 then not_ok = not_ok + 1 end end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("not_ok") end
  local e = summary.errors
  local pairs = {}
  for i = 1, #latency do
    local value, count = latency(i)
    pairs[#pairs + 1] = string.format("[%d,%d]", value, count)
  end
  io.write(string.format(
    '{"requests": %d, "not_ok": %d, "socket_errors": %d, "seconds": %f, "latency_us": [%s]}\\n',
    summary.requests, bad, e.connect + e.read + e.write + e.timeout, summary.duration / 1e6,
    table.concat(pairs, ",")))
end
"""


def main() -> None:
    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--connections", type=int, default=3, help="open at once")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/reframe",
        help=f"PostgreSQL server; the bench uses a database named {DATABASE_NAME} on it",
    )  # fmt: skip
    parser.add_argument("--keep-database", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")
    with tempfile.TemporaryDirectory(prefix="reframe-load-") as tmp:
        run(Path(tmp), args)


def run(tmp: Path, args: argparse.Namespace) -> None:
    _configure_environment(tmp, args.database_url)
    import django

    django.setup()
    drop_database = _create_database()
    try:
        load_before = os.getloadavg()[0]
        started = time.monotonic()
        user, detail_pk = seed(applications=args.applications)
        seed_sent_resumes(user)
        learning_pages = seed_postings(user)
        company_pk = seed_interview_prep(user, detail_pk)
        seed_seconds = time.monotonic() - started
        cookie = _session_cookie(user)
        pages = {
            "table": "/applications/",
            "board": "/board/",
            "detail": f"/applications/{detail_pk}/",
            "prep": f"/applications/{detail_pk}/prep/",
            "company": f"/companies/{company_pk}/",
            "dashboard": "/dashboard/",
            "overview": "/",
            **learning_pages,
            "floor": "/healthz",
        }
        server = Gunicorn(tmp / "gunicorn.log", env=os.environ, workers=args.workers)
        try:
            _check_pages(server.url, pages, cookie)
            results = _load(tmp, server, pages, cookie, args)
        finally:
            server.stop()
        _report(results, args, seed_seconds, load_before)
    finally:
        if args.keep_database:
            print(f"Kept the database {DATABASE_NAME}.")
        else:
            drop_database()


def _configure_environment(tmp: Path, database_url: str) -> None:
    """Settings are read from the environment when Django starts: set them first."""
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "load-test-only-secret-key-not-for-production",
        HTTPS="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        # Pages never enqueue; in-process tasks keep the floor free of broker pings.
        CELERY_TASK_ALWAYS_EAGER="true",
        MEDIA_ROOT=str(tmp / "media"),
        LOG_LEVEL="WARNING",
    )


def _create_database():
    """A fresh, migrated `reframe_load`; returns what drops it."""
    from django.db import connection

    original = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = DATABASE_NAME
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    os.environ["DATABASE_URL"] = postgres_url(connection.settings_dict)
    return lambda: connection.creation.destroy_test_db(original, verbosity=0)


def _session_cookie(user) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


# --------------------------------------------------------------------------- the data

ROLES = [
    ("Machine Learning Engineer", "ml_engineer"),
    ("Senior ML Engineer", "ml_engineer"),
    ("MLOps Engineer", "mlops"),
    ("ML Platform Engineer", "mlops"),
    ("Research Engineer", "research_engineer"),
    ("Applied Scientist", "applied_scientist"),
    ("Research Scientist", "research_scientist"),
    ("Data Scientist", "data_scientist"),
    ("ML Performance Engineer", "ml_performance"),
    ("Quantitative Researcher", "quant"),
    ("Software Engineer, ML", "software"),
]
WORDS_A = ["Orbital", "Tensor", "Quanta", "Vector", "Lumen", "Atlas", "Helix", "Nimbus",
           "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris", "Juniper",
           "Kepler", "Lattice", "Meridian", "Nova", "Onyx", "Prism", "Quartz", "Riviera",
           "Sierra"]  # fmt: skip
WORDS_B = ["Labs", "Systems", "Cloud", "Analytics", "Capital", "Health", "Robotics",
           "Insights", "Dynamics", "AI"]  # fmt: skip
TIERS = ["big_tech", "mid_size", "startup", "finance", "non_tech"]
# Where a search of 1,000 applications stands: most applied or closed, a few further on.
STAGE_WEIGHTS = {"saved": 8, "applied": 35, "screening": 10, "interviewing": 8, "offer": 2,
                 "closed": 37}  # fmt: skip
OUTCOMES = ["rejected"] * 6 + ["ghosted"] * 3 + ["withdrawn", "declined"]
LOCATIONS = ["Berlin", "London", "Zurich", "Amsterdam", "New York", "Remote (EU)", "Paris"]
INTERVIEW_KINDS = ["recruiter_screen", "coding", "ml_fundamentals", "ml_system_design",
                   "research_talk", "behavioural", "onsite_loop"]  # fmt: skip
LIVE = ["saved", "applied", "screening", "interviewing", "offer"]
SENT_POSTING = """Requirements
- Python and PyTorch.
- Experimentation and statistics.
- Optimization.
Nice to have
- Slurm and high-performance computing.
"""
HEADLINES = ["Mathematician moving into ML engineering", "Postdoctoral Researcher",
             "Probabilist who ships research code", "Machine-learning engineer (PhD)"]  # fmt: skip


def seed(*, applications: int, rng_seed: int = 8):
    """One person's search, written with bulk_create. Returns (user, pk of the
    application with the longest history)."""
    from django.contrib.auth.models import User
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

    rng = random.Random(rng_seed)
    hours = random.Random(rng_seed + 1)  # its own, so the rest of the data stays as it was
    today = timezone.localdate()
    user = User.objects.create_user("load", "load@example.com", "load-password-1")
    Preferences.objects.create(user=user, time_zone="Europe/Berlin")
    names = [f"{a} {b}" for a in WORDS_A for b in WORDS_B][:250]
    companies = Company.objects.bulk_create(
        Company(owner=user, name=name, tier=TIERS[i % len(TIERS)]) for i, name in enumerate(names)
    )
    plans = [_plan(rng, today) for _ in range(applications)]
    rows = Application.objects.bulk_create(
        Application(owner=user, company=rng.choice(companies), **plan["fields"]) for plan in plans
    )
    StageEvent.objects.bulk_create(
        StageEvent(
            application=row, from_stage=before, to_stage=after, outcome=outcome, happened_on=day
        )
        for row, plan in zip(rows, plans, strict=True)
        for before, after, outcome, day in plan["events"]
    )
    refold(row.pk for row in rows)  # written in bulk, so no event refolded its application
    interviews = []
    for row, plan in zip(rows, plans, strict=True):
        for position in range(plan["interviews"]):
            when = datetime.datetime.combine(
                plan["fields"]["applied_on"] + datetime.timedelta(days=7 * (position + 1)),
                datetime.time(14, 0),
                tzinfo=datetime.UTC,
            )
            interviews.append(
                Interview(
                    application=row,
                    kind=INTERVIEW_KINDS[position % 7],
                    position=position,
                    scheduled_at=when,
                    interviewers="Two engineers",
                    outcome="passed" if when.date() < today else "pending",
                    hours_estimated=hours.choice([None, None, Decimal(2), Decimal(4)]),
                    hours_spent=Decimal(hours.randint(1, 24)) / 2 if when.date() < today else None,
                )
            )
    Interview.objects.bulk_create(interviews)
    contacts = Contact.objects.bulk_create(
        Contact(owner=user, name=f"Contact {n}", company_name=rng.choice(names),
                relationship="alumni", last_contacted_on=today - datetime.timedelta(days=n))
        for n in range(60)
    )  # fmt: skip
    Referral.objects.bulk_create(
        Referral(application=row, contact=rng.choice(contacts), stage="asked",
                 asked_on=today - datetime.timedelta(days=5),
                 next_follow_up_on=today + datetime.timedelta(days=2))
        for row in rng.sample(rows, k=min(80, len(rows)))
    )  # fmt: skip
    longest = max(
        zip(rows, plans, strict=True), key=lambda rp: (len(rp[1]["events"]), rp[1]["interviews"])
    )
    return user, longest[0].pk


def seed_postings(user, *, postings: int = 150) -> dict[str, str]:
    """The demo inventory, and postings on the live applications (every seventh saved on
    its own) with one real résumé build copied onto every fifth, every other copy sent.
    Returns the pages that read them: what to learn next, a referral ask and one
    interview's messages."""
    from resumes import services
    from resumes.demo import DEMO_INVENTORY
    from resumes.demo_postings import POSTINGS
    from resumes.inventory_store import apply_inventory
    from resumes.models import Posting, ResumeBuild
    from tracker.models import Application, Interview, Referral

    apply_inventory(user=user, inventory=DEMO_INVENTORY, replace_existing=True)
    referred = Application.objects.filter(owner=user, referrals__isnull=False).exclude(
        stage="closed"
    )
    live = [*referred.distinct(), *Application.objects.filter(owner=user).exclude(stage="closed")]
    rows = Posting.objects.bulk_create(
        Posting(
            owner=user,
            application=None if n % 7 == 6 else live[n % len(live)],
            title=f"{POSTINGS[n % len(POSTINGS)][2]} ({n})",
            company=POSTINGS[n % len(POSTINGS)][1],
            text=POSTINGS[n % len(POSTINGS)][3] + f"\nReference {n}\n",
        )
        for n in range(postings)
    )
    built = services.request_resume_build(user=user, posting=rows[0])
    services.run_resume_build(build_id=built.pk)
    built.refresh_from_db()
    ResumeBuild.objects.bulk_create(
        ResumeBuild(owner=user, posting=posting, status=ResumeBuild.Status.READY,
                    input_hash=f"copy-{n}", inventory_snapshot=built.inventory_snapshot,
                    plan=built.plan, report=built.report,
                    sent_with=posting.application if n % 2 else None,
                    sent_on=built.created_at.date() if n % 2 else None)
        for n, posting in enumerate(rows[5::5])
        if posting.application is not None
    )  # fmt: skip
    referral = Referral.objects.filter(application__postings__in=rows).first()
    interview = Interview.objects.filter(application__owner=user, kind="coding").first()
    return {
        "gaps": "/resume/skill-gaps/",
        "ask": f"/resume/referrals/{referral.pk}/ask/",
        "messages": f"/interviews/{interview.pk}/messages/",
    }


def seed_interview_prep(user, application_pk: int) -> int:
    """After `seed_postings` (which gives the person the demo inventory): a résumé
    tailored to the demo's ranking posting and sent with the application, and a note on
    each of its bullets, so the prep page shows what a person preparing sees. Returns the
    application's company's pk."""
    from resumes import services
    from resumes.bullet_notes import save_bullet_note
    from resumes.demo_postings import POSTINGS
    from resumes.tailoring.plan import ResumePlan
    from tracker.models import Application

    application = Application.objects.get(pk=application_pk)
    ranking = POSTINGS[0][3]
    posting = services.capture_posting(user=user, text=ranking, application=application)
    build = services.request_resume_build(user=user, posting=posting)
    services.run_resume_build(build_id=build.pk)  # already built, when tasks run eagerly
    build.refresh_from_db()
    services.mark_build_sent(build=build, application=application)
    plan = ResumePlan.from_dict(build.plan)
    for bullet in (b for s in plan.sections for e in s.entries for b in e.bullets):
        note = "Start with the problem, then what I did, then the number that changed."
        save_bullet_note(owner=user, key=bullet.key, words=bullet.original, text=note)
    return application.company_id


def seed_sent_resumes(user, *, rng_seed: int = 8) -> None:
    """The demo inventory, one résumé built from it by the engine, and a copy of that build
    recorded as sent with every application sent, each on a posting of its own (captured
    before `seed_postings`' postings, so what to learn next still reads those). The copies'
    features (what the dashboard reads) vary: style, pages, the rules among those the engine
    has, the headline and the summary's opening."""
    from resumes import services
    from resumes.demo import DEMO_INVENTORY
    from resumes.inventory_store import apply_inventory
    from resumes.models import Posting, ResumeBuild
    from resumes.tailoring.rules import load_rules
    from resumes.version_features import VersionFeatures
    from tracker.models import Application

    rng = random.Random(rng_seed)
    apply_inventory(user=user, inventory=DEMO_INVENTORY, replace_existing=True)
    sent = list(Application.objects.filter(owner=user, applied_on__isnull=False))
    postings = Posting.objects.bulk_create(
        Posting(owner=user, application=a, title=a.role_title, text=SENT_POSTING) for a in sent
    )
    built = services.request_resume_build(user=user, posting=postings[0])
    services.run_resume_build(build_id=built.pk)
    built.refresh_from_db()
    rules = sorted(rule.id for rule in load_rules().rules)
    ResumeBuild.objects.bulk_create(
        (
            ResumeBuild(
                owner=user, posting=posting, status=ResumeBuild.Status.READY,
                input_hash=f"copy-{n}", inventory_snapshot=built.inventory_snapshot,
                plan=built.plan, report=built.report,
                features=VersionFeatures(
                    style=rng.choice(["classic", "serif"]), pages=rng.choice([1, 2, 2]),
                    rules=tuple(sorted(rng.sample(rules, rng.randint(0, 3)))),
                    headline=rng.choice(HEADLINES), summary=rng.choice(HEADLINES) + ".",
                ).to_dict(),
                sent_with=posting.application, sent_on=posting.application.applied_on,
            )
            for n, posting in enumerate(postings[1:], start=1)
        ),
        batch_size=200,
    )  # fmt: skip
    ResumeBuild.objects.filter(pk=built.pk).update(
        sent_with=postings[0].application, sent_on=postings[0].application.applied_on
    )


def _plan(rng: random.Random, today: datetime.date) -> dict:
    """Fields, stage events and interview count for one made-up application."""
    stage = rng.choices(list(STAGE_WEIGHTS), weights=list(STAGE_WEIGHTS.values()))[0]
    title, family = rng.choice(ROLES)
    applied = today - datetime.timedelta(days=rng.randint(1, 365))
    reached = stage if stage != "closed" else rng.choice(LIVE[1:4])
    path = LIVE[LIVE.index("applied") if stage != "saved" else 0 : LIVE.index(reached) + 1]
    day, before, events = applied, "", []
    for step in path:
        events.append((before, step, "", min(day, today)))
        before, day = step, day + datetime.timedelta(days=rng.randint(3, 14))
    outcome = ""
    if stage == "closed":
        outcome = rng.choice(OUTCOMES)
        events.append((before, "closed", outcome, min(day, today)))
    low = rng.randrange(80, 180, 10) * 1000
    live = stage != "closed"
    return {
        "fields": {
            "role_title": title,
            "role_family": family,
            "stage": stage,
            "outcome": outcome,
            "source": rng.choice(["cold", "referral", "recruiter", "network"]),
            "applied_on": applied if stage != "saved" else None,
            "next_action": "Follow up with the recruiter" if live else "",
            "next_action_on": today + datetime.timedelta(days=rng.randint(-10, 20))
            if live
            else None,
            "location": rng.choice(LOCATIONS),
            "work_model": rng.choice(["onsite", "hybrid", "remote"]),
            "salary_min": low,
            "salary_max": low + 30000,
            "salary_currency": "EUR",
            "excitement": rng.randint(1, 5),
            "notes": "Found through the research-to-industry newsletter.",
        },
        "events": events,
        "interviews": len(path) - 2 if reached in {"interviewing", "offer"} else 0,
    }


# --------------------------------------------------------------------------- the server


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _check_pages(base: str, pages: dict[str, str], cookie: str) -> None:
    """Every page answers 200 to the session (not a redirect to log in); warms the workers."""
    opener = urllib.request.build_opener(_NoRedirect)
    for name, path in pages.items():
        for _ in range(6):
            request = urllib.request.Request(base + path, headers={"Cookie": cookie})
            with opener.open(request, timeout=30) as response:
                if response.status != 200:
                    sys.exit(f"{name} {path} answered {response.status}")


# --------------------------------------------------------------------------- the load


SLICE_SECONDS = 2


def _load(tmp: Path, server: Gunicorn, pages: dict[str, str], cookie: str, args) -> dict:
    """Each page for a slice of SLICE_SECONDS in turn, round after round; merged per page."""
    script = tmp / "load.lua"
    script.write_text(WRK_SCRIPT)
    slice_seconds = SLICE_SECONDS if args.duration >= SLICE_SECONDS * len(pages) else 1
    rounds = max(1, args.duration // (slice_seconds * len(pages)))
    merged = {
        name: {
            "path": path,
            "requests": 0,
            "not_ok": 0,
            "socket_errors": 0,
            "seconds": 0.0,
            "cpu_seconds": 0.0,
            "histogram": Counter(),
        }
        for name, path in pages.items()
    }
    for _ in range(rounds):
        for name, path in pages.items():
            cpu_before = server.cpu_seconds()
            run = _wrk(script, server.url + path, cookie, args.connections, slice_seconds)
            total = merged[name]
            total["cpu_seconds"] += server.cpu_seconds() - cpu_before
            for key in ("requests", "not_ok", "socket_errors", "seconds"):
                total[key] += run[key]
            total["histogram"].update({value: count for value, count in run["latency_us"]})
    for total in merged.values():
        total.update(_percentiles(total.pop("histogram")))
    return merged


def _wrk(script: Path, url: str, cookie: str, connections: int, seconds: int) -> dict:
    result = subprocess.run(
        ["wrk", "--threads", "1", "--connections", str(connections),
         "--duration", f"{seconds}s", "--timeout", "10s", "--script", str(script),
         "--header", f"Cookie: {cookie}", url],
        capture_output=True, text=True, timeout=seconds + 60, check=False,
    )  # fmt: skip
    line = next((x for x in result.stdout.splitlines() if x.startswith("{")), None)
    if result.returncode != 0 or line is None:
        sys.exit(f"wrk failed for {url}:\n{result.stdout}\n{result.stderr}")
    return json.loads(line)


def _percentiles(histogram: Counter) -> dict[str, float]:
    """p50, p95, p99 and max in milliseconds from {latency in µs: count}."""
    total = sum(histogram.values())
    found, seen = {}, 0
    wanted = {"p50": 0.50, "p95": 0.95, "p99": 0.99}
    for value in sorted(histogram):
        seen += histogram[value]
        for name, share in wanted.items():
            if name not in found and seen >= share * total:
                found[name] = value / 1000
    return found | {"max": max(histogram) / 1000}


def _report(results: dict[str, dict], args, seed_seconds: float, load_before: float) -> None:
    floor = results["floor"]
    seconds = sum(r["seconds"] for r in results.values())
    print(
        f"Load: {len(results)} pages in turn ({seconds:.0f} s in all), {args.connections} "
        f"connections, gunicorn {args.workers} sync workers, PostgreSQL ({DATABASE_NAME}), "
        f"{args.applications} applications (seeded in {seed_seconds:.1f} s); "
        f"{os.cpu_count()} CPUs, load average {load_before:.1f} before the run"
    )
    header = (
        f"{'page':<10}{'path':<28}{'requests':>9}{'req/s':>7}{'errors':>8}"
        f"{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'p50/floor':>10}{'p95/floor':>10}"
        f"{'CPU ms/req':>11}"
    )
    print(header)
    print("-" * len(header))
    worst = 0.0
    errors = 0
    for name, r in results.items():
        bad = r["not_ok"] + r["socket_errors"]
        errors += bad
        if name != "floor":
            worst = max(worst, r["p95"])
        print(
            f"{name:<10}{r['path']:<28}{r['requests']:>9}{r['requests'] / r['seconds']:>7.0f}"
            f"{100 * bad / max(r['requests'], 1):>7.2f}%{r['p50']:>8.1f}{r['p95']:>8.1f}"
            f"{r['p99']:>8.1f}{r['p50'] / floor['p50']:>9.1f}x{r['p95'] / floor['p95']:>9.1f}x"
            f"{1000 * r['cpu_seconds'] / max(r['requests'], 1):>11.1f}"
        )
    verdict = "met" if errors == 0 and worst < GOAL_P95_MS else "NOT met"
    print(
        f"Goal (no errors, every page p95 < {GOAL_P95_MS:.0f} ms): {verdict} — "
        f"{errors} errors, worst page p95 {worst:.1f} ms"
    )


if __name__ == "__main__":
    main()
