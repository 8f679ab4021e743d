"""The demo account's inventory: Maya Lindqvist, a fictional mathematics PhD (probability)
on her way into ML engineering. Every person, place and paper here is invented."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from resumes.demo_postings import load_demo_postings
from resumes.demo_prep import load_demo_interview_prep
from resumes.demo_versions import load_demo_versions
from resumes.inventory_store import apply_inventory
from resumes.tailoring.inventory import Basics, Bullet, Entry, Evidence, Inventory, Profile, Skill
from tracker.demo import load_demo_tracker


def _bullets(*facts: tuple[str, tuple[str, ...]]) -> tuple[Bullet, ...]:
    return tuple(Bullet(text=text, skills=skills) for text, skills in facts)


DEMO_INVENTORY = Inventory(
    basics=Basics(
        name="Maya Lindqvist",
        headline="Mathematician (PhD, probability) moving into machine-learning engineering",
        email="maya.lindqvist@example.com",
        phone="+1-555-0100",
        location="Stockholm, Sweden",
        summary=(
            "Probabilist who proves things about stochastic algorithms and then checks them "
            "with large simulations; writes and maintains research code other groups use."
        ),
        profiles=(
            Profile("GitHub", "maya-lindqvist-demo", "https://github.com/maya-lindqvist-demo"),
        ),
    ),
    entries=(
        Entry(
            kind="position",
            title="Postdoctoral Researcher",
            organization="Institute for Mathematical Sciences, Westbridge University",
            location="Westbridge",
            start="2022-09",
            current=True,
            evidence=Evidence(
                code_released=True,
                code_url="https://github.com/maya-lindqvist-demo/graphwalk",
                used_by_others=3,
                used_hpc=True,
                led=True,
            ),
            bullets=_bullets(
                (
                    "Proved convergence-rate bounds for stochastic gradient Langevin dynamics on "
                    "non-convex objectives",
                    ("Stochastic processes", "Optimization"),
                ),
                (
                    "Ran 12,000 simulations on the university Slurm cluster to test the bounds "
                    "empirically, sweeping step size and batch size",
                    ("Slurm", "Monte Carlo methods"),
                ),
                (
                    "Found and fixed a numerical instability in the group's MCMC code that had "
                    "biased two years of results",
                    ("Python",),
                ),
                (
                    "Reimplemented two diffusion-model samplers in PyTorch to compare them with "
                    "Langevin baselines",
                    ("PyTorch",),
                ),
                ("Co-supervised two master's theses on spectral graph theory", ("Mentoring",)),
            ),
        ),
        Entry(
            kind="position",
            title="Doctoral Researcher",
            organization="Department of Mathematics, University of Eastholm",
            location="Eastholm",
            start="2017-09",
            end="2022-06",
            evidence=Evidence(used_hpc=True, led=True),
            bullets=_bullets(
                (
                    "Developed a theory of mixing times for random walks on graphs that change "
                    "over time; results in three papers",
                    ("Stochastic processes",),
                ),
                (
                    "Compared five variance estimators for MCMC output in a simulation study "
                    "with ablations over graph size and dynamics",
                    ("Statistics", "Monte Carlo methods"),
                ),
                (
                    "Cleaned and documented a 2 TB archive of simulation output so the group "
                    "could reuse it",
                    ("Python", "Data cleaning"),
                ),
            ),
        ),
        Entry(
            kind="position",
            title="Data Science Intern",
            organization="Fjordline Logistics",
            location="Gothenburg",
            start="2019-06",
            end="2019-08",
            evidence=Evidence(deployed_to_users=True),
            bullets=_bullets(
                (
                    "Built a demand-forecasting prototype in Python (pandas, scikit-learn) that "
                    "cut forecast error by 14% on held-out weeks",
                    ("pandas", "scikit-learn", "Python"),
                ),
                (
                    "The forecasts fed the planners' weekly dashboard, used by 20 people "
                    "in operations",
                    ("SQL",),
                ),
            ),
        ),
        Entry(
            kind="education",
            title="PhD in Mathematics",
            organization="University of Eastholm",
            start="2017-09",
            end="2022-06",
            degree="PhD",
            field_of_study="Mathematics",
            thesis_title="Mixing times of random walks on evolving graphs",
            advisor="Prof. Ingrid Holm",
        ),
        Entry(
            kind="education",
            title="MSc in Mathematics",
            organization="University of Eastholm",
            start="2015-09",
            end="2017-06",
            degree="MSc",
            field_of_study="Mathematics",
        ),
        Entry(
            kind="education",
            title="BSc in Mathematics and Physics",
            organization="University of Eastholm",
            start="2012-09",
            end="2015-06",
            degree="BSc",
            field_of_study="Mathematics and Physics",
        ),
        Entry(
            kind="publication",
            title="Non-asymptotic bounds for Langevin sampling with biased gradients",
            authors=("M. Lindqvist",),
            venue="Bernoulli",
            year=2024,
            first_author=True,
            paper_type="theory",
        ),
        Entry(
            kind="publication",
            title="A benchmark of MCMC convergence diagnostics on high-dimensional posteriors",
            authors=("M. Lindqvist", "P. Okafor", "J. Berg"),
            venue="Workshop on Machine Learning and the Physical Sciences",
            year=2023,
            first_author=True,
            paper_type="empirical",
            evidence=Evidence(
                code_released=True,
                code_url="https://github.com/maya-lindqvist-demo/mcmc-diag-bench",
            ),
        ),
        Entry(
            kind="publication",
            title="Mixing times of random walks on evolving graphs",
            authors=("M. Lindqvist", "I. Holm"),
            venue="Electronic Journal of Probability",
            year=2021,
            first_author=True,
            paper_type="theory",
        ),
        Entry(
            kind="open_source",
            title="graphwalk: random-walk sampling on large graphs",
            url="https://github.com/maya-lindqvist-demo/graphwalk",
            start="2021-03",
            current=True,
            evidence=Evidence(
                code_released=True,
                code_url="https://github.com/maya-lindqvist-demo/graphwalk",
                used_by_others=3,
                led=True,
            ),
            bullets=_bullets(
                (
                    "Wrote vectorised samplers in JAX that run 40 times faster on a GPU than the "
                    "reference NumPy code",
                    ("JAX", "NumPy", "GPU programming"),
                ),
                (
                    "Added unit and property-based tests with pytest and Hypothesis, run on "
                    "GitHub Actions for every change",
                    ("pytest", "CI/CD", "Git"),
                ),
            ),
        ),
        Entry(
            kind="project",
            title="Retail demand forecasting competition",
            organization="Kaggle",
            start="2020-10",
            end="2020-12",
            bullets=_bullets(
                (
                    "Finished in the top 8% of 1,900 teams with gradient-boosted trees and "
                    "careful feature engineering",
                    ("LightGBM", "Feature engineering"),
                ),
            ),
        ),
        Entry(
            kind="teaching",
            title="Teaching Assistant, Probability Theory",
            organization="University of Eastholm",
            start="2018-01",
            end="2021-06",
            evidence=Evidence(audience_size=120),
            bullets=_bullets(
                (
                    "Ran weekly exercise sessions for 120 second-year students and rewrote the "
                    "problem sets",
                    ("Communication",),
                ),
            ),
        ),
        Entry(
            kind="talk",
            title="Sampling with biased gradients: what the theory says",
            organization="Westbridge Machine Learning Seminar",
            start="2023-11",
            evidence=Evidence(audience_size=60),
        ),
        Entry(
            kind="talk",
            title="Random walks on dynamic graphs",
            organization="Nordic Probability Days",
            start="2021-05",
        ),
        Entry(
            kind="award",
            title="Doctoral fellowship",
            organization="Eastholm Graduate School",
            start="2017",
        ),
        Entry(
            kind="award",
            title="Best poster award",
            organization="Nordic Probability Days",
            start="2021",
        ),
        Entry(
            kind="service",
            title="Reviewer, Bernoulli and Electronic Journal of Probability",
            start="2021",
            current=True,
        ),
    ),
    skills=tuple(
        Skill(name=name, category=category, group=group)
        for name, category, group in [
            ("Python", "hard", "Programming"),
            ("JAX", "hard", "Programming"),
            ("PyTorch", "hard", "Programming"),
            ("NumPy", "hard", "Programming"),
            ("pandas", "hard", "Programming"),
            ("scikit-learn", "hard", "Programming"),
            ("SQL", "hard", "Programming"),
            ("Git", "hard", "Tools"),
            ("Slurm", "hard", "Tools"),
            ("Docker", "hard", "Tools"),
            ("LaTeX", "hard", "Tools"),
            ("Stochastic processes", "domain", "Mathematics"),
            ("Monte Carlo methods", "domain", "Mathematics"),
            ("Optimization", "domain", "Mathematics"),
            ("Statistics", "domain", "Mathematics"),
            ("Mentoring", "soft", "Working with people"),
            ("Communication", "soft", "Working with people"),
        ]
    ),
)


def load_demo_inventory(user: User) -> None:
    apply_inventory(user=user, inventory=DEMO_INVENTORY, replace_existing=True)


@transaction.atomic
def load_demo_account() -> User:
    """Create (or reset) the whole demo account: the search the tracker holds, then the
    experience inventory, then postings and the résumés built for them, most recorded as
    sent (resumes.demo_versions). Assembled here because the résumé app may use the
    tracker, and never the other way round."""
    user = load_demo_tracker()
    load_demo_inventory(user)
    load_demo_postings(user)
    load_demo_interview_prep(user)
    load_demo_versions(user)
    return user
