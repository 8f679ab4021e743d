"""The demo account's job postings and the résumés built for them: enough for every page
that learns from the search to show something — what to learn next (the gaps of the
postings, and what the sent résumés left out) and the referral asks (the lines of Maya's
inventory that fit a posting). Companies, teams and postings are invented.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction

from resumes import services
from resumes.models import Posting, ResumeBuild
from tracker.models import Application

# (role title of the demo application, or "" for a posting saved on its own; company;
# title; text)
POSTINGS: list[tuple[str, str, str, str]] = [
    (
        "Machine Learning Engineer, Ranking",
        "Orbital Cloud",
        "Machine Learning Engineer, Ranking",
        """About the role
The Ranking team decides what hundreds of millions of people see first. You will design,
train and ship the models that order the feed.

What you'll do
- Build ranking models in Python and PyTorch, from offline experiments to production.
- Run A/B testing on live traffic and read the results with care.
- Scale training on Kubernetes with distributed training.

Requirements
- Strong Python and PyTorch.
- Experience with recommender systems or ranking.
- Solid statistics and experimentation.
- SQL and Spark for large datasets.

Nice to have
- Kubernetes and Docker.
- A PhD in a quantitative field.
""",
    ),
    (
        "ML Engineer, Routing",
        "Lumen Maps",
        "ML Engineer, Routing",
        """About the role
Lumen Maps routes deliveries and riders across Europe. Our ML team predicts travel times
and improves the routes people take.

What you'll do
- Build models for travel-time prediction on large graph data.
- Work with engineers to serve models at low latency.

Requirements
- Python, and C++ or Java.
- Graph algorithms and optimization.
- Time series forecasting.
- AWS and Docker.

Nice to have
- Reinforcement learning.
- Kubernetes.
""",
    ),
    (
        "Founding ML Engineer",
        "Tensorloom",
        "Founding ML Engineer",
        """About us
Tensorloom is a seed-stage startup making large language models cheaper to run.

What you'll do
- Own model serving end to end: batching, caching, monitoring.
- Fine-tune open models for customers.

Requirements
- Python and PyTorch.
- Model serving and MLOps.
- Docker, Kubernetes and CI/CD.
- Large language models and fine-tuning.

Nice to have
- CUDA or GPU programming.
- AWS or Google Cloud Platform.
""",
    ),
    (
        "ML Performance Engineer",
        "Quiver Labs",
        "ML Performance Engineer",
        """About the team
Quiver's inference team makes models run fast on every GPU we can find.

What you'll do
- Profile training and inference, find the bottleneck, and remove it.
- Write and tune GPU kernels.

Requirements
- GPU programming and CUDA.
- C++ and Python.
- PyTorch or JAX internals.
- Profiling and performance optimization.

Nice to have
- Triton kernels.
- Distributed training.
""",
    ),
    (
        "ML Engineer, Demand Forecasting",
        "Greenleaf Grocers",
        "ML Engineer, Demand Forecasting",
        """About the role
Greenleaf Grocers runs 400 stores. Our forecasts decide what is on the shelves tomorrow.

What you'll do
- Improve the demand-forecasting models behind every store order.
- Build data pipelines with Airflow and dbt.

Requirements
- Python, pandas and SQL.
- Time series forecasting.
- Tree-based models in production.
- Feature engineering.

Nice to have
- Spark.
- Apache Airflow.
""",
    ),
    (
        "Quantitative Researcher",
        "Kestrel Quant",
        "Quantitative Researcher",
        """About us
Kestrel Quant is a systematic trading firm in London.

What you'll do
- Research and test trading signals.

Requirements
- A PhD in mathematics, physics or statistics.
- Probability theory and stochastic processes.
- Statistics and time series analysis.
- Python, and C++.

Nice to have
- Stochastic calculus.
- Experience with market data.
""",
    ),
    (
        "Data Scientist, Experimentation",
        "Cadence Music",
        "Data Scientist, Experimentation",
        """About the role
Cadence Music's experimentation team helps every product team learn from its users.

Requirements
- A/B testing and causal inference.
- Statistics and experimentation.
- SQL and Python.

Nice to have
- Bayesian statistics.
- Recommender systems.
""",
    ),
    (
        "",
        "Nimbus Analytics",
        "Machine Learning Engineer, Search",
        """About the role
Nimbus Analytics builds search for online shops.

Requirements
- Python and PyTorch.
- Information retrieval and search ranking.
- Spark and SQL.
- AWS.

Nice to have
- Large language models.
""",
    ),
]

# Role titles whose posting gets a built résumé, and those whose résumé was sent (the
# Ranking loop and the Kestrel Quant superday come next: their prep pages show them).
BUILT = (
    "Machine Learning Engineer, Ranking",
    "ML Engineer, Demand Forecasting",
    "Founding ML Engineer",
    "Quantitative Researcher",
)
SENT = (
    "Machine Learning Engineer, Ranking",
    "ML Engineer, Demand Forecasting",
    "Quantitative Researcher",
)


@transaction.atomic
def load_demo_postings(user: User) -> None:
    """Capture the demo postings (after the inventory) and build the résumés of BUILT,
    marking SENT as sent with their applications on the day they applied."""
    applications = {a.role_title: a for a in Application.objects.for_user(user)}
    for role_title, company, title, text in POSTINGS:
        application = applications.get(role_title) if role_title else None
        posting = Posting.objects.create(
            owner=user, application=application, title=title, company=company, text=text
        )
        if role_title in BUILT:
            _build(user, posting, sent_with=application if role_title in SENT else None)


def _build(user: User, posting: Posting, *, sent_with: Application | None) -> None:
    build = services.request_resume_build(user=user, posting=posting)
    services.run_resume_build(build_id=build.pk)
    if sent_with is not None:
        sent_on = sent_with.applied_on or datetime.date.today()
        ResumeBuild.objects.filter(pk=build.pk, status=ResumeBuild.Status.READY).update(
            sent_with=sent_with, sent_on=sent_on
        )
