"""Which language a posting is written in, so a non-English one is not scored as English.

py3langid ships its model inside the package (nothing is downloaded). Loading that model
costs about half a second, so text that is plainly English — common English function words
make up a good share of it — is answered without it.
"""

from __future__ import annotations

import re

# Words that make up a large share of any English prose, and of few other languages'.
_ENGLISH_WORDS = frozenset(
    """the and of to in a an for with you we our your is are will be on as or at this that
    from by have has experience work team role""".split()  # noqa: SIM905
)
_WORD_RE = re.compile(r"[^\W\d_]+")
ENGLISH_SHARE = 0.12  # at or above this share of English function words, it is English
MIN_WORDS_TO_TELL = 12  # fewer words than this cannot be told apart reliably

LANGUAGE_NAMES: dict[str, str] = {
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
    "pt": "Portuguese",
    "pl": "Polish",
    "sv": "Swedish",
    "da": "Danish",
    "no": "Norwegian",
    "fi": "Finnish",
    "cs": "Czech",
    "ru": "Russian",
    "uk": "Ukrainian",
    "tr": "Turkish",
    "ja": "Japanese",
    "zh": "Chinese",
    "ko": "Korean",
}


def detect_language(text: str) -> str:
    """The ISO 639-1 code of `text`'s language; "en" when it is too short to tell."""
    words = [w.casefold() for w in _WORD_RE.findall(text)]
    if len(words) < MIN_WORDS_TO_TELL:
        return "en"
    share = sum(1 for w in words if w in _ENGLISH_WORDS) / len(words)
    if share >= ENGLISH_SHARE:
        return "en"
    # Imported here: loading the model is the slow part, and most postings never need it.
    import py3langid

    code, _ = py3langid.classify(text)
    return str(code)
