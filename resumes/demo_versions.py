"""The résumés the demo account recorded as sent, so the dashboard's "What works" has
versions to compare: most of Maya's applications went out with a tailored résumé, a few
in the serif style or held to one page, and the first ones under the headline and summary
she used before she settled on today's. Companies, teams and postings are invented.

An application that already keeps a posting is built from it, one that keeps none from the
posting below; one with a résumé already recorded as sent is left as it is. The other
applications have no recorded résumé, as in a real search, and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from resumes import services
from resumes.models import Basics, Posting, ResumeBuild
from tracker.models import Application

# What Maya's profile said in her first weeks of applying.
EARLY_HEADLINE = "Postdoctoral Researcher in probability"
EARLY_SUMMARY = (
    "Postdoctoral researcher in probability with a record of theory papers and large "
    "simulation studies. Looking for research roles in machine learning."
)


@dataclass(frozen=True)
class SentVersion:
    role_title: str  # of the demo application it went out with
    posting: str  # the posting's text, used when the application keeps none
    style: str = "classic"
    page_limit: int | None = None  # None: the engine's default (two pages with a PhD)
    early: bool = False  # built under EARLY_HEADLINE and EARLY_SUMMARY


SENT_VERSIONS = [
    SentVersion(
        "Research Scientist, Causal Inference",
        """About the team
Brightline Health's causal inference group measures what our care programmes do for
patients.

What you'll do
- Design observational studies and randomised trials with clinical teams.
- Build statistical models of treatment effects and their uncertainty.
- Present results to clinicians and leadership.

Requirements
- PhD in statistics, mathematics or a related field.
- Causal inference, Bayesian inference and statistical modeling.
- Python or R.
- Communication with non-specialists.

Nice to have
- Monte Carlo methods.
- Mentoring junior scientists.
""",
        early=True,
    ),
    SentVersion(
        "Research Engineer, Optimization",
        """About the role
Meridian Social's optimization team trains the models behind ads delivery at scale.

What you'll do
- Research new optimization algorithms for large-scale training.
- Prove and test convergence guarantees.
- Run large experimentation campaigns on our clusters.

Requirements
- Algorithm design and analysis.
- Stochastic optimization.
- Python and PyTorch.
- Experimentation.

Nice to have
- High-performance computing.
- Publications in machine learning venues.
""",
        style="serif",
        early=True,
    ),
    SentVersion(
        "Research Engineer, Planning",
        """About us
Parcel Robotics builds delivery robots for city pavements.

What you'll do
- Research motion-planning algorithms under uncertainty.
- Write simulation studies that test planners before they reach the street.

Requirements
- Probability and stochastic processes.
- Mathematical modeling.
- Python and C++.
- Simulation.

Nice to have
- Reinforcement learning.
- Open-source contributions.
""",
        page_limit=1,
        early=True,
    ),
    SentVersion(
        "Applied Scientist, On-device ML",
        """About the role
Vantage Devices puts machine learning on phones and watches.

What you'll do
- Compress and evaluate models that run on device.
- Find the root cause when a model behaves differently on hardware.

Requirements
- Python and PyTorch.
- Model evaluation and statistics.
- Root cause analysis.
- Performance optimization.

Nice to have
- C++.
- Quantization.
""",
    ),
    SentVersion(
        "Machine Learning Researcher",
        """About us
Two Rivers Capital is a quantitative investment firm.

What you'll do
- Research machine-learning models of market data.

Requirements
- PhD in mathematics, physics or statistics.
- Probability, stochastic processes and statistical modeling.
- Monte Carlo methods.
- Python.

Nice to have
- Bayesian inference.
- Publications.
""",
        style="serif",
        page_limit=1,
    ),
    SentVersion(
        "Machine Learning Engineer, Integrity",
        """About the role
Integrity keeps spam and abuse off Meridian Social.

What you'll do
- Build classifiers that find abuse, and measure them honestly.
- Run experimentation on new detection models.

Requirements
- Python and PyTorch.
- Experimentation and statistics.
- Scientific computing.

Nice to have
- Mentoring.
- Open-source software.
""",
    ),
    SentVersion(
        "Senior Data Scientist, Pricing",
        """About the role
Harbor Mutual prices home and travel insurance across the Nordics.

What you'll do
- Model claim risk and price it.
- Communicate results to underwriters.

Requirements
- Statistical modeling and Bayesian inference.
- Python and SQL.
- Communication.

Nice to have
- Monte Carlo methods.
""",
        style="serif",
    ),
    SentVersion(
        "MLOps Engineer, Training Platform",
        """About the team
Orbital Cloud's training platform runs every large training job in the company.

What you'll do
- Keep training jobs fast and reliable on our clusters.
- Help research teams use the platform.

Requirements
- Python.
- High-performance computing and Slurm.
- CI/CD and software testing.

Nice to have
- Kubernetes.
- Teaching or mentoring.
""",
        page_limit=1,
    ),
]


@transaction.atomic
def load_demo_versions(user: User) -> None:
    """Build and record as sent the résumés of SENT_VERSIONS (after the inventory): the
    early ones under the early headline and summary, then the rest under today's."""
    applications = {a.role_title: a for a in Application.objects.for_user(user)}
    profile = Basics.objects.filter(owner=user)
    headline, summary = profile.values_list("headline", "summary").get()
    profile.update(headline=EARLY_HEADLINE, summary=EARLY_SUMMARY)
    for version in (v for v in SENT_VERSIONS if v.early):
        _send(user, applications[version.role_title], version)
    profile.update(headline=headline, summary=summary)
    for version in (v for v in SENT_VERSIONS if not v.early):
        _send(user, applications[version.role_title], version)


def _send(user: User, application: Application, version: SentVersion) -> None:
    if ResumeBuild.objects.filter(sent_with=application).exists():
        return
    posting = application.postings.order_by("-pk").first() or Posting.objects.create(
        owner=user,
        application=application,
        title=application.role_title,
        company=application.company.name,
        text=version.posting,
    )
    options = {"style": version.style, "page_limit": version.page_limit}
    build = services.request_resume_build(user=user, posting=posting, options=options)
    services.run_resume_build(build_id=build.pk)
    ResumeBuild.objects.filter(pk=build.pk, status=ResumeBuild.Status.READY).update(
        sent_with=application, sent_on=application.applied_on
    )
