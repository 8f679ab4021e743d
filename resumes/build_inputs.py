"""What a résumé build depends on, normalised and hashed.

Two requests with the same inventory, posting, options and engine get the same hash,
and so the same ready build instead of a second one.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from resumes.tailoring.layout import STYLES
from resumes.tailoring.plan import STANDARD_SECTIONS
from resumes.tailoring.selection import PlanOptions

ENGINE_FILES = (Path(__file__).parent / "tailoring", Path(__file__).parent / "docx_builder.py")
MAX_PAGES = 3


@cache
def engine_fingerprint() -> str:
    """A hash of the engine's code and data: a changed engine never reuses old builds."""
    digest = hashlib.sha256()
    for root in ENGINE_FILES:
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if path.is_file() and path.suffix in {".py", ".json", ".txt", ".tsv"}:
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def normalise_options(options: dict[str, Any] | None) -> dict[str, Any]:
    """Options in one canonical shape; unknown keys dropped, values checked."""
    options = options or {}
    page_limit = options.get("page_limit")
    if page_limit in ("", None):
        page_limit = None
    else:
        page_limit = int(page_limit)
        if not 1 <= page_limit <= MAX_PAGES:
            raise ValueError(f"The page limit must be between 1 and {MAX_PAGES}.")
    style = options.get("style") or "classic"
    if style not in STYLES:
        raise ValueError(f"Unknown style {style!r}.")
    excluded = sorted(set(options.get("exclude_sections") or ()) & set(STANDARD_SECTIONS))
    return {
        "page_limit": page_limit,
        "style": style,
        "exclude_sections": excluded,
        "pinned": sorted(set(map(str, options.get("pinned") or ()))),
        "dropped": sorted(set(map(str, options.get("dropped") or ()))),
    }


def plan_options(options: dict[str, Any], posting_title: str) -> PlanOptions:
    return PlanOptions(
        page_limit=options["page_limit"],
        style=options["style"],
        exclude_sections=tuple(options["exclude_sections"]),
        pinned=tuple(options["pinned"]),
        dropped=tuple(options["dropped"]),
        posting_title=posting_title,
    )


def input_hash(
    *, inventory: dict[str, Any], posting_text: str, posting_title: str, options: dict
) -> str:
    payload = json.dumps(
        {
            "engine": engine_fingerprint(),
            "inventory": inventory,
            "posting": posting_text,
            "title": posting_title,
            "options": options,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
