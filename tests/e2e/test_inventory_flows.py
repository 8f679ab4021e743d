"""Filling the experience inventory, in a real browser."""

import pytest
from django.contrib.auth.models import User

from resumes.models import Bullet, Entry
from tests.e2e.conftest import log_in
from tests.resumes.factories import make_entry
from tests.shared_data import shared_path

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_import_a_json_resume_inventory_after_preview(page, tasks_run_in_process):
    # The file is read by a worker; here it runs in the live server's process.
    User.objects.create_user("hana", "hana@example.com", "hana-password-1")
    log_in(page, "hana", "hana-password-1")
    source = shared_path("resumes", "007.jsonresume.json")

    page.goto(f"{page.base_url}/resume/import/")
    page.set_input_files("#id_file", str(source))
    page.click("text=Read the file")
    page.wait_for_selector("text=Nothing is saved until you confirm")
    ticked = page.locator("input[name=entries]:checked").count()
    assert Entry.objects.count() == 0
    page.click("text=Add the ticked entries")
    page.wait_for_selector("text=Imported")

    assert Entry.objects.filter(owner__username="hana").count() == ticked > 0
    assert page.locator(".entry-card").count() == ticked
    assert page.js_errors == []


def test_the_import_page_waits_for_the_worker_then_shows_the_review(page, monkeypatch):
    from resumes.models import ImportDraft
    from resumes.tasks import read_import_task

    queued: list[dict] = []
    monkeypatch.setattr(read_import_task, "apply_async", lambda **kw: queued.append(kw["kwargs"]))
    User.objects.create_user("jude", "jude@example.com", "jude-password-1")
    log_in(page, "jude", "jude-password-1")

    page.goto(f"{page.base_url}/resume/import/")
    page.set_input_files("#id_file", str(shared_path("resumes", "007.jsonresume.json")))
    page.click("text=Read the file")
    page.wait_for_selector("text=Reading 007.jsonresume.json")
    assert ImportDraft.objects.get().status == "reading"
    read_import_task.apply(kwargs=queued[0])  # the worker's part, while the page polls

    page.wait_for_selector("text=Nothing is saved until you confirm", timeout=10_000)
    assert page.locator("input[name=entries]:checked").count() > 0
    assert page.js_errors == []


def test_add_a_bullet_in_place_with_skills(page):
    user = User.objects.create_user("ivan", "ivan@example.com", "ivan-password-1")
    entry = make_entry(user, title="Postdoctoral Researcher")
    log_in(page, "ivan", "ivan-password-1")
    page.goto(f"{page.base_url}/resume/")

    card = page.locator(f"#entry-{entry.pk}")
    card.locator("textarea[name=text]").fill("Ran 12,000 simulations on a Slurm cluster")
    card.locator("input[name=skill_names]").fill("Slurm, Python")
    card.locator("button:has-text('Add')").last.click()
    card.locator("text=Ran 12,000 simulations on a Slurm cluster").wait_for()

    bullet = Bullet.objects.get(entry=entry)
    assert sorted(s.name for s in bullet.skills.all()) == ["Python", "Slurm"]
    assert page.js_errors == []


def test_edit_an_entry_inline(page):
    user = User.objects.create_user("jade", "jade@example.com", "jade-password-1")
    entry = make_entry(user, title="Research Fellow")
    log_in(page, "jade", "jade-password-1")
    page.goto(f"{page.base_url}/resume/")

    page.locator(f"#entry-{entry.pk} >> text=Edit").first.click()
    page.fill(f"form#entry-{entry.pk} #id_title", "Senior Research Fellow")
    page.locator(f"form#entry-{entry.pk} button[type=submit]").click()
    page.locator(f"article#entry-{entry.pk} h3", has_text="Senior Research Fellow").wait_for()

    entry.refresh_from_db()
    assert entry.title == "Senior Research Fellow"
