"""Suggest a company's tier from its name, using the shipped list of well-known employers
(`known_employers.json`, each list with its source). Only a whole name the list knows is
matched — “Meta”, “Meta Platforms, Inc.” and “FACEBOOK” alike — never a part of one, so
an unknown company gets no suggestion rather than a wrong one.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from tracker.models import Tier

KNOWN_EMPLOYERS = Path(__file__).with_name("known_employers.json")

# Legal endings that do not change which company a name means.
LEGAL_ENDINGS = frozenset(
    {
        "ag",
        "bv",
        "co",
        "company",
        "corp",
        "corporation",
        "gmbh",
        "inc",
        "incorporated",
        "limited",
        "llc",
        "llp",
        "lp",
        "ltd",
        "nv",
        "plc",
        "pte",
        "pty",
        "sa",
        "se",
    }
)


def name_key(name: str) -> str:
    """A company name reduced to what identifies it: no accents, letter case, punctuation,
    spaces, leading “The” or legal ending (“D. E. Shaw & Co.” → “deshaw”)."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    # Initials written with dots (“S.A.”, “L.L.C.”) become one word, as written without.
    spaced = re.sub(r"\b([a-z0-9])\.(?=[a-z0-9]\b)", r"\1", plain.replace("&", " and "))
    words = re.sub(r"[^a-z0-9]+", " ", spaced).split()
    if words[:1] == ["the"]:
        words = words[1:]
    # “… & Co. Ltd”: drop endings from the right, and the “and” left dangling before them.
    while len(words) > 1 and (words[-1] in LEGAL_ENDINGS or words[-1] == "and"):
        words.pop()
    return "".join(words)


@dataclass(frozen=True)
class KnownEmployer:
    name: str  # the usual name, as the list writes it
    tier: str
    source: str  # the title of the list it comes from


@functools.cache
def known_employers() -> dict[str, KnownEmployer]:
    """Every name the list knows (as `name_key` reduces it) → the employer it means.

    Read once per process. A name under two different tiers is a mistake in the file,
    refused here rather than answered either way.
    """
    data = json.loads(KNOWN_EMPLOYERS.read_text(encoding="utf-8"))
    by_key: dict[str, KnownEmployer] = {}
    for known_list in data["lists"]:
        tier = Tier(known_list["tier"]).value
        for names in known_list["employers"]:
            employer = KnownEmployer(names[0], tier, known_list["title"])
            for name in names:
                key = name_key(name)
                earlier = by_key.setdefault(key, employer)
                if earlier.tier != tier:
                    raise ValueError(f"{name!r} is both {earlier.tier} and {tier}.")
    return by_key


def known_employer(name: str) -> KnownEmployer | None:
    """The well-known employer of that name, if the list has it."""
    return known_employers().get(name_key(name))


def guess_tier(name: str) -> str:
    """The tier of the well-known employer of that name, or "" for any other company."""
    employer = known_employer(name)
    return employer.tier if employer else ""
