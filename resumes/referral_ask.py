"""A referral ask: the message asking a contact to refer the person for one application,
with the lines of their experience that answer its posting best.

The tracker writes the message's frame (`tracker.outreach.referral_ask_draft`); this
module finds what only the résumé side knows: the application's posting as the engine
reads it, and the inventory's strongest matching lines, quoted word for word.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User

from resumes.inventory_index import OwnerIndexStore
from resumes.inventory_store import load_inventory
from resumes.models import FetchStatus, Posting
from resumes.posting_readings import (
    build_readings,
    latest_build_of,
    posting_analyses,
    with_latest_build,
)
from resumes.quoted_lines import QuotedLine, quoted_lines
from resumes.tailoring.evidence import indexed, match_evidence
from resumes.tailoring.evidence_lines import strongest_lines
from resumes.tailoring.lexicon import load_lexicon
from resumes.tailoring.rules import load_rules
from tracker.models import Referral
from tracker.outreach import Draft, referral_ask_draft, referral_nudge_draft, sender_name

LINES = 3


@dataclass(frozen=True)
class ReferralAsk:
    referral: Referral
    posting: Posting | None
    lines: list[QuotedLine]
    draft: Draft
    nudge: Draft | None  # once asked: the note that moves the referral on
    inventory_empty: bool


def referral_ask(*, referral: Referral, user: User) -> ReferralAsk:
    """The ask for `referral` (which the caller has checked is `user`'s), and the nudge
    for its stage once it has been asked."""
    application = referral.application
    posting = _posting_of(referral)
    inventory = load_inventory(user)
    lines: list[QuotedLine] = []
    if posting is not None and inventory.entries:
        build = latest_build_of(posting)
        reading = build_readings([build]).get(build[0]) if build else None
        analysis = reading.analysis if reading else posting_analyses([posting])[posting.pk]
        index = indexed(inventory, load_lexicon(), load_rules(), OwnerIndexStore(user.pk))
        evidence = match_evidence(index, analysis)
        lines = quoted_lines(strongest_lines(index, analysis, evidence, LINES), inventory)
    sender = inventory.basics.name or sender_name(user)
    link = (posting.url if posting else "") or application.posting_url
    return ReferralAsk(
        referral=referral,
        posting=posting,
        lines=lines,
        draft=referral_ask_draft(
            referral, lines=[quoted.line.text for quoted in lines], link=link, sender=sender
        ),
        nudge=referral_nudge_draft(referral, sender=sender),
        inventory_empty=not inventory.entries,
    )


def _posting_of(referral: Referral) -> Posting | None:
    """The application's newest captured posting, with its latest ready build."""
    postings = Posting.objects.filter(
        application=referral.application, fetch_status=FetchStatus.DONE
    ).exclude(text="")
    return with_latest_build(postings).order_by("-captured_at", "-pk").first()
