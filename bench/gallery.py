"""Render tailored résumés of shared (résumé, posting) pairs to PNG pages, to look at them.

    .venv/bin/python bench/gallery.py 002x011 004x022 [--out bench/gallery] [--tag after]

Each pair builds with `manage.py tailor_resume`, converts with LibreOffice and rasterises
with pdftoppm (Debian's poppler-utils) at 70 dpi: `<pair>-<tag>-<page>.png`. Run at an
older commit with another --tag to put a before beside an after.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"


def render(pair: str, out: Path, tag: str) -> list[Path]:
    resume_id, posting_id = pair.split("x")
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        posting = json.loads((SHARED / "postings" / f"{posting_id}.json").read_text())
        (folder / "posting.txt").write_text(posting["text"], encoding="utf-8")
        docx = folder / f"{pair}.docx"
        subprocess.run(
            [sys.executable, str(REPO / "manage.py"), "tailor_resume", "--inventory",
             str(SHARED / "resumes" / f"{resume_id}.jsonresume.json"),
             "--posting", str(folder / "posting.txt"), "--out", str(docx)],
            check=True, env={**os.environ, "DEBUG": "true"}, capture_output=True,
        )  # fmt: skip
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile",
             "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        prefix = out / f"{pair}-{tag}"
        subprocess.run(
            ["pdftoppm", "-r", "70", "-png", str(folder / f"{pair}.pdf"), str(prefix)], check=True
        )
    return sorted(out.glob(f"{pair}-{tag}-*.png"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", nargs="+", help="résumé×posting ids such as 002x011")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "gallery")
    parser.add_argument("--tag", default="after")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for pair in args.pairs:
        for page in render(pair, args.out, args.tag):
            print(page.relative_to(REPO) if page.is_relative_to(REPO) else page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
