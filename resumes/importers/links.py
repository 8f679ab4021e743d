"""Links an import may store: web and mail addresses only.

A CV can carry any string where a link belongs; `javascript:`, `data:` or `vbscript:` in a
profile would become a link on the inventory page. Only `http`, `https` and `mailto` are
kept; an address written without a scheme ("name.fr", "github.com/x") gets `https://`, as
a person would read it, and the preview says so (the site may only speak http); anything
else is dropped, and the preview says that too.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

from resumes.tailoring.inventory import Inventory

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_HOST_RE = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:[/?#]\S*)?$")


def safe_link(value: str) -> str | None:
    """`value` as a link worth storing, "" for none, or None when it must be dropped."""
    value = "".join(value.split())  # no spaces or control characters inside a link
    if not value:
        return ""
    scheme = _SCHEME_RE.match(value)
    if scheme is None:
        return f"https://{value}" if _HOST_RE.match(value) else None
    if scheme.group(1).casefold() not in ALLOWED_SCHEMES:
        return None
    if scheme.group(1).casefold() in ("http", "https") and not urlsplit(value).hostname:
        return None
    return value


def clean_links(inventory: Inventory) -> tuple[Inventory, list[str]]:
    """The inventory with every link made safe, and a warning for each one dropped."""
    warnings: list[str] = []

    def keep(value: str, where: str) -> str:
        link = safe_link(value)
        if link is None:
            warnings.append(
                f"{where}: the link {value[:60]!r} was left out (only web and "
                "mail addresses are kept)."
            )
            return ""
        if link != "".join(value.split()) and link.startswith("https://"):
            warnings.append(f"{where}: {value[:60]!r} had no https:// and was read as {link}.")
        return link

    basics = inventory.basics
    profiles = tuple(
        replace(p, url=keep(p.url, f"Profile {p.network or p.username}".strip()))
        for p in basics.profiles
    )
    basics = replace(basics, website=keep(basics.website, "Website"), profiles=profiles)
    entries = tuple(
        replace(
            entry,
            url=keep(entry.url, entry.title or "An entry"),
            evidence=replace(
                entry.evidence, code_url=keep(entry.evidence.code_url, entry.title or "An entry")
            ),
        )
        for entry in inventory.entries
    )
    return replace(inventory, basics=basics, entries=entries), warnings
