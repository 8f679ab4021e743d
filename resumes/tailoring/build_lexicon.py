"""Build `data/lexicon.json` from O*NET's technology skills and the hand-curated terms.

    python -m resumes.tailoring.build_lexicon [--onet ../shared/data/onet] [--out PATH]

Reproducible: the same two inputs give a byte-identical file (sorted, no timestamps), and
a test rebuilds it to prove the committed file is what this script makes.

O*NET names technologies vendor-formally ("Amazon Web Services AWS software", "The MathWorks
MATLAB"), so each name is cleaned into a canonical name plus aliases (the acronym, the name
without its vendor). Generic category names ("Firewall software", "Database management
systems") are skipped: they are kinds of software, not skills a posting asks for by name.
The curated file adds what O*NET lacks (training and serving stacks, MLOps, evaluation, GPU
programming, LLM work, statistics and research methods) and wins where both name a term.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from resumes.tailoring.textnorm import stems

DATA_DIR = Path(__file__).parent / "data"
CURATED_PATH = DATA_DIR / "curated_terms.json"
LEXICON_PATH = DATA_DIR / "lexicon.json"
DEFAULT_ONET_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "onet"

ATTRIBUTION = (
    "This file includes information from the O*NET Resource Center by the U.S. Department of "
    "Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 "
    "license. Source: O*NET Technology Skills and Occupation Data for SOC group 15-xxxx, as "
    "republished in the public repository bstunney/onet-analysis. The O*NET names were "
    "modified (cleaned into canonical names and aliases) and merged with hand-curated terms."
)

# Vendors whose name may be dropped to give a usable alias: "Apache Kafka" → "Kafka".
_VENDORS = (
    "Amazon Web Services",
    "Amazon",
    "Apache",
    "Apple",
    "Atlassian",
    "Autodesk",
    "Adobe",
    "Google",
    "IBM",
    "Microsoft",
    "Oracle",
    "Red Hat",
    "The MathWorks",
    "SAP",
    "Eclipse",
    "Cisco Systems",
    "Cisco",
    "Qlik Tech",
    "Splunk",
)

# First words of O*NET's generic category names ("Load testing software"): these name a
# kind of software, not a product, and would match ordinary prose in postings.
_GENERIC_FIRST_WORDS_TEXT = """
    access active anti-spyware antivirus application applications automated backup catalog
    cluster command computer concurrency configuration data database defect deployment
    diagramming distributed document dynamic element email embedded encryption fault file
    firewall functional fund help index integration interoperability license load
    mathematical medical migration mutation network object online operating optical packet
    password patch penetration personal recovery regression relational remote reporting
    requirements revision root security social software source spreadsheet static
    statistical storage stress system systems tax test unit usability version virtual virus
    web word workflow"""
_GENERIC_FIRST_WORDS = frozenset(_GENERIC_FIRST_WORDS_TEXT.split())

# O*NET products whose names are ordinary words or too obscure to be worth the false
# matches they cause in prose.
_SKIP = frozenset(
    {
        "Blink",
        "Forth",
        "Loom",
        "Eko",
        "Honeypot",
        "Canu",
        "Social media sites",
        "Facebook",
        "LinkedIn",
        "Software libraries",
        "Operating system shells",
        "Command interpreters",
        "Shell script",
        "Microsoft operating system",
        "Software development tools",
    }
)

# Single words that are also ordinary English: matched only as written ("Go", not "go"),
# and the matcher additionally ignores them at the start of a sentence.
_ENGLISH_WORDS_TEXT = """
    access ads analytics android angular ant bamboo basic bind blackboard bootstrap chef
    cocoa com confluence database designer docs domino drive dynamics enterprise ethereal
    excel exchange flex go hive icon illustrator j jersey keynote maven meet middleware notes
    office outlook pascal pig project publisher puppet rails react redshift reports ruby
    scheme selenium sheets sites slack slides snort spark swift teams travis windows word
    workspace zoom"""
_ENGLISH_WORDS = frozenset(_ENGLISH_WORDS_TEXT.split())
# Of those, the ones a product is rarely called by alone, and that title-case text is full
# of ("Defensive Escort Teams", "Senior Project", "Statistics Meet Survey Systematics"):
# the product keeps its vendor's name ("Microsoft Teams") and gets no bare alias. "Cloud"
# alone is weather, astronomy ("molecular clouds") or any vendor's cloud, never Google's.
_BARE_TOO_ORDINARY_TEXT = """
    access ads cloud database designer docs domino drive dynamics enterprise exchange jersey
    meet middleware notes office project publisher reports sheets sites slides teams word
    workspace"""
_BARE_TOO_ORDINARY = frozenset(_BARE_TOO_ORDINARY_TEXT.split())

_ACRONYM_RE = re.compile(r"^(?P<long>.+?)\s+(?P<acr>[A-Z][A-Z0-9/]{0,6}[A-Z0-9])$")


def _slug(name: str) -> str:
    text = name.lower().replace("c++", "cpp").replace("c#", "csharp").replace("&", " and ")
    text = text.replace("+", "plus").replace("#", "sharp")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "term"


def _key(alias: str) -> tuple[str, ...]:
    return stems(alias)


def _clean_onet_name(raw: str) -> tuple[str, list[str], list[str]] | None:
    """(canonical name, aliases, case-sensitive aliases) for one O*NET example, or None."""
    if raw in _SKIP:
        return None
    name = re.sub(r"\s+software$", "", raw.strip())
    words = name.split()
    if words[0].lower() in _GENERIC_FIRST_WORDS and (len(words) > 1 or raw.endswith(" software")):
        return None
    aliases = {raw, name}
    case_sensitive: set[str] = set()
    display = name
    match = _ACRONYM_RE.match(name)
    if match and len(match.group("long").split()) >= 2:
        long, acr = match.group("long"), match.group("acr")
        aliases.update({long, acr})
        vendor = next((v for v in _VENDORS if long.startswith(v + " ")), "")
        display = f"{vendor} {acr}" if vendor else acr
        aliases.add(display)
    for vendor in _VENDORS:
        if display.startswith(vendor + " "):
            rest = display[len(vendor) + 1 :]
            if rest.lower() in _BARE_TOO_ORDINARY:
                pass
            elif rest.lower() in _ENGLISH_WORDS or (len(rest) <= 2 and rest.isupper()):
                case_sensitive.add(rest)
            elif len(rest) > 2:
                aliases.add(rest)
            break
    if len(display) <= 2 and display[:1].isupper():
        case_sensitive.add(display)
    for alias in (display, *aliases):
        if alias.lower() in _ENGLISH_WORDS:
            case_sensitive.add(alias)
    aliases = {a for a in aliases if a not in case_sensitive}
    return display, sorted(aliases - {display}), sorted(case_sensitive)


def read_onet(onet_dir: Path) -> list[dict[str, Any]]:
    """Terms from O*NET rows that are hot, in demand, or named by two or more occupations."""
    stats: dict[str, dict[str, Any]] = defaultdict(lambda: {"occupations": set(), "hot": False})
    with open(onet_dir / "technology_skills_15.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            entry = stats[row["Example"].strip()]
            entry["occupations"].add(row["O*NET-SOC Code"])
            entry["hot"] = entry["hot"] or "Y" in (row["Hot Technology"], row["In Demand"])
    terms = []
    for raw in sorted(stats):
        info = stats[raw]
        if not (info["hot"] or len(info["occupations"]) >= 2):
            continue
        cleaned = _clean_onet_name(raw)
        if cleaned is None:
            continue
        name, aliases, case_sensitive = cleaned
        terms.append(
            {
                "name": name,
                "category": "hard",
                "aliases": aliases,
                "case_sensitive": case_sensitive,
                "source": "onet",
                "onet_hot": info["hot"],
            }
        )
    return terms


def merge(onet_terms: list[dict[str, Any]], curated: dict[str, Any]) -> list[dict[str, Any]]:
    """O*NET terms and curated terms as one list.

    Terms are the same when one's *name* is spelled like the other's name or alias; then
    they merge and the curated side wins. An alias two terms share without that (O*NET's
    "Cloud" from "Google Cloud" against the curated "cloud computing") is ambiguous and is
    dropped from the O*NET side, so the lexicon never maps one spelling to two terms.
    """
    curated_terms = [
        {
            "name": item["name"],
            "category": item["category"],
            "aliases": list(item.get("aliases", [])),
            "case_sensitive": list(item.get("case_sensitive", [])),
            "source": "curated",
            "onet_hot": False,
            "generic": bool(item.get("generic")),
        }
        for item in curated["terms"]
    ]
    curated_keys: dict[tuple[str, ...], dict[str, Any]] = {}
    for term in curated_terms:
        for k in _keys_of(term):
            other = curated_keys.setdefault(k, term)
            if other is not term:
                raise ValueError(f"curated terms {other['name']!r} and {term['name']!r} share {k}")

    merged: list[dict[str, Any]] = []
    onet_keys: dict[tuple[str, ...], dict[str, Any]] = {}
    for term in onet_terms:
        name_key = _key(term["name"])
        target = curated_keys.get(name_key)
        if target is None:
            target = next(
                (
                    curated_keys[k]
                    for k in sorted(_keys_of(term))
                    if k in curated_keys and _key(curated_keys[k]["name"]) == k
                ),
                None,
            )
        if target is not None:
            # Keep only spellings no other curated term claims ("Cloud" is not GCP).
            term["aliases"] = [
                a for a in term["aliases"] if curated_keys.get(_key(a), target) is target
            ]
            _absorb(target, term)
            continue
        if name_key in onet_keys:  # two O*NET spellings of one product
            _absorb(onet_keys[name_key], term, source="onet")
            continue
        term["aliases"] = [
            a for a in term["aliases"] if _key(a) not in curated_keys and _key(a) not in onet_keys
        ]
        term["case_sensitive"] = [a for a in term["case_sensitive"] if _key(a) not in curated_keys]
        merged.append(term)
        for k in _keys_of(term):
            onet_keys.setdefault(k, term)

    for term in curated_terms:
        sensitive_keys = {_key(a) for a in term["case_sensitive"]}
        # An alias that must match case-sensitively may not also match in any case.
        term["aliases"] = sorted(
            a for a in set(term["aliases"]) if _key(a) not in sensitive_keys and a != term["name"]
        )
        if _key(term["name"]) in sensitive_keys:
            term["case_sensitive"] = sorted(set(term["case_sensitive"]) | {term["name"]})
        merged.append(term)
    taken = {k for t in curated_terms for k in _keys_of(t)}
    for term in merged:
        if term["source"] == "onet":
            term["aliases"] = [a for a in term["aliases"] if _key(a) not in taken]
    return merged


def _keys_of(term: dict[str, Any]) -> set[tuple[str, ...]]:
    names = [term["name"], *term["aliases"], *term["case_sensitive"]]
    return {_key(a) for a in names if _key(a)}


def _absorb(target: dict[str, Any], term: dict[str, Any], source: str = "onet+curated") -> None:
    target["aliases"] = sorted(set(target["aliases"]) | set(term["aliases"]) | {term["name"]})
    target["case_sensitive"] = sorted(set(target["case_sensitive"]) | set(term["case_sensitive"]))
    target["onet_hot"] = target["onet_hot"] or term["onet_hot"]
    target["source"] = source


def build(onet_dir: Path, curated_path: Path = CURATED_PATH) -> dict[str, Any]:
    curated = json.loads(curated_path.read_text(encoding="utf-8"))
    terms = merge(read_onet(onet_dir), curated)
    used_ids: set[str] = set()
    out_terms = []
    for term in sorted(terms, key=lambda t: (t["name"].lower(), t["name"])):
        slug = _slug(term["name"])
        while slug in used_ids:
            slug += "-x"
        used_ids.add(slug)
        out_terms.append(
            {
                "id": slug,
                "name": term["name"],
                "category": term["category"],
                "aliases": _one_spelling_per_key(
                    [a for a in term["aliases"] if a not in term["case_sensitive"]], term["name"]
                ),
                "case_sensitive": sorted(set(term["case_sensitive"])),
                "source": term["source"],
                "onet_hot": term["onet_hot"],
                # Only curated terms can be generic; written only when true, as the flag is
                # the exception.
                **({"generic": True} if term.get("generic") else {}),
            }
        )
    return {
        "attribution": ATTRIBUTION,
        "license": "CC BY 4.0 (O*NET-derived terms); curated terms: project licence",
        "generated_by": "python -m resumes.tailoring.build_lexicon",
        "blockers": sorted(curated.get("blockers", [])),
        "terms": out_terms,
    }


def _one_spelling_per_key(aliases: list[str], name: str) -> list[str]:
    # "AWS" and "aws" match the same text; keep the spelling with capitals for display.
    chosen: dict[tuple[str, ...], str] = {}
    for alias in sorted(set(aliases), key=lambda a: (a.lower(), a)):
        key = _key(alias)
        if key and key != _key(name) and key not in chosen:
            chosen[key] = alias
    return sorted(chosen.values(), key=lambda a: (a.lower(), a))


def render(lexicon: dict[str, Any]) -> str:
    """The file text: one term per line, so diffs of the data stay readable."""
    head = {k: v for k, v in lexicon.items() if k != "terms"}
    lines = ["{"]
    for k, v in head.items():
        lines.append(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},")
    lines.append('  "terms": [')
    body = [json.dumps(t, ensure_ascii=False, sort_keys=True) for t in lexicon["terms"]]
    lines.append(",\n".join("    " + b for b in body))
    lines.append("  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onet", type=Path, default=DEFAULT_ONET_DIR)
    parser.add_argument("--out", type=Path, default=LEXICON_PATH)
    args = parser.parse_args(argv)
    if not (args.onet / "technology_skills_15.tsv").exists():
        print(f"no O*NET data at {args.onet}", file=sys.stderr)
        return 2
    lexicon = build(args.onet)
    args.out.write_text(render(lexicon), encoding="utf-8")
    counts: dict[str, int] = defaultdict(int)
    for term in lexicon["terms"]:
        counts[term["category"]] += 1
    print(f"wrote {len(lexicon['terms'])} terms to {args.out} ({dict(sorted(counts.items()))})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
