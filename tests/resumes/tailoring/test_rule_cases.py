"""Every reframing rule, once where it must fire and once on a near miss where it must not.

The near misses are lines a résumé really holds that share the rule's words without its
evidence: laser ablation is no ablation study, a casino is no Monte Carlo method, attending
a lecture is no teaching. A new rule without both cases fails the first test.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from resumes.tailoring.evidence import index_inventory
from resumes.tailoring.inventory import Bullet, Entry, Evidence, Inventory
from resumes.tailoring.lexicon import Lexicon
from resumes.tailoring.rules import load_rules


@dataclass(frozen=True)
class Case:
    text: str
    kind: str = "position"
    flags: dict = field(default_factory=dict)
    title: str = "Research Scientist"
    first_author: bool = False
    thesis: str = ""

    def entry(self) -> Entry:
        flags = dict(self.flags)
        theory = flags.pop("theory", False)
        # Writing code is read from the entry's own words: a developer's title says it.
        title = "Research Software Developer" if flags.pop("code_written", False) else self.title
        if flags.get("used_by_others") is True:
            flags["used_by_others"] = 3
        return Entry(
            kind=self.kind,
            title=title if self.kind != "talk" else self.text,
            organization="Example Lab",
            bullets=(Bullet(self.text),) if self.kind != "talk" and self.text else (),
            evidence=Evidence(**flags),
            first_author=self.first_author,
            paper_type="theory" if theory else "",
            thesis_title=self.thesis,
            degree="PhD" if self.kind == "education" else "",
        )


CODE = {"code_url": "https://github.com/example/tool"}
# rule id → (a line that earns it, a near miss that must not)
CASES: dict[str, tuple[Case, Case]] = {
    "simulations-as-experimentation": (
        Case("Ran 12,000 simulations sweeping the coupling constant."),
        Case("Used simulated annealing to place 40 detectors."),
    ),
    "monte-carlo": (
        Case("Sampled the posterior with MCMC on 3 surveys."),
        Case("Modelled Markov decision processes for robot control."),
    ),
    "ablations-as-experimentation": (
        Case("Ran ablations of the attention layers on 4 benchmarks."),
        Case("Measured laser ablation thresholds of 3 metals."),
    ),
    "baselines-as-benchmarking": (
        Case("Outperformed three baselines on the held-out survey."),
        Case("Set the baseline budget of the observing run."),
    ),
    "designed-experiments": (
        Case("Designed experiments to test the new onboarding flow."),
        Case("Attended a course on experiments in particle physics."),
    ),
    "validation-as-evaluation": (
        Case("Validated the classifier on a held-out test set of 5,000 images."),
        Case("Validated the detector alignment before the run."),
    ),
    "consistency-tests-as-hypothesis-testing": (
        Case("Ran consistency tests of the pipeline on mock data."),
        Case("Validated the new force field against experimental densities."),
    ),
    "training-models": (
        Case("Trained neural networks to classify galaxy images.", flags={"code_written": True}),
        Case("Trained 30 new lab members in safety procedures."),
    ),
    "randomised-study-as-ab-testing": (
        Case(
            "Randomised 4,000 learners to a control group and a new onboarding flow.",
            flags={"randomised_with_control": True},
        ),
        Case("Ran experiments on 3 onboarding flows without a control group."),
    ),
    "theory-as-algorithm-analysis": (
        Case(
            "Proved convergence bounds for 2 Langevin samplers.",
            kind="publication",
            flags={"theory": True},
        ),
        Case("Used density functional theory with a quasi-Newton optimizer.", kind="publication"),
    ),
    "theory-as-mathematical-modeling": (
        Case(
            "Proved the existence of a theory of growth with 2 parameters.",
            kind="publication",
            flags={"theory": True},
        ),
        Case("Reviewed models of galaxy growth for a seminar.", kind="publication"),
    ),
    "proofs-and-bounds": (
        Case("Proved a regret bound for Thompson sampling."),
        Case("Built a proof of concept of the solver."),
    ),
    "theory-with-released-code-as-implementation": (
        Case(
            "Proved a regret bound and released the sampler code.", flags={"theory": True, **CODE}
        ),
        Case("Proved a regret bound for Thompson sampling.", flags={"theory": True}),
    ),
    "new-methods-as-algorithm-design": (
        Case("Developed a novel sampler for high-dimensional posteriors."),
        Case("Used an existing sampler for the posteriors."),
    ),
    "optimisation": (
        Case("Minimised the training objective with adjoint gradients."),
        Case("Optimistic about the new telescope schedule."),
    ),
    "modeling-as-mathematical-modeling": (
        Case("Built mathematical models of disease transmission."),
        Case("Worked as a fashion model during college."),
    ),
    "visualisation": (
        Case("Built interactive dashboards in Plotly for 3 teams."),
        Case("Visited 3 partner observatories."),
    ),
    "debugging-as-root-cause-analysis": (
        Case("Tracked down and fixed a race condition in the MPI code."),
        Case("Collected insects for the biology department."),
    ),
    "hardening-as-reliability": (
        Case(
            "Improved the reliability of the training code with failover.",
            flags={"code_written": True},
        ),
        Case("Assessed the reliability of survey responses."),
    ),
    "statistics-as-statistical-modeling": (
        Case("Fitted Bayesian regression models to 10 years of data."),
        Case("Managed the lab's travel budget."),
    ),
    "bayesian-as-bayesian-inference": (
        Case("Computed posteriors with variational inference."),
        Case("Posted weekly updates to the group."),
    ),
    "likelihoods-as-probabilistic-modeling": (
        Case("Built a likelihood for the galaxy power spectrum."),
        Case("Increased the likelihood of grant success by networking."),
    ),
    "uncertainty-as-uq": (
        Case("Quantified uncertainties of the reconstructed fields."),
        Case("Certain of the delivery dates of all 3 instruments."),
    ),
    "data-cleaning": (
        Case("Cleaned and deduplicated 2 million survey records."),
        Case("Cleaned the optics of the spectrograph."),
    ),
    "real-data-as-data-analysis": (
        Case("Analysed observational data from 3 surveys."),
        Case("Wrote a review of data policy for the faculty."),
    ),
    "hpc": (
        Case("Ran MPI jobs on a Slurm cluster of 200 nodes.", flags={"used_hpc": True}),
        Case("Studied galaxy clusters with lensing."),
    ),
    "speedups-as-performance": (
        Case("Made the solver 12x faster with vectorised kernels.", flags={"code_written": True}),
        Case("Cut the group's coffee budget by 20%.", flags={"code_written": True}),
    ),
    "released-code-as-open-source": (
        Case("Released the sampler on GitHub.", flags=CODE),
        Case("Released 3 press statements about the mission."),
    ),
    "released-tested-code-as-software-engineering": (
        Case("Released the package with unit tests and continuous integration.", flags=CODE),
        Case("Wrote unit tests for a course assignment."),
    ),
    "tests-as-software-testing": (
        Case("Added unit tests and a test suite to the solver.", flags={"code_written": True}),
        Case("Passed the qualifying tests of the PhD programme."),
    ),
    "ci-systems-as-ci-cd": (
        Case("Set up GitHub Actions to test every change.", flags={"code_written": True}),
        Case("Wrote unit tests for 5 courses' homework.", flags={"code_written": True}),
    ),
    "research-code-as-scientific-computing": (
        Case("Wrote simulation code in Fortran for the group.", flags={"code_written": True}),
        Case("Reviewed the simulation code of a collaborator."),
    ),
    "tool-used-by-others-as-ml-infrastructure": (
        Case(
            "Built an ML training library used by 40 researchers.",
            flags={"code_written": True, "used_by_others": True},
        ),
        Case("Used an ML training library for the project."),
    ),
    "tool-used-by-others-as-software-engineering": (
        Case(
            "Built an analysis library used by 12 groups.",
            flags={"code_written": True, "used_by_others": True},
        ),
        Case("Used the department's analysis library."),
    ),
    "tool-adopted-across-teams": (
        Case("The pipeline was adopted by 3 teams.", flags={"used_by_others": True}),
        Case("Presented the pipeline to 3 teams."),
    ),
    "deployed-ml-as-production": (
        Case("Launched the ranking model to 40,000 users.", flags={"deployed_to_users": True}),
        Case("Deployed the ranking model to a staging server for internal testing."),
    ),
    "shipped-software-as-software-engineering": (
        Case(
            "Shipped features of the booking app to 40,000 users.",
            flags={"deployed_to_users": True, "code_written": True},
        ),
        Case("Shipped a prototype of the booking app.", flags={"code_written": True}),
    ),
    "teaching-as-communication": (
        Case("Taught linear algebra to 120 undergraduates.", kind="teaching"),
        Case("Attended lectures on linear algebra.", kind="teaching"),
    ),
    "talks-as-public-speaking": (
        Case("Invited talk: Field-level inference", kind="talk"),
        Case("Attended the Field-level inference workshop", kind="talk"),
    ),
    "presented-as-public-speaking": (
        Case("Presented results at 3 conferences."),
        Case("Listened to talks at 3 conferences."),
    ),
    "mentoring": (
        Case("Supervised 3 master's students."),
        Case("Supervised by Prof. Holm."),
    ),
    "tutoring-as-mentoring": (
        Case("Teaching assistant for numerical methods, with weekly office hours."),
        Case("Took a tutorial on numerical methods."),
    ),
    "mentoring-as-leadership": (
        Case("Led and mentored a team of 4 students."),
        Case("Mentored by the group leader."),
    ),
    "reviewing-as-peer-review": (
        Case("Referee for Physical Review Letters."),
        Case("Reviewed the lab's inventory of equipment."),
    ),
    "grants-as-funding": (
        Case("Principal investigator on a 3-year grant.", flags={"led": True}),
        Case("Worked on a project funded by a grant of the department."),
    ),
    "fellowship-as-independent-research": (
        Case("Kavli IPMU Fellow, independent research on cosmology."),
        Case("Fellows' dinner organiser."),
    ),
    "collaborations": (
        Case("Co-authored 9 papers with the survey consortium."),
        Case("Wrote a paper about collaborative robots."),
    ),
    "interdisciplinary-as-cross-functional": (
        Case("Worked with clinicians and engineers on an interdisciplinary study."),
        Case("Studied clinical records on my own."),
    ),
    "papers-as-publications": (
        Case("A joint analysis of 2 surveys", kind="publication"),
        Case("A joint analysis of 2 surveys", kind="project"),
    ),
    "first-author-papers-as-technical-writing": (
        Case("A joint analysis of 2 surveys", kind="publication", first_author=True),
        Case("A joint analysis of 2 surveys", kind="publication"),
    ),
    "thesis-as-ownership": (
        Case("", kind="education", thesis="Inference of the growth of structure"),
        Case("", kind="education"),
    ),
    "first-author-as-ownership": (
        Case("First-author paper on the growth of structure."),
        Case("Second author of a paper on the growth of structure."),
    ),
    "led-as-leadership": (
        Case("Led a team of 4 engineers."),
        Case("Results led to a new estimator."),
    ),
    "organising-events": (
        Case("Organised a workshop on machine learning for cosmology.", flags={"led": True}),
        Case("Attended a workshop on machine learning for cosmology."),
    ),
}


def _fired(lexicon: Lexicon, case: Case) -> set[str]:
    index = index_inventory(Inventory(entries=(case.entry(),)), lexicon, load_rules())
    return {hit.rule_id for hit in index.hits}


def test_rule_cases_cover_every_rule() -> None:
    assert sorted(CASES) == sorted(rule.id for rule in load_rules().rules)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_on_its_evidence(lexicon: Lexicon, rule_id: str) -> None:
    assert rule_id in _fired(lexicon, CASES[rule_id][0])


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_does_not_fire_on_a_near_miss(lexicon: Lexicon, rule_id: str) -> None:
    assert rule_id not in _fired(lexicon, CASES[rule_id][1])
