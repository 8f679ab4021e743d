"""The demo account's interview preparation: Maya's notes on how she will tell three of her
bullets, written once and shown on the prep page of every application whose résumé carried
them — the Orbital Cloud loop and the Kestrel Quant superday among them (their résumés are
built and sent by `resumes.demo_postings`)."""

from __future__ import annotations

from django.contrib.auth.models import User

from resumes.bullet_notes import save_bullet_note
from resumes.models import Bullet

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
    """Write the notes on the inventory's bullets (run after the inventory is loaded)."""
    for start, note in NOTES.items():
        bullet = Bullet.objects.get(entry__owner=user, text__startswith=start)
        save_bullet_note(owner=user, key=f"b{bullet.pk}", words=bullet.text, text=note)
