"""What to prepare for each kind of interview round, shown on an application's prep page.

Data, not advice to be generated: short, concrete items a person coming from research can
work through the days before a round. Every kind the tracker knows has a list (a test
holds that), so a new kind needs its list here before it can be offered.
"""

from __future__ import annotations

from tracker.models import InterviewKind

CHECKLISTS: dict[str, tuple[str, ...]] = {
    InterviewKind.RECRUITER_SCREEN: (
        "A two-minute story: the research you did, why ML engineering now, why this company.",
        "Your salary range for this location, and the number you will say first.",
        "Notice period, start date, and whether you need visa sponsorship — say it plainly.",
        "Ask: how many rounds, what each one covers, and who the hiring manager is.",
        "Ask which team the role is on and what it ships.",
    ),
    InterviewKind.FOUNDER_CHAT: (
        "Read their product, blog and last funding news; know what they sell and to whom.",
        "One project told end to end: the problem, what you built, what changed because of it.",
        "Why a company this size, and what you would own in your first three months.",
        "Ask about runway, who uses the product today, and how decisions are made.",
        "Ask what the first ML problem on your desk would be.",
    ),
    InterviewKind.ONLINE_ASSESSMENT: (
        "Find out the platform, the language choices and the time limit; do its sample test.",
        "Set up a quiet slot with a reliable connection; close everything else.",
        "Practise two timed medium problems (arrays, hashing, two pointers, BFS/DFS).",
        "Read every question first; bank the easy points before the hard one.",
        "Test edge cases before submitting: empty input, one element, duplicates.",
    ),
    InterviewKind.CODING: (
        "Practise timed medium problems out loud: restate, examples, plan, code, test.",
        "Review complexity of your usual tools: sorting, heaps, hash maps, BFS/DFS, binary search.",
        "Write Python without an IDE: list and dict idioms, collections, itertools, heapq.",
        "Say the brute force first, then improve it; name the time and space of each.",
        "Finish with tests you run by hand, including the edge cases.",
        "Check the editor they use (CoderPad, shared doc) and your audio the day before.",
    ),
    InterviewKind.ML_FUNDAMENTALS: (
        "Bias and variance, regularisation, and how you would tell over- from underfitting.",
        "Losses and metrics: cross-entropy, calibration, precision/recall, ROC-AUC vs PR-AUC.",
        "Optimisation: SGD, momentum, Adam, learning-rate schedules, why training diverges.",
        "Trees and boosting vs neural nets: when each wins on tabular data.",
        "Evaluation done right: leakage, time-based splits, confidence intervals on a metric.",
        "Tie at least one answer to your own work (your bullet notes on this page).",
    ),
    InterviewKind.ML_SYSTEM_DESIGN: (
        "Use one frame every time: problem and metric → data → features → model → "
        "serving → monitoring → iteration.",
        "Pin down the business metric and the offline metric that stands in for it.",
        "Data: where labels come from, their delay and bias, and how to sample training data.",
        "Serving: latency budget, batch vs online, candidate retrieval before ranking.",
        "Monitoring: drift, feedback loops, an A/B test to ship, and a rollback plan.",
        "Practise one design aloud in 35 minutes (feed ranking, search, fraud, ETA).",
    ),
    InterviewKind.SYSTEM_DESIGN: (
        "Clarify scale first: users, requests per second, data size, read/write ratio.",
        "Sketch the API and the data model before the boxes.",
        "Know the pieces: load balancer, cache, queue, SQL vs key-value store, sharding.",
        "Name the bottleneck and the trade-off you chose (consistency, cost, latency).",
        "Practise one design aloud in 40 minutes and time each part.",
    ),
    InterviewKind.TAKE_HOME: (
        "Read the brief twice; write down what is asked, what is optional and the deadline.",
        "Agree the time box with yourself (and with them if it is vague) and keep to it.",
        "A README first: how to run it, the choices made, what you would do with more time.",
        "Tests for the core path, a fixed random seed, and pinned dependencies.",
        "Measure what they care about (accuracy, latency, throughput) and report it honestly.",
        "Run it from a clean clone before sending.",
    ),
    InterviewKind.RESEARCH_TALK: (
        "Ask the length, the audience (researchers or engineers) and how long for questions.",
        "Lead with the problem and the result; keep proofs to one slide of intuition.",
        "Say what you did yourself, what the co-authors did, and what the code does.",
        "Prepare for “how would this work in production?” and “what would you do next?”",
        "Rehearse with a timer twice; cut until it fits with five minutes spare.",
        "Have a backup copy (PDF on a USB stick and online) and test screen sharing.",
    ),
    InterviewKind.BEHAVIOURAL: (
        "Five stories in situation–task–action–result form: conflict, failure, leading "
        "without authority, a deadline, a decision with incomplete data.",
        "Translate academic settings: a collaboration is a cross-team project, a thesis is "
        "an owned multi-year project.",
        "Put numbers in the results where you have them: the résumé bullets on this page "
        "are your sources.",
        "Read the company's values page and match a story to each.",
        "Two questions about the team's way of working and how success is measured.",
    ),
    InterviewKind.ONSITE_LOOP: (
        "Get the schedule: each session's kind and interviewer. Add the sessions as rounds "
        "to see each kind's checklist here.",
        "Plan breaks, water and food; for a virtual loop, test camera, audio and a backup link.",
        "One clear story about why this company, told the same way to everyone.",
        "Prepare two questions per interviewer; write down names as you go.",
        "After each session, reset: the next interviewer has not seen the last one.",
    ),
    InterviewKind.SUPERDAY: (
        "Probability and expectation drills: conditional probability, linearity, Bayes.",
        "Mental arithmetic and estimation under time pressure.",
        "Statistics deep-dive on your own work: assumptions, estimators, what could go wrong.",
        "Market-making or betting games: think aloud, size bets to your edge, update on news.",
        "Know why markets and this firm; read their public strategy and research.",
        "Plan the day: several back-to-back interviews, so pace yourself and eat.",
    ),
    InterviewKind.TEAM_MATCH: (
        "Read what each team ships; pick the problems you would want to work on.",
        "Ask about the on-call, the roadmap, how research ideas reach production.",
        "Ask how the team measures success and who you would learn from.",
        "Say what you would bring in the first six months, with one example from your work.",
    ),
    InterviewKind.HIRING_COMMITTEE: (
        "Nothing to attend: make sure the recruiter has everything (references, transcripts).",
        "Send any extra material they asked for (a paper, a code sample) in time.",
        "Ask the recruiter for the expected decision date, then follow up the day after.",
        "Line up your other processes so you can answer an offer quickly.",
    ),
    InterviewKind.OTHER: (
        "Ask the recruiter what the round covers and who you will meet.",
        "Prepare one project told end to end, and why this company.",
        "Two questions for them, and a way to follow up.",
    ),
}


def checklist_for(kind: str) -> tuple[str, ...]:
    """The kind's checklist; a kind stored before its list existed gets the general one."""
    return CHECKLISTS.get(kind, CHECKLISTS[InterviewKind.OTHER])
