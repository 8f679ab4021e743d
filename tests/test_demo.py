"""The demo account the quick start loads, what `rundemo` says when Redis is away, and how
it starts and stops."""

import os
import signal
import socket
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from resumes.demo import load_demo_account
from resumes.demo_prep import NOTES
from resumes.management.commands.rundemo import in_process_notice, port_in_use
from resumes.models import Entry
from tracker.demo import (
    APPLICATIONS,
    DEMO_PASSWORD,
    DEMO_USERNAME,
    QUANT,
    RANKING,
    WORK_AUTHORISATION,
)
from tracker.models import Application, Company, Interview, Referral, StageEvent, Tier


@pytest.fixture
def demo(db) -> User:
    return load_demo_account()


def test_demo_tracks_about_fifteen_applications_in_every_tier(demo):
    applications = Application.objects.for_user(demo).select_related("company")

    tiers = Counter(a.company.tier for a in applications)
    assert 14 <= applications.count() == len(APPLICATIONS) <= 18
    assert set(tiers) == set(Tier.values)
    assert min(tiers.values()) >= 2


def test_demo_applications_have_stage_histories_that_end_where_they_stand(demo):
    for application in Application.objects.for_user(demo):
        events = list(application.stage_events.order_by("happened_on", "pk"))
        reached = [event.to_stage for event in events]
        assert [event.from_stage for event in events] == ["", *reached[:-1]], application
        assert (events[-1].to_stage, events[-1].outcome) == (
            application.stage,
            application.outcome,
        )


def test_demo_histories_reach_every_stage_and_outcome_a_search_has(demo):
    events = StageEvent.objects.filter(application__owner=demo)
    longest = max(Counter(events.values_list("application", flat=True)).values())

    assert set(events.values_list("to_stage", flat=True)) == {
        "saved",
        "applied",
        "screening",
        "interviewing",
        "offer",
        "closed",
    }
    assert set(events.exclude(outcome="").values_list("outcome", flat=True)) >= {
        "rejected",
        "ghosted",
    }
    assert longest >= 4


def test_demo_login_works_and_shows_the_search(demo):
    client = Client()

    logged_in = client.login(username=DEMO_USERNAME, password=DEMO_PASSWORD)
    overview = client.get(reverse("tracker:overview"))

    assert logged_in is True
    assert overview.context["total"] == len(APPLICATIONS)
    assert Entry.objects.filter(owner=demo).exists()


def test_demo_fills_what_to_learn_next_and_the_outreach_drafts(demo):
    client = Client()
    client.force_login(demo)
    priya = Referral.objects.get(application__owner=demo, contact__name="Priya Raman")
    routing = Interview.objects.get(application__owner=demo, interviewers__startswith="Tobias")

    gaps = client.get(reverse("resumes:skill_gaps")).context["page"]
    ask = client.get(reverse("resumes:referral_ask", args=[priya.pk])).context["ask"]
    week = client.get(reverse("tracker:this_week")).context["week"]
    messages = client.get(reverse("tracker:interview_messages", args=[routing.pk])).context

    assert len(gaps.tiers) == 6  # every tier, and a posting saved on its own
    assert gaps.sections[0]["rows"]
    assert gaps.left_out
    assert len(ask.lines) == 3
    assert {item.kind for item in week.follow_ups if item.draft} == {
        "after_interview",
        "referral",
        "thank_you",
    }
    assert "- Shortest paths on road graphs" in messages["thank_you"].body


def _demo_client(demo: User) -> Client:
    client = Client()
    client.force_login(demo)
    return client


@pytest.mark.parametrize("role_title", [RANKING, QUANT])
def test_demo_prep_pages_show_rounds_the_resume_sent_and_notes(demo, role_title):
    application = Application.objects.get(owner=demo, role_title=role_title)

    response = _demo_client(demo).get(reverse("tracker:interview_prep", args=[application.pk]))

    html = response.content.decode()
    assert response.context["rounds"]
    assert all(r.checklist for r in response.context["rounds"])
    assert "The résumé you sent" in html
    assert html.count('class="prep-bullet"') >= 8
    for note in NOTES.values():  # written once, there on both applications
        assert f">{escape(note)}</textarea>" in html


