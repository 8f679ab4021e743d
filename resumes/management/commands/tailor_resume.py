"""python manage.py tailor_resume --inventory CV.json --posting POSTING.txt --out CV.docx

Builds a tailored résumé without an account: INVENTORY is a JSON Resume file, POSTING the
posting's plain text. With --report, also writes the JSON report (scores before and after,
terms covered / supported-but-not-shown / gaps, rule changes with their evidence, timings).
The work is in `tailor_files`, a plain function; the command only parses arguments and
turns bad input into a clear message and a non-zero exit.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from resumes.docx_builder import build_docx
from resumes.importers.errors import ImportFailed
from resumes.importers.jsonresume import load_json, parse_json_resume
from resumes.tailoring.engine import PlanInputError, plan_resume
from resumes.tailoring.layout import STYLES
from resumes.tailoring.report import BuildReport
from resumes.tailoring.selection import PlanOptions

_JSON_RESUME_KEYS = frozenset(
    {
        "basics",
        "work",
        "volunteer",
        "education",
        "awards",
        "certificates",
        "publications",
        "skills",
        "languages",
        "interests",
        "references",
        "projects",
    }
)


class TailorInputError(ValueError):
    """Input the command cannot use; the message says what to fix."""


def tailor_files(
    *,
    inventory_path: Path,
    posting_path: Path,
    out_path: Path,
    report_path: Path | None = None,
    pages: int | None = None,
    style: str = "classic",
) -> BuildReport:
    """Read the inputs, plan, write the DOCX (and report); return the report.

    Writes only `out_path` and `report_path`, and only after planning succeeded, so a
    failed run leaves no half-written file behind.
    """
    inventory_data = _read(inventory_path, "inventory")
    posting_text = _read(posting_path, "posting").decode("utf-8", errors="replace")
    if not posting_text.strip():
        raise TailorInputError(f"the posting {posting_path} is empty")
    try:
        data = load_json(inventory_data)
    except ImportFailed as error:
        raise TailorInputError(f"{inventory_path} is not valid JSON: {error}") from error
    if not isinstance(data, dict) or not (_JSON_RESUME_KEYS & set(data)):
        raise TailorInputError(
            f"{inventory_path} is not a JSON Resume document "
            f"(expected an object with some of: basics, work, education, skills, ...)"
        )
    try:
        inventory = parse_json_resume(data)
    except ImportFailed as error:
        raise TailorInputError(f"{inventory_path} is not valid JSON Resume: {error}") from error
    try:
        plan = plan_resume(inventory, posting_text, PlanOptions(page_limit=pages, style=style))
    except PlanInputError as error:
        raise TailorInputError(str(error)) from error
    docx_bytes = build_docx(plan, created=datetime.now(UTC))
    report = plan.report
    assert report is not None  # plan_resume always reports
    _write(out_path, docx_bytes, "résumé")
    if report_path is not None:
        text = json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
        try:
            _write(report_path, text.encode("utf-8"), "report")
        except TailorInputError:
            out_path.unlink(missing_ok=True)  # all or nothing: no résumé without its report
            raise
    return report


def _write(path: Path, data: bytes, what: str) -> None:
    try:
        path.write_bytes(data)
    except FileNotFoundError as error:
        raise TailorInputError(
            f"cannot write the {what} to {path}: the folder {path.parent} does not exist"
        ) from error
    except IsADirectoryError as error:
        raise TailorInputError(
            f"cannot write the {what} to {path}: it is a folder; give a file name"
        ) from error
    except OSError as error:
        raise TailorInputError(f"cannot write the {what} to {path}: {error.strerror}") from error


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as error:
        raise TailorInputError(f"the {what} file {path} does not exist") from error
    except IsADirectoryError as error:
        raise TailorInputError(f"the {what} {path} is a folder, not a file") from error
    except OSError as error:
        raise TailorInputError(f"cannot read the {what} file {path}: {error}") from error


class Command(BaseCommand):
    help = "Build a tailored DOCX résumé from a JSON Resume file and a posting's text."
    # Files in, a file out: no database, URLs or account involved, so no system checks.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--inventory", required=True, type=Path, help="JSON Resume file")
        parser.add_argument("--posting", required=True, type=Path, help="posting as plain text")
        parser.add_argument("--out", required=True, type=Path, help="where to write the .docx")
        parser.add_argument("--report", type=Path, help="where to write the JSON report")
        parser.add_argument("--pages", type=int, help="page limit (default: 2 with a PhD, else 1)")
        parser.add_argument("--style", choices=sorted(STYLES), default="classic")

    def handle(self, *args, **options) -> None:
        if options["pages"] is not None and options["pages"] < 1:
            raise CommandError("--pages must be at least 1")
        try:
            report = tailor_files(
                inventory_path=Path(options["inventory"]),
                posting_path=Path(options["posting"]),
                out_path=Path(options["out"]),
                report_path=Path(options["report"]) if options["report"] else None,
                pages=options["pages"],
                style=options["style"],
            )
        except TailorInputError as error:
            raise CommandError(str(error)) from error
        after, before = report.overall_after, report.overall_before
        self.stdout.write(
            f"wrote {options['out']}: coverage of supported terms "
            f"{before.supported_coverage:.0%} → {after.supported_coverage:.0%}, "
            f"match {before.match:.0%} → {after.match:.0%}"
        )
