"""Drafts of the messages a search sends: a follow-up when an application goes quiet, a
nudge about a referral, a thank-you after an interview and a follow-up when one is not
answered, and the frame of a referral ask.

Every draft is made only of what the records hold — names, roles, companies, dates, the
job link, the interview's own notes, lines the caller passes in — and fixed wording
around them, so the same records give the same draft and nothing in it is made up. The
person edits it before sending; the page offers it to copy or to open in their e-mail
program (`Draft.mailto`).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from urllib.parse import quote

from django.db.models.functions import Lower
from django.utils import timezone

from tracker.models import (
    Application,
    Contact,
    Interview,
    InterviewKind,
    Referral,
    ReferralStage,
)

SIGN_OFF = "Thank you for your time,"
# Topics taken from an interview's notes: the first few lines, each short enough to be a
# topic rather than a paragraph of preparation.
MAX_TOPICS = 2
MAX_TOPIC_CHARS = 140
_HONORIFICS = frozenset({"dr", "dr.", "prof", "prof.", "professor"})
_NAME_WORD_RE = re.compile(r"^[^\W\d_][\w'’.-]*$")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")
# How a round without a title of its own reads in a sentence ("thank you for the coding
# interview"); a titled round ("Virtual onsite (4 × 45 min)") is called by its title.
ROUND_NAMES: dict[str, str] = {
    InterviewKind.RECRUITER_SCREEN: "recruiter screen",
    InterviewKind.FOUNDER_CHAT: "conversation",
    InterviewKind.ONLINE_ASSESSMENT: "online assessment",
    InterviewKind.CODING: "coding interview",
    InterviewKind.ML_FUNDAMENTALS: "ML fundamentals interview",
    InterviewKind.ML_SYSTEM_DESIGN: "ML system design interview",
    InterviewKind.SYSTEM_DESIGN: "system design interview",
    InterviewKind.TAKE_HOME: "take-home",
    InterviewKind.RESEARCH_TALK: "research talk",
    InterviewKind.BEHAVIOURAL: "behavioural interview",
    InterviewKind.ONSITE_LOOP: "onsite interviews",
    InterviewKind.SUPERDAY: "superday",
    InterviewKind.TEAM_MATCH: "team-match conversation",
    InterviewKind.HIRING_COMMITTEE: "hiring committee",
    InterviewKind.OTHER: "interview",
}


@dataclass(frozen=True)
class Draft:
    """A message ready to edit: who it goes to (when the records know), subject, body."""

    subject: str
    body: str
    to: str = ""

    @property
    def text(self) -> str:
        """The subject line, then the message: what the Copy button copies."""
        return f"Subject: {self.subject}\n\n{self.body}"

    @property
    def mailto(self) -> str:
        """A mailto: link that opens the draft in the person's e-mail program (RFC 6068:
        everything percent-encoded, line breaks as CRLF)."""
        subject = quote(self.subject, safe="")
        body = quote(self.body.replace("\n", "\r\n"), safe="")
        return f"mailto:{quote(self.to, safe='@,')}?subject={subject}&body={body}"

    def __str__(self) -> str:
        return self.text


def sender_name(user) -> str:
    return user.get_full_name() or user.get_username()


def people_named(people: str) -> list[str]:
    """The people a free-text field names, as written: "Ines (CEO), Daniel (CTO)" gives
    Ines and Daniel. A field that names a team or a description rather than people
    ("Ranking team: two coding, …", "Greenleaf recruiting") gives none."""
    if ":" in people or any(character.isdigit() for character in people):
        return []
    without_roles = re.sub(r"\([^)]*\)", " ", people)
    parts = [" ".join(p.split()) for p in re.split(r",|;|&|/|\band\b", without_roles)]
    names = [part for part in parts if part]
    for name in names:
        words = name.split()
        if not 1 <= len(words) <= 4 or not all(
            _NAME_WORD_RE.match(word) and word[0].isupper() for word in words
        ):
            return []
    return names


def first_names(people: str) -> list[str]:
    """How to greet the people a field names: by first name ("Hi Ines and Daniel"), or by
    the whole name after a title ("Prof. Ingrid Holm")."""
    return [
        name if name.split()[0].casefold() in _HONORIFICS else name.split()[0]
        for name in people_named(people)
    ]


def interviewer_addresses(user, interview: Interview) -> str:
    """The e-mail addresses of the person's contacts named as the round's interviewers,
    comma-separated ("" when none is a contact with an address). One query."""
    names = [name.casefold() for name in people_named(interview.interviewers)]
    if not names:
        return ""
    contacts = (
        Contact.objects.for_user(user)
        .annotate(lowered=Lower("name"))
        .filter(lowered__in=names)
        .exclude(email="")
        .order_by("name", "pk")
    )
    return ",".join(dict.fromkeys(contact.email for contact in contacts))


def greeting(names: list[str]) -> str:
    if not names:
        return "Hello,"
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"Hi {joined},"


def note_topics(notes: str) -> list[str]:
    """The first lines of an interview's notes, word for word: what the round was about,
    for the person to keep or delete. Lines that begin with a number ("45 minutes on the
    thesis") are logistics, not topics."""
    topics: list[str] = []
    for line in notes.splitlines():
        for sentence in _SENTENCE_END_RE.split(line.strip()):
            sentence = sentence.strip().rstrip(".")
            if not sentence or sentence[0].isdigit() or len(sentence) > MAX_TOPIC_CHARS:
                continue
            topics.append(sentence)
            if len(topics) == MAX_TOPICS:
                return topics
    return topics


def round_name(interview: Interview) -> str:
    return interview.title or ROUND_NAMES.get(interview.kind, "interview")


def _day(day: datetime.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def _on_day(interview: Interview) -> str:
    """The round's day where the person is (" on Monday 19 October"); "" when unscheduled."""
    if interview.scheduled_at is None:
        return ""
    return f" on {_day(timezone.localtime(interview.scheduled_at).date())}"


def _listed(heading: str, items: list[str]) -> str:
    """A paragraph of the items as a dashed list under `heading`; "" when there are none."""
    if not items:
        return ""
    return heading + "\n" + "".join(f"- {item}\n" for item in items) + "\n"


# --- Applications ----------------------------------------------------------------------


def follow_up_draft(
    application: Application, *, contact_name: str, sender: str, again: bool
) -> Draft:
    """A short, polite follow-up on an application that has gone quiet."""
    applied = application.applied_on.strftime("%-d %B") if application.applied_on else "recently"
    opening = (
        f"I wanted to follow up once more on my application for the {application.role_title} "
        f"role at {application.company.name}."
        if again
        else f"I applied for the {application.role_title} role at {application.company.name} "
        f"on {applied} and wanted to check in on where things stand."
    )
    names = [contact_name.split()[0]] if contact_name else []
    return Draft(
        subject=f"Following up: {application.role_title}",
        body=(
            f"{greeting(names)}\n\n"
            f"{opening} I'm still very interested, and happy to share anything that would "
            "help — code, a paper, or a short call.\n\n"
            f"{SIGN_OFF}\n{sender}"
        ),
    )


# --- Referrals -------------------------------------------------------------------------


def referral_ask_draft(referral: Referral, *, lines: list[str], link: str, sender: str) -> Draft:
    """Asking a contact to refer the person: the role and its link, the lines of their
    background that answer the posting best (the caller's, passed in word for word), and
    one specific ask."""
    application = referral.application
    role = f"the {application.role_title} role at {application.company.name}"
    posting = f" ({link})" if link else ""
    evidence = _listed("A little of what I've done that fits what the posting asks for:", lines)
    return Draft(
        subject=f"Referral for {application.role_title} at {application.company.name}?",
        to=referral.contact.email,
        body=(
            f"{greeting([referral.contact.name.split()[0]])}\n\n"
            f"I hope you're well. I'm applying for {role}{posting}, and I'd love to be "
            "referred by someone who knows me.\n\n"
            f"{evidence}"
            "Would you be willing to refer me? If so, I'll send you my résumé and a short "
            "note for the referral form. And if it isn't a good time, no problem at all.\n\n"
            f"{SIGN_OFF}\n{sender}"
        ),
    )


def referral_nudge_draft(referral: Referral, *, sender: str) -> Draft | None:
    """The note that moves an open referral on: a reminder after asking, a check that it
    was submitted, a question whether it went through. None before asking (that is the
    ask itself) and once the referral is answered."""
    application = referral.application
    role = f"the {application.role_title} role at {application.company.name}"
    link = (
        f" Here is the job link again: {application.posting_url}" if application.posting_url else ""
    )
    if referral.stage == ReferralStage.ASKED:
        when = f" of {_day(referral.asked_on)}" if referral.asked_on else ""
        subject = f"Referral for {application.role_title} at {application.company.name}"
        middle = (
            f"Just following up on my message{when} about a referral for {role}. I know "
            "you're busy — if it's easier, I can send my résumé and the job link again. "
            "And no worries at all if it isn't a good time."
        )
    elif referral.stage == ReferralStage.AGREED:
        subject = f"Referral for {application.role_title}: anything you need from me?"
        middle = (
            f"Thank you again for agreeing to refer me for {role}. Have you had a chance to "
            f"submit it? Let me know if you need anything else from me.{link}"
        )
    elif referral.stage == ReferralStage.SUBMITTED:
        when = f" on {_day(referral.submitted_on)}" if referral.submitted_on else ""
        subject = f"Thank you for the referral: {application.role_title}"
        middle = (
            f"Thank you so much for submitting the referral for {role}{when}. Have you heard "
            "whether it went through on your side? I'll let you know how it goes."
        )
    else:
        return None
    return Draft(
        subject=subject,
        to=referral.contact.email,
        body=(
            f"{greeting([referral.contact.name.split()[0]])}\n\n{middle}\n\n{SIGN_OFF}\n{sender}"
        ),
    )


# --- Interviews ------------------------------------------------------------------------


def thank_you_draft(interview: Interview, *, sender: str, to: str = "") -> Draft:
    """A thank-you after a round: to the interviewers by name when the record names
    people, for the round and role, with the first topics of the round's notes."""
    application = interview.application
    when = _on_day(interview)
    discussed = _listed(
        "I especially enjoyed our conversation about:", note_topics(interview.prep_notes)
    )
    return Draft(
        subject=f"Thank you: {interview.label}, {application.role_title}",
        to=to,
        body=(
            f"{greeting(first_names(interview.interviewers))}\n\n"
            f"Thank you for taking the time to meet me{when} for the {round_name(interview)} "
            f"for the {application.role_title} role at {application.company.name}.\n\n"
            f"{discussed}"
            "I'm even more excited about the role after our conversation, and happy to "
            "follow up on anything we discussed.\n\n"
            f"Best regards,\n{sender}"
        ),
    )


def after_interview_draft(interview: Interview, *, sender: str, to: str = "") -> Draft:
    """A follow-up when a round has had no answer: the round, its day, the role."""
    application = interview.application
    when = _on_day(interview)
    return Draft(
        subject=f"Following up: {application.role_title}, {interview.label}",
        to=to,
        body=(
            f"{greeting(first_names(interview.interviewers))}\n\n"
            f"Thank you again for the {round_name(interview)}{when}. I wanted to check in on the "
            f"next steps for the {application.role_title} role at {application.company.name}. "
            "I'm still very interested, and happy to share anything that would help.\n\n"
            f"{SIGN_OFF}\n{sender}"
        ),
    )
