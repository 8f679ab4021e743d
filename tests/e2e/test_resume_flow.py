"""Paste a posting, tailor a résumé on a real Celery worker, download it, open it."""

import docx
import pytest
from django.contrib.auth.models import User

from resumes.models import ResumeBuild
from tests.e2e.conftest import ARTIFACTS, log_in
from tests.integration.conftest import (  # noqa: F401 - fixtures used by name
    celery_worker,
    redis_server,
    start_worker,
    web_on_private_redis,
)
from tests.resumes.factories import make_inventory
from tests.shared_data import shared_json

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("web_on_private_redis", "celery_worker")
def test_paste_posting_tailor_wait_download_and_open(page, tmp_path):
    user = User.objects.create_user("kim", "kim@example.com", "kim-password-1")
    make_inventory(user)
    posting = shared_json("postings", "011.json")
    log_in(page, "kim", "kim-password-1")

    page.goto(f"{page.base_url}/resume/postings/new/")
    page.fill("#id_text", posting["text"])
    page.fill("#id_title", posting["title"])
    page.fill("#id_company", posting["company"])
    page.click("text=Save the posting")
    page.click("text=Build the résumé")
    page.wait_for_selector("text=Download DOCX", timeout=30_000)
    # What the posting asks for, by level, in words: no engine ids on the page.
    asks = page.inner_text(".detail-layout")
    assert "Must have" in asks
    assert "position-0" not in asks
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "resume-build-page.png"), full_page=True)
    with page.expect_download() as download_info:
        page.click("text=Download DOCX")
    saved = tmp_path / "resume.docx"
    download_info.value.save_as(saved)

    document = docx.Document(str(saved))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert {"Experience", "Education", "Skills"} <= set(headings)
    assert ResumeBuild.objects.get(owner=user).status == "ready"
    assert page.js_errors == []
