"""The dashboard's "What works" on real records: résumés built by the engine, recorded as
sent with applications whose stage history says how far they got. The features of each
version are stored when its build is ready; the tracker reads them through the provider
the résumé app registers (tracker.sent_resumes)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resumes import services
from resumes.models import Posting, ResumeBuild
from resumes.sent_versions import sent_resumes_of
from resumes.tailoring.plan import ResumePlan
from resumes.tailoring.report import BuildReport
from resumes.version_features import VersionFeatures, features_of
from tests.factories import make_application, make_company
from tests.resumes.factories import make_inventory, make_posting
from tracker import services as tracker_services
from tracker.data.account_export import account_json_chunks
from tracker.data.account_import import import_account, read_document
from tracker.models import Application, Interview, StageEvent
from tracker.stage_log import refold

POSTING = (
    "Requirements:\n- Python and PyTorch\n- Experimentation and statistics\n"
    "- Optimization\nNice to have:\n- Slurm\n"
)


def _journey(owner, name: str, steps: list[tuple[int, str, str]]) -> Application:
    """An application through `steps`: (days ago, stage, outcome), the first opening it."""
    today = datetime.date.today()
    (first_ago, first_stage, _), *rest = steps
    application = make_application(
        owner,
        make_company(owner, name),
        stage=first_stage,
        happened_on=today - datetime.timedelta(days=first_ago),
    )
    for ago, stage, outcome in rest:
        tracker_services.change_stage(
            application=application,
            to_stage=stage,
            outcome=outcome,
            happened_on=today - datetime.timedelta(days=ago),
        )
    return application


def _send(owner, application: Application, text: str = POSTING, **options) -> ResumeBuild:
    """A résumé built by the engine for the application's posting, recorded as sent."""
    posting = make_posting(owner, text=text, application=application)
    build = services.request_resume_build(user=owner, posting=posting, options=options)
    services.run_resume_build(build_id=build.pk)
    build.refresh_from_db()
    return services.mark_build_sent(build=build, application=application)


def test_a_ready_build_stores_the_features_of_its_plan_and_report(alice):
    make_inventory(alice)
    application = _journey(alice, "Orbital Cloud", [(20, "applied", "")])

    build = _send(alice, application, style="serif", page_limit=1)

    plan, report = ResumePlan.from_dict(build.plan), BuildReport.from_dict(build.report)
    features = VersionFeatures.from_dict(build.features)
    assert features == features_of(plan, report, profile_summary="")
    assert (features.style, features.pages) == ("serif", 1)
    assert features.rules == ("simulations-as-experimentation",)
    # The headline's own words, without the focus added for the posting.
    assert plan.header.headline == "Postdoctoral Researcher — experimentation and optimization"
    assert features.headline == "Postdoctoral Researcher"
    assert features.summary == ""  # the small inventory has no profile summary


def test_what_works_compares_the_versions_sent_on_real_builds(alice, alice_client):
    make_inventory(alice)
    journeys = [
        [(40, "applied", ""), (30, "screening", ""), (20, "interviewing", "")],
        [(40, "applied", ""), (36, "screening", "")],
        [(40, "applied", ""), (34, "closed", "rejected")],
        [(40, "applied", ""), (38, "screening", ""), (30, "offer", "")],
        [(40, "applied", "")],
        [(30, "applied", ""), (22, "screening", "")],
    ]
    applications = [_journey(alice, f"Company {n}", steps) for n, steps in enumerate(journeys)]
    for application in applications[:5]:
        _send(alice, application)
    # A posting that asks for no experimentation: no bullet is reframed.
    _send(alice, applications[5], "Requirements:\n- Python\n", style="serif", page_limit=1)
    _journey(alice, "Not recorded", [(10, "applied", ""), (5, "screening", "")])
    _journey(alice, "Only saved", [(3, "saved", "")])

    response = alice_client.get(reverse("tracker:dashboard"))

    works = response.context["what_works"]
    assert (works.sent, works.recorded) == (7, 6)
    overall = works.overall
    assert (overall.responses.count, overall.responses.percent) == (4, 67)
    assert (overall.interviews.count, overall.interviews.percent) == (2, 33)
    # Answers after 10, 4, 6, 2 and 8 days (the rejection among them).
    assert (overall.days_to_answer.value, overall.days_to_answer.sample) == (6, 5)
    groups = {group.key: {row.label: row for row in group.rows} for group in works.groups}
    assert list(groups["style"]) == ["Classic (sans-serif)", "Serif"]
    assert groups["style"]["Classic (sans-serif)"].responses.percent == 60
    assert groups["style"]["Serif"].responses.percent is None  # one: the count only
    # Pages as laid out: the small inventory fills one page under either limit.
    assert list(groups["pages"]) == ["1 page"]
    assert list(groups["rules"]) == ["simulations-as-experimentation", "No reframing rule"]
    assert list(groups["headline"]) == ["Postdoctoral Researcher"]
    assert list(groups["tier"]) == ["Big tech"]
    page = " ".join(response.content.decode().split())
    assert 'id="what-works"' in page
    assert "<strong>6 of the 7</strong> you sent (1 without one left out)" in page
    assert (
        '<th scope="row">Classic (sans-serif)</th><td>5</td>'
        "<td>60% <small>(3 of 5)</small></td><td>40% <small>(2 of 5)</small></td>"
    ) in page


