import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from resumes.models import Basics, Bullet, Entry, Skill
from tests.factories import make_contact, make_interview, make_referral
from tests.resumes.factories import make_bullet, make_entry, make_inventory, make_posting
from tracker import services
from tracker.data.account_export import (
    NOT_EXPORTED,
    export_account,
    exported_models,
    owned_models,
    path_to_user,
)
from tracker.models import Preferences, Referral, StageEvent


def test_every_model_with_a_path_to_the_user_is_exported_or_excused():
    owned = {model._meta.label_lower for model, _ in owned_models()}
    exported = {model._meta.label_lower for model, _ in exported_models()}

    assert owned == exported | (owned & set(NOT_EXPORTED))
    assert set(NOT_EXPORTED) <= {m._meta.label_lower for m in apps.get_models()}


def test_paths_to_the_user_follow_foreign_keys():
    assert path_to_user(StageEvent) == "application__owner"
    assert path_to_user(Referral) == "application__owner"
    assert path_to_user(Preferences) == "user"


@pytest.fixture
def alices_search(alice, bob):
    Preferences.objects.create(user=alice, time_zone="Europe/Stockholm")
    interview = make_interview(alice, feedback="Good on trade-offs")
    referral = make_referral(alice, interview.application, make_contact(alice, "Jonas Berg"))
    services.enable_calendar_feed(owner=alice)
    make_interview(bob, feedback="Bob's secret feedback")
    return interview, referral


def test_export_holds_the_whole_tracker_and_nothing_of_others(alice, alices_search):
    _, referral = alices_search

    document = json.loads(json.dumps(export_account(alice), default=str))

    tracker = document["tracker"]
    assert document["user"]["username"] == "alice"
    assert [c["name"] for c in tracker["company"]] == ["Orbital Cloud"]
    assert [a["stage"] for a in tracker["application"]] == ["interviewing"]
    assert [e["to_stage"] for e in tracker["stageevent"]] == ["interviewing"]
    assert [i["feedback"] for i in tracker["interview"]] == ["Good on trade-offs"]
    assert [c["name"] for c in tracker["contact"]] == ["Jonas Berg"]
    assert [r["contact"] for r in tracker["referral"]] == [referral.contact_id]
    assert [p["time_zone"] for p in tracker["preferences"]] == ["Europe/Stockholm"]
    assert "calendarfeed" not in tracker
    assert "Bob" not in json.dumps(document)


@pytest.fixture
def alices_inventory(alice, bob):
    Basics.objects.create(owner=alice, name="Alice Andersson", headline="Mathematician")
    make_inventory(alice)
    make_posting(alice, title="Research Engineer", company="Quiver Labs")
    bobs_entry = make_entry(bob, title="Bob's secret postdoc")
    make_bullet(bobs_entry, "Bob's secret bullet", skills=["Bob's secret skill"])


def test_export_holds_the_whole_inventory_and_nothing_of_others(alice, alices_inventory):
    document = json.loads(json.dumps(export_account(alice), default=str))

    inventory = document["resumes"]
    assert [(b["name"], b["headline"]) for b in inventory["basics"]] == [
        ("Alice Andersson", "Mathematician")
    ]
    assert [e["title"] for e in inventory["entry"]] == [
        "Postdoctoral Researcher",
        "PhD in Mathematics",
        "Bounds for Langevin sampling",
    ]
    assert [s["name"] for s in inventory["skill"]] == [
        "Python",
        "Slurm",
        "Optimization",
        "PyTorch",
        "Statistics",
    ]
    assert [p["company"] for p in inventory["posting"]] == ["Quiver Labs"]
    assert "Bob" not in json.dumps(document)


def test_export_keeps_bullets_linked_to_their_entry_and_skills(alice, alices_inventory):
    document = json.loads(json.dumps(export_account(alice), default=str))

    inventory = document["resumes"]
    entry_titles = {e["id"]: e["title"] for e in inventory["entry"]}
    skill_names = {s["id"]: s["name"] for s in inventory["skill"]}
    bullets = [
        (entry_titles[b["entry"]], b["text"], sorted(skill_names[pk] for pk in b["skills"]))
        for b in inventory["bullet"]
    ]
    assert bullets == [
        (
            "Postdoctoral Researcher",
            "Ran 12,000 simulations on a Slurm cluster to test the bounds",
            ["Python", "Slurm"],
        ),
        (
            "Postdoctoral Researcher",
            "Proved convergence bounds for stochastic optimization",
            ["Optimization"],
        ),
        ("Postdoctoral Researcher", "Reimplemented two samplers in PyTorch", ["PyTorch"]),
    ]
    assert len(inventory["bullet"]) == Bullet.objects.filter(entry__owner=alice).count()
    assert set(entry_titles) == set(Entry.objects.filter(owner=alice).values_list("pk", flat=True))
    assert set(skill_names) == set(Skill.objects.filter(owner=alice).values_list("pk", flat=True))


def test_export_leaves_out_secrets(alice, alices_search):
    text = json.dumps(export_account(alice), default=str)

    assert alice.calendar_feed.token not in text
    assert alice.password not in text
    assert "password" not in text


def test_export_data_command_writes_json(alice, alices_search, tmp_path, capsys):
    output = tmp_path / "alice.json"

    call_command("export_data", user="alice", output=str(output))
    call_command("export_data", user="alice")

    from_file = json.loads(output.read_text(encoding="utf-8"))
    from_stdout = json.loads(capsys.readouterr().out)
    assert from_file["format"] == "reframe-account-export"
    assert from_file["tracker"]["interview"] == from_stdout["tracker"]["interview"]


def test_export_data_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user called “nobody”"):
        call_command("export_data", user="nobody")


def test_account_json_download(alice_client, alices_search):
    response = alice_client.get(reverse("tracker:export_json"))

    document = json.loads(b"".join(response.streaming_content))
    assert response["Content-Disposition"].startswith('attachment; filename="reframe-alice-')
    assert len(document["tracker"]["interview"]) == 1
