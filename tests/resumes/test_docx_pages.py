"""Page limits hold for résumés made by the build service from the real shared
inventories, as LibreOffice lays them out.

tests/resumes/test_docx_builder.py checks the builder alone on plans made in memory; this
goes through what a person's request goes through: the JSON Resume imported into the
database, `request_resume_build` (options normalised, inventory snapshot), and
`run_resume_build` storing the file. The stored bytes are what LibreOffice renders.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.storage import default_storage

from resumes import services
from resumes.importers.jsonresume import parse_json_resume
from resumes.inventory_store import apply_inventory
from resumes.models import Posting, ResumeBuild
from tests.shared_data import shared_json

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# Each shared inventory against a posting it could plausibly answer.
PAIRS = [("002", "019"), ("004", "011"), ("007", "022"), ("009", "015")]
PAGE_LIMITS = (1, 2)


def _build(user: User, posting: Posting, page_limit: int) -> ResumeBuild:
    build = services.request_resume_build(
        user=user, posting=posting, options={"page_limit": page_limit}
    )
    services.run_resume_build(build_id=build.pk)
    build.refresh_from_db()
    assert (build.status, build.error) == ("ready", "")
    return build


def _pdf_page_counts(sources: list[Path], outdir: Path) -> dict[str, int]:
    """Convert every DOCX in one LibreOffice run (its start-up dominates the cost)."""
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(outdir),
         *map(str, sources)],
        check=True, capture_output=True, timeout=300,
        # A profile of its own: no clash with another LibreOffice on this machine.
        env={"HOME": str(outdir), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    return {
        source.stem: len(re.findall(rb"/Type\s*/Page[^s]", (outdir / f"{source.stem}.pdf")
                                    .read_bytes()))
        for source in sources
    }  # fmt: skip


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.django_db
def test_built_resumes_fit_the_requested_pages_in_libreoffice(tmp_path: Path) -> None:
    sources, limits = [], {}
    for resume_id, posting_id in PAIRS:
        user = User.objects.create_user(f"person-{resume_id}")
        apply_inventory(
            user=user,
            inventory=parse_json_resume(shared_json("resumes", f"{resume_id}.jsonresume.json")),
        )
        data = shared_json("postings", f"{posting_id}.json")
        posting = Posting.objects.create(
            owner=user, title=data["title"], company=data["company"], text=data["text"]
        )
        for page_limit in PAGE_LIMITS:
            build = _build(user, posting, page_limit)
            name = f"{resume_id}-{posting_id}-{page_limit}p"
            source = tmp_path / f"{name}.docx"
            with default_storage.open(build.file.name, "rb") as handle:
                source.write_bytes(handle.read())
            sources.append(source)
            limits[name] = page_limit

    pages = _pdf_page_counts(sources, tmp_path)

    over = {name: count for name, count in pages.items() if not 1 <= count <= limits[name]}
    assert over == {}
    # Two pages allowed is used when the inventory has that much to say.
    assert any(count == 2 for name, count in pages.items() if limits[name] == 2)
