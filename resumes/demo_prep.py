"""The demo account's interview preparation: résumés tailored to two postings and sent with
the applications whose interviews are next (the Orbital Cloud loop, the Kestrel Quant
superday), and Maya's notes on how she will tell a few of her bullets — written once, shown
on both prep pages. Postings and companies are invented, like the rest of the demo."""

from __future__ import annotations

from django.contrib.auth.models import User

from resumes import services
from resumes.bullet_notes import save_bullet_note
from resumes.models import Bullet
from tracker.demo import QUANT, RANKING
from tracker.models import Application

RANKING_POSTING = """Machine Learning Engineer, Ranking — Orbital Cloud (Zürich)

The Ranking team decides what millions of people see first. You will build, evaluate and
ship the models behind the feed.

Requirements
- Strong Python; experience with PyTorch
- Experience training and evaluating machine learning models on large datasets
- Solid grounding in statistics, optimization and experimentation
- Comfortable debugging numerical code and data pipelines

Nice to have
- PhD in a quantitative field
- Distributed training on GPU clusters; Slurm or Kubernetes
- Publications at NeurIPS, ICML or KDD
"""

QUANT_POSTING = """Quantitative Researcher — Kestrel Quant (London)

Requirements
- PhD in mathematics, statistics, physics or a related field
- Deep knowledge of probability, stochastic processes and statistical inference
- Strong programming in Python
- Experience with Monte Carlo methods and simulation

Nice to have
- C++
- A research record: publications or open-source code others use
"""

# Bullet (its first words in the inventory) → how Maya will tell it.
NOTES = {
    "Ran 12,000 simulations": (
        "Say it as an offline evaluation harness: a hypothesis (the bound), a sweep over step "
        "and batch size, 12,000 runs scheduled on Slurm, and a plot of bound vs measured "
        "error. Then what it changed: one constant in the paper was too loose."
    ),
    "Found and fixed a numerical instability": (
        "The debugging story. Symptom: acceptance rates drifting with chain length. Bisected "
        "to a log-sum-exp done in float32. Fix, a regression test, and the two years of "
        "results re-run — and telling the group, which was the hard part."
    ),
    "Proved convergence-rate bounds": (
        "Intuition first, no measure theory: noise helps the sampler leave bad regions, and "
        "the bound says how fast. One sentence on why an engineer cares: it tells you the "
        "step size that will not diverge."
    ),
}


def load_demo_interview_prep(user: User) -> None:
    """Build and send the two résumés, then write the notes. Run after the inventory and
    the tracker are loaded; the same inventory and postings give the same résumés."""
    applications = {a.role_title: a for a in Application.objects.for_user(user)}
    for role_title, text in ((RANKING, RANKING_POSTING), (QUANT, QUANT_POSTING)):
        _send_tailored_resume(user, applications[role_title], text)
    for start, note in NOTES.items():
        bullet = Bullet.objects.get(entry__owner=user, text__startswith=start)
        save_bullet_note(owner=user, key=f"b{bullet.pk}", words=bullet.text, text=note)


def _send_tailored_resume(user: User, application: Application, text: str) -> None:
    posting = services.capture_posting(user=user, text=text, application=application)
    build = services.request_resume_build(user=user, posting=posting)
    # Built here rather than by a worker, so the demo opens with the résumé ready.
    services.run_resume_build(build_id=build.pk)
    build.refresh_from_db()
    services.mark_build_sent(build=build, application=application)