def test_the_first_resume_sent_with_an_application_is_the_one_counted(alice):
    make_inventory(alice)
    application = _journey(alice, "Orbital Cloud", [(20, "applied", "")])
    first = _send(alice, application, style="serif")
    _send(alice, application, style="classic")

    versions = sent_resumes_of(alice)

    assert list(versions) == [application.pk]
    assert versions[application.pk].style == "Serif"
    assert first.features["style"] == "serif"


def test_a_person_with_no_data_gets_the_empty_dashboard_that_names_what_works(alice_client):
    page = alice_client.get(reverse("tracker:dashboard")).content.decode()

    assert "No applications sent yet" in page
    assert "what works by résumé version" in page
    assert 'id="what-works"' not in page


def test_bob_never_sees_the_resumes_alice_sent(alice, bob, bob_client):
    make_inventory(alice)
    _send(alice, _journey(alice, "Orbital Cloud", [(20, "applied", "")]))
    _journey(bob, "Orbital Cloud", [(20, "applied", "")])

    works = bob_client.get(reverse("tracker:dashboard")).context["what_works"]

    assert (works.sent, works.recorded, sent_resumes_of(bob)) == (1, 0, {})


def test_an_account_exported_before_features_were_stored_counts_once_imported(alice, bob):
    make_inventory(alice)
    _send(alice, _journey(alice, "Orbital Cloud", [(20, "applied", ""), (10, "screening", "")]))
    document = read_document("".join(account_json_chunks(alice)))
    for row in document["resumes"]["resumebuild"]:
        del row["features"]

    import_account(user=bob, document=document, copy_files=False)

    assert list(sent_resumes_of(bob).values()) == list(sent_resumes_of(alice).values())


@pytest.fixture
def one_build(alice) -> ResumeBuild:
    """One real build, to copy onto many applications."""
    make_inventory(alice)
    return _send(alice, _journey(alice, "Template", [(30, "applied", "")]))


def _bulk_sent(owner, count: int, build: ResumeBuild) -> None:
    """`count` applications through the funnel, each with a posting, a copy of `build`
    recorded as sent with it, and two rounds with hours."""
    stages = ["applied", "screening", "interviewing", "offer", "closed"]
    company = make_company(owner, f"Bulk {owner.username}")
    applications = Application.objects.bulk_create(
        Application(owner=owner, company=company, role_title=f"MLE {n}", stage=stages[n % 5])
        for n in range(count)
    )
    today = datetime.date.today()
    StageEvent.objects.bulk_create(
        StageEvent(
            application=application,
            from_stage=before,
            to_stage=after,
            outcome="rejected" if after == "closed" else "",
            happened_on=today - datetime.timedelta(days=30 - step * 5),
        )
        for n, application in enumerate(applications)
        for step, (before, after) in enumerate(
            zip(["", *stages[: n % 5]], stages[: n % 5 + 1], strict=True)
        )
    )
    refold(application.pk for application in applications)  # written in bulk
    postings = Posting.objects.bulk_create(
        Posting(owner=owner, application=application, title=application.role_title, text=POSTING)
        for application in applications
    )
    features = [
        VersionFeatures(
            style=("classic", "serif")[n % 2],
            pages=1 + n % 3,
            rules=(f"rule-{n % 7}",),
            headline=f"Headline {n % 4}",
            summary=f"Summary {n % 5}.",
        )
        for n in range(count)
    ]
    ResumeBuild.objects.bulk_create(
        ResumeBuild(
            owner=owner, posting=posting, status=ResumeBuild.Status.READY,
            input_hash=f"copy-{n}", inventory_snapshot=build.inventory_snapshot,
            plan=build.plan, report=build.report, features=features[n].to_dict(),
            sent_with=posting.application, sent_on=today,
        )
        for n, posting in enumerate(postings)
    )  # fmt: skip
    Interview.objects.bulk_create(
        Interview(application=application, kind=kind, outcome="passed", hours_spent=n % 9,
                  hours_estimated=n % 4 or None)
        for n, application in enumerate(applications)
        for kind in ("take_home", "coding")
    )  # fmt: skip


def _queries(client) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("tracker:dashboard"))
    assert response.status_code == 200
    return len(captured), response


def test_dashboard_queries_stay_constant_with_a_thousand_resumes_sent(
    one_build, alice_client, bob, bob_client
):
    _bulk_sent(one_build.owner, 10, one_build)
    _bulk_sent(bob, 1000, one_build)

    few, _ = _queries(alice_client)
    many, response = _queries(bob_client)

    works, hours = response.context["what_works"], response.context["interview_hours"]
    assert many == few
    assert (works.sent, works.recorded) == (1000, 1000)
    assert [len(group.rows) for group in works.groups][:5] == [2, 3, 7, 4, 5]
    assert (hours.spent_rounds, hours.offers) == (2000, 400)
    assert 'id="what-works"' in response.content.decode()