def test_demo_work_authorisation_is_filled_in_and_the_filter_finds_sponsors(demo):
    client = _demo_client(demo)

    settings_page = client.get(reverse("tracker:settings")).content.decode()
    sponsors = client.get(reverse("tracker:application_list"), {"sponsorship": "yes"})
    company = Company.objects.get(owner=demo, name="Kestrel Quant")
    company_page = client.get(company.get_absolute_url()).content.decode()

    assert demo.preferences.needs_sponsorship is True
    assert escape(WORK_AUTHORISATION) in settings_page
    assert Company.objects.filter(owner=demo).exclude(sponsorship="unknown").count() >= 4
    assert Company.objects.filter(owner=demo, sponsorship="unknown").exists()
    assert {a.company.name for a in sponsors.context["page"].object_list} >= {
        "Kestrel Quant",
        "Brightline Health",
    }
    assert "Sponsors the UK Skilled Worker visa and pays the fees." in company_page
    assert 'href="https://kestrelquant.example/careers/relocation"' in company_page


def test_demo_fills_what_works_and_the_hours_on_interviews(demo):
    client = Client()
    client.force_login(demo)

    response = client.get(reverse("tracker:dashboard"))

    works, hours = response.context["what_works"], response.context["interview_hours"]
    groups = {group.key: {row.label: row for row in group.rows} for group in works.groups}
    assert works.recorded >= 8
    assert works.unrecorded > 0  # the page has applications without a recorded résumé too
    assert works.overall.responses.shown
    assert works.overall.days_to_answer.shown
    assert {len(groups[key]) for key in ("style", "pages", "headline", "summary")} == {2}
    # Rates where five or more went out, and honestly hidden where fewer did.
    assert {row.responses.shown for row in groups["style"].values()} == {True, False}
    assert len(groups["rules"]) >= 3
    take_home = next(row for row in hours.kinds if row.kind == "take_home")
    assert (take_home.spent_rounds, take_home.estimated_rounds) == (2, 3)
    assert take_home.over_estimate > 2
    assert hours.per_offer is not None
    assert 'id="what-works"' in response.content.decode()


def test_load_demo_resets_the_account_instead_of_doubling_it(demo, capsys):
    Application.objects.for_user(demo).first().delete()

    call_command("load_demo")

    user = User.objects.get(username=DEMO_USERNAME)
    assert Application.objects.for_user(user).count() == len(APPLICATIONS)
    assert capsys.readouterr().out == f"Demo account ready: {DEMO_USERNAME} / {DEMO_PASSWORD}\n"


def test_rundemo_notice_when_redis_is_unreachable():
    notice = in_process_notice("redis://127.0.0.1:1/0")

    assert notice == (
        "Notice: Redis is not reachable at redis://127.0.0.1:1/0; background work "
        "(résumé builds, digests) runs inside the web process instead."
    )


def test_rundemo_notice_never_prints_a_password():
    notice = in_process_notice("redis://default:s3cret@127.0.0.1:1/0")

    assert "s3cret" not in notice
    assert "redis://default:***@127.0.0.1:1/0" in notice


def test_rundemo_no_notice_when_redis_answers():
    assert in_process_notice(settings.CELERY_BROKER_URL) is None


@pytest.mark.django_db
def test_rundemo_refuses_a_busy_port_before_touching_the_demo_account():
    from django.core.management.base import CommandError

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]

        with pytest.raises(CommandError, match=f"already answers on 127.0.0.1:{port}"):
            call_command("rundemo", addr=f"127.0.0.1:{port}")

    assert not User.objects.filter(username=DEMO_USERNAME).exists()


@pytest.mark.slow
@pytest.mark.integration
def test_rundemo_stops_its_web_server_on_sigterm(tmp_path):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": "",  # the embedded SQLite file, in a folder of its own
        "SQLITE_PATH": str(tmp_path / "demo.sqlite3"),
        "REDIS_URL": "redis://127.0.0.1:1/0",  # no broker: no worker child, tasks in-process
        "PYTHONUNBUFFERED": "1",
    }
    demo = subprocess.Popen(
        [sys.executable, "manage.py", "rundemo", "--addr", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    said = []
    try:
        for line in demo.stdout:
            said.append(line)
            if "Reframe is running at" in line:
                break
        assert port_in_use(f"127.0.0.1:{port}"), "".join(said)

        demo.send_signal(signal.SIGTERM)
        demo.wait(timeout=20)
    finally:
        if demo.poll() is None:
            demo.kill()

    assert _servers_on(port) == []  # the web server went with it


def _servers_on(port: int) -> list[str]:
    """Processes running `runserver 127.0.0.1:<port>` (a port number alone could be taken
    again by another test's server the moment it is free)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            words = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue  # the process ended while we looked
        if b"runserver" in words and f"127.0.0.1:{port}".encode() in words:
            found.append(cmdline.parent.name)
    return found
