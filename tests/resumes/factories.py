"""Builders for inventory test data, made through the real models."""

from __future__ import annotations

from django.contrib.auth.models import User

from resumes.models import Bullet, Entry, ImportDraft, Posting, ResumeBuild, Skill


def make_entry(owner: User, kind: str = "position", **fields) -> Entry:
    fields.setdefault("title", "Postdoctoral researcher")
    fields.setdefault("organization", "University of Somewhere")
    return Entry.objects.create(owner=owner, kind=kind, **fields)


def make_bullet(entry: Entry, text: str = "Proved a tight regret bound", skills=()) -> Bullet:
    bullet = Bullet.objects.create(entry=entry, text=text, order=entry.bullets.count())
    for name in skills:
        skill, _ = Skill.objects.get_or_create(owner=entry.owner, name=name)
        bullet.skills.add(skill)
    return bullet


def make_skill(owner: User, name: str = "PyTorch", **fields) -> Skill:
    return Skill.objects.create(owner=owner, name=name, **fields)


def make_import_draft(owner: User) -> ImportDraft:
    document = {"work": [{"name": "Lab", "position": "Research assistant"}]}
    return ImportDraft.objects.create(
        owner=owner, filename="cv.json", format="jsonresume", document=document
    )


def make_posting(owner: User, text: str = "", **fields) -> Posting:
    fields.setdefault("title", "Machine Learning Engineer")
    fields.setdefault("company", "Orbital Cloud")
    text = text or (
        "Requirements:\n- 3+ years of Python and PyTorch\n- Experience with A/B testing\n"
        "- Strong background in statistics and optimization\n"
        "Nice to have:\n- Kubernetes, Docker\n- Experience deploying models to production\n"
    )
    return Posting.objects.create(owner=owner, text=text, **fields)


def make_inventory(owner: User) -> None:
    """A small real inventory: a postdoc with bullets, a PhD, a paper and skills."""
    postdoc = make_entry(owner, title="Postdoctoral Researcher", start="2022-09", current=True)
    make_bullet(postdoc, "Ran 12,000 simulations on a Slurm cluster to test the bounds",
                skills=["Python", "Slurm"])  # fmt: skip
    make_bullet(postdoc, "Proved convergence bounds for stochastic optimization",
                skills=["Optimization"])  # fmt: skip
    make_bullet(postdoc, "Reimplemented two samplers in PyTorch", skills=["PyTorch"])
    make_entry(owner, kind="education", title="PhD in Mathematics", degree="PhD",
               field_of_study="Mathematics", start="2017", end="2022")  # fmt: skip
    make_entry(owner, kind="publication", title="Bounds for Langevin sampling",
               venue="Bernoulli", year=2024, paper_type="theory")  # fmt: skip
    make_skill(owner, "Statistics")


def make_build(owner: User) -> ResumeBuild:
    """A ready build, made by the real service from a small inventory."""
    from resumes import services

    make_inventory(owner)
    build = services.request_resume_build(user=owner, posting=make_posting(owner))
    services.run_resume_build(build_id=build.pk)
    build.refresh_from_db()
    return build


def make_sent_build(owner: User, application, text: str = "") -> ResumeBuild:
    """A ready build of the owner's inventory (make one first) for a posting of
    `application`, marked as sent with it."""
    from resumes import services

    posting = make_posting(owner, text, application=application)
    build = services.request_resume_build(user=owner, posting=posting)
    services.run_resume_build(build_id=build.pk)
    build.refresh_from_db()
    return services.mark_build_sent(build=build, application=application)
