"""Where the posting of a job saved from its own page goes, so the tracker never imports
the app that keeps postings.

An app registers a capture when Django starts (in its AppConfig.ready). Saving a clipped
job calls each one inside the same transaction, so a capture that refuses (ValidationError)
leaves nothing saved. The résumé app registers the capture that keeps the posting for
tailoring, and fetches it from its page on a worker when asked; without one, the
application still keeps the page's address and the selected text itself.
"""

from __future__ import annotations

from typing import Protocol

from tracker.models import Application


class PostingCapture(Protocol):
    def __call__(self, *, application: Application, url: str, text: str, fetch: bool) -> None:
        """Keep the posting of `application`: `text` as given, or, with `fetch` and no
        text, the page at `url` fetched."""


_posting_captures: list[PostingCapture] = []


def register_posting_capture(capture: PostingCapture) -> None:
    if capture not in _posting_captures:
        _posting_captures.append(capture)


def fetch_offered() -> bool:
    """Whether saving can fetch a posting from its page: only an app that keeps postings
    fetches them."""
    return bool(_posting_captures)


def capture_posting(*, application: Application, url: str, text: str, fetch: bool) -> None:
    for capture in _posting_captures:
        capture(application=application, url=url, text=text, fetch=fetch)
