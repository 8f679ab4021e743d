"""What to learn next (resumes:skill_gaps) on real records: which postings count, how the
gaps rank and split by tier, the concept hierarchy, the build reports it reads, and what
sent résumés left out."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from resumes import services
from resumes.models import Bullet, Posting, ResumeBuild, Skill
from tests.factories import make_application, make_company
from tests.resumes.factories import make_bullet, make_entry, make_inventory, make_posting
from tracker import services as tracker_services

URL = reverse("resumes:skill_gaps")
PLATFORM = "Requirements\n- Kubernetes\n- Python\n\nNice to have\n- Apache Spark\n"
DATA = "Requirements\n- Apache Spark\n- Kubernetes\n"


def _rows(page, category: str = "hard") -> list[tuple]:
    section = next(s for s in page.sections if s["category"] == category)
    return [
        (row.gap.name, row.gap.counts, [ask.link.label for ask in row.asks])
        for row in section["rows"]
    ]


def test_skill_gaps_for_a_person_with_no_data_say_how_to_start(alice_client):
    response = alice_client.get(URL)

    page = response.content.decode()
    assert response.context["page"].is_empty
    assert "Nothing to learn from yet" in page
    assert f'href="{reverse("resumes:posting_create")}"' in page


def test_skill_gaps_without_an_inventory_say_why_everything_is_a_gap(alice, alice_client):
    make_posting(alice, DATA, title="Data Engineer", company="Nimbus")

    response = alice_client.get(URL)

    assert _rows(response.context["page"]) == [
        ("Apache Spark", (("must", 1),), ["Data Engineer at Nimbus"]),
        ("Kubernetes", (("must", 1),), ["Data Engineer at Nimbus"]),
    ]
    assert "Your inventory is empty," in response.content.decode()


def test_skill_gaps_read_saved_and_live_postings_not_closed_ones(alice, alice_client):
    make_inventory(alice)
    live = make_application(alice, make_company(alice, "Tensorloom", "startup"), stage="applied")
    closed = make_application(alice, make_company(alice, "Vantage", "big_tech"), stage="applied")
    tracker_services.change_stage(application=closed, to_stage="closed", outcome="rejected")
    make_posting(alice, PLATFORM, application=live, title="MLE", company="Tensorloom")
    make_posting(alice, DATA, title="Data Engineer", company="Nimbus")
    make_posting(alice, "Requirements\n- Haskell\n", application=closed, title="Old")

    response = alice_client.get(URL)

    # Python is in the inventory; a must-have counts above a nice-to-have.
    assert _rows(response.context["page"]) == [
        ("Kubernetes", (("must", 2),), ["Data Engineer at Nimbus", "MLE at Tensorloom"]),
        (
            "Apache Spark",
            (("must", 1), ("nice", 1)),
            ["Data Engineer at Nimbus", "MLE at Tensorloom"],
        ),
    ]
    assert "Haskell" not in response.content.decode()


def test_skill_gaps_count_a_posting_captured_twice_for_one_application_once(alice, alice_client):
    application = make_application(alice, stage="applied")
    make_posting(alice, DATA, application=application, title="First capture")
    make_posting(alice, DATA, application=application, title="Second capture")

    page = alice_client.get(URL).context["page"]

    assert _rows(page)[0] == ("Apache Spark", (("must", 1),), ["Second capture at Orbital Cloud"])
    assert page.postings_read == 1


def test_skill_gaps_split_by_company_tier(alice, alice_client):
    startup = make_application(alice, make_company(alice, "Tensorloom", "startup"))
    make_posting(alice, "Requirements\n- Kubernetes\n", application=startup, title="MLE")
    make_company(alice, "Lumen Maps", "mid_size")
    # Saved on its own: its tier is that of the tracked company of the same name.
    make_posting(alice, "Requirements\n- Apache Spark\n", title="DE", company="lumen maps")
    make_posting(alice, "Requirements\n- Terraform\n", title="SRE", company="Elsewhere")

    everything = alice_client.get(URL).context["page"]
    mid_size = alice_client.get(URL + "?tier=mid_size").context["page"]
    other = alice_client.get(URL + "?tier=none").context["page"]

    assert [(tab["label"], tab["count"]) for tab in everything.tiers] == [
        ("Mid-size", 1),
        ("Startup", 1),
        ("Other companies", 1),
    ]
    assert [row[0] for row in _rows(everything)] == ["Apache Spark", "Kubernetes", "Terraform"]
    assert [row[0] for row in _rows(mid_size)] == ["Apache Spark"]
    assert [row[0] for row in _rows(other)] == ["Terraform"]


def test_skill_gaps_respect_the_concept_hierarchy(alice, alice_client):
    entry = make_entry(alice, title="Data scientist")
    make_bullet(entry, "Built churn models with XGBoost")
    make_posting(alice, "Requirements\n- Tree-based models\n- Random forests\n", title="DS")

    page = alice_client.get(URL).context["page"]

    gaps = [row.gap for section in page.sections for row in section["rows"]]
    assert [gap.name for gap in gaps] == ["random forests"]
    assert "tree-based models" not in [gap.name for gap in gaps]


def test_skill_gaps_read_a_built_posting_from_its_report_judged_against_today(alice, alice_client):
    make_inventory(alice)
    posting = make_posting(alice, DATA, title="Data Engineer")
    build = services.request_resume_build(user=alice, posting=posting)
    services.run_resume_build(build_id=build.pk)
    # The report is what is read: the text is not analysed again.
    Posting.objects.filter(pk=posting.pk).update(text="Requirements\n- Haskell\n")
    before = _rows(alice_client.get(URL).context["page"])
    # Support is today's: a skill added since the build closes its gap.
    Skill.objects.create(owner=alice, name="Kubernetes")

    after = _rows(alice_client.get(URL).context["page"])

    assert [row[0] for row in before] == ["Apache Spark", "Kubernetes"]
    assert [row[0] for row in after] == ["Apache Spark"]


def test_skill_gaps_read_the_most_recent_postings_and_say_so(alice, alice_client):
    for n in range(103):
        make_posting(alice, f"Requirements\n- Kubernetes\n- Skill number {n}\n", title=f"P{n}")

    response = alice_client.get(URL)

    page = response.context["page"]
    assert (page.postings_read, page.postings_total) == (100, 103)
    assert _rows(page)[0][1] == (("must", 100),)
    assert "your 100 most recent postings (of 103)" in response.content.decode()


def test_could_show_quotes_the_inventory_word_for_word_for_a_sent_resume(
    alice, alice_client, ready_build
):
    services.mark_build_sent(build=ready_build, application=ready_build.posting.application)
    postdoc = Bullet.objects.filter(entry__owner=alice).first().entry
    # Added after the résumé went out: the inventory supports Docker today.
    make_bullet(postdoc, "Packaged the simulation code in Docker images for the group")

    response = alice_client.get(URL)

    page = response.context["page"]
    left_out = {row.term.name: row for row in page.left_out}
    assert [line.line.text for line in left_out["Docker"].lines] == [
        "Packaged the simulation code in Docker images for the group"
    ]
    assert left_out["Docker"].asks[0].link.url == ready_build.get_absolute_url()
    written = set(Bullet.objects.filter(entry__owner=alice).values_list("text", flat=True))
    written |= set(Skill.objects.filter(owner=alice).values_list("name", flat=True))
    quoted = {line.line.text for row in page.left_out for line in row.lines}
    assert quoted
    assert quoted <= written


def test_could_show_explains_itself_before_any_resume_is_sent(alice, alice_client):
    make_posting(alice, DATA)

    page = alice_client.get(URL).content.decode()

    assert "No résumé is marked as sent yet." in page


def test_skill_gaps_show_nothing_of_other_people(alice, bob_client):
    make_posting(alice, DATA)

    response = bob_client.get(URL)

    assert response.context["page"].is_empty
    assert "Kubernetes" not in response.content.decode()


def test_skill_gaps_leave_out_a_sent_build_of_another_person(alice, bob, bob_client, ready_build):
    services.mark_build_sent(build=ready_build, application=ready_build.posting.application)

    assert bob_client.get(URL).context["page"].sent_total == 0


def test_skill_gaps_are_in_the_menu(alice_client):
    page = alice_client.get(reverse("tracker:overview")).content.decode()

    assert f'<a href="{URL}" >What to learn</a>' in page


def test_sent_on_shows_in_the_link_to_the_sent_resume(alice, alice_client, ready_build):
    services.mark_build_sent(build=ready_build, application=ready_build.posting.application)
    ResumeBuild.objects.filter(pk=ready_build.pk).update(
        sent_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    postdoc = Bullet.objects.filter(entry__owner=alice).first().entry
    make_bullet(postdoc, "Packaged the simulation code in Docker images for the group")

    page = alice_client.get(URL).context["page"]

    day = timezone.localdate() - datetime.timedelta(days=3)
    assert page.left_out[0].asks[0].link.label.endswith(f", sent {day:%-d %b}")
