"""The shipped list of well-known employers, and the tier it suggests for a name."""

import json

import pytest

from tracker.data.employer_tiers import (
    KNOWN_EMPLOYERS,
    guess_tier,
    known_employer,
    known_employers,
    name_key,
)
from tracker.models import Tier


@pytest.mark.parametrize(
    ("name", "tier"),
    [
        ("Meta", "big_tech"),
        ("Facebook", "big_tech"),
        ("Meta Platforms, Inc.", "big_tech"),
        ("FACEBOOK", "big_tech"),
        ("Google LLC", "big_tech"),
        ("Jane Street", "finance"),
        ("jane street capital, llc", "finance"),
        ("D. E. Shaw & Co.", "finance"),
        ("DE Shaw", "finance"),
        ("J.P. Morgan", "finance"),
        ("Societe Generale S.A.", "finance"),
        ("Airbnb, Inc.", "mid_size"),
        ("Eli Lilly and Company", "non_tech"),
    ],
)
def test_guess_tier_knows_an_employer_by_any_of_its_names(name, tier):
    assert guess_tier(name) == tier


@pytest.mark.parametrize("name", ["Tensorloom", "", "   ", "Meta Labs", "Street", "Inc."])
def test_guess_tier_suggests_nothing_for_a_company_it_does_not_know(name):
    assert guess_tier(name) == ""


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("The Voleon Group", "voleongroup"),
        ("D. E. Shaw & Co.", "deshaw"),
        ("Acme Co., Ltd.", "acme"),
        ("Crédit Agricole", "creditagricole"),
        ("Co", "co"),  # a name that is only a legal ending stays a name
    ],
)
def test_name_key_keeps_only_what_identifies_the_company(name, key):
    assert name_key(name) == key


def test_a_known_employer_names_the_list_it_comes_from():
    employer = known_employer("Jane Street LLC")

    assert (employer.name, employer.tier) == ("Jane Street", "finance")
    assert employer.source == "Quantitative trading firms and hedge funds"


def test_every_list_has_a_tier_a_title_and_a_source():
    lists = json.loads(KNOWN_EMPLOYERS.read_text(encoding="utf-8"))["lists"]

    assert {known["tier"] for known in lists} <= set(Tier.values)
    assert all(known["title"] and len(known["source"]) > 40 for known in lists)
    assert all(names and all(name_key(n) for n in names) for k in lists for names in k["employers"])


def test_no_name_means_two_tiers():
    lists = json.loads(KNOWN_EMPLOYERS.read_text(encoding="utf-8"))["lists"]
    tiers_by_key: dict[str, set[str]] = {}
    for known in lists:
        for names in known["employers"]:
            for name in names:
                tiers_by_key.setdefault(name_key(name), set()).add(known["tier"])

    assert {key: tiers for key, tiers in tiers_by_key.items() if len(tiers) > 1} == {}
    assert set(known_employers()) == set(tiers_by_key)
