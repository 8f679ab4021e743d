"""The inventory index is built once per inventory version, soon after the inventory
changes, and kept in the shared cache (Redis) where a build on any worker finds it."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from resumes import inventory_index, services
from resumes.inventory_index import OwnerIndexStore, warm_index
from resumes.inventory_json import dump_inventory, load_inventory_dict
from resumes.inventory_store import load_inventory
from resumes.models import Entry
from resumes.tailoring import evidence
from resumes.tailoring.evidence import index_version
from tests.resumes.factories import make_bullet, make_entry, make_inventory, make_posting


@pytest.fixture(autouse=True)
def own_index_keys(monkeypatch) -> None:
    # The cache (Redis) outlives a test database: a person's id comes round again in the
    # next run, or in another worker's database, with an index already kept under it.
    monkeypatch.setattr(OwnerIndexStore, "PREFIX", f"inventory-index-test-{uuid.uuid4().hex}")


@pytest.fixture
def index_builds(monkeypatch) -> list[int]:
    """Counts the indexes built from scratch; no process keeps one in memory to start."""
    built: list[int] = []
    real = evidence.index_inventory

    def counting(inventory, lexicon, rule_set):
        built.append(len(inventory.entries))
        return real(inventory, lexicon, rule_set)

    monkeypatch.setattr(evidence, "index_inventory", counting)
    monkeypatch.setattr(evidence, "_RECENT_INDEXES", type(evidence._RECENT_INDEXES)())
    return built


@pytest.fixture
def warming(settings, tasks_run_in_process):
    settings.INVENTORY_INDEX_WARMING = True


def test_a_build_snapshot_is_the_same_version_as_the_live_inventory(alice):
    make_inventory(alice)
    live = load_inventory(alice)

    assert index_version(load_inventory_dict(dump_inventory(live))) == index_version(live)


def test_any_change_to_the_inventory_is_a_new_version(alice):
    make_inventory(alice)
    before = index_version(load_inventory(alice))
    entry = Entry.objects.filter(owner=alice).first()
    make_bullet(entry, "Taught a reading group on optimal transport")

    assert index_version(load_inventory(alice)) != before


def test_a_warmed_index_is_read_by_the_build_instead_of_built(alice, index_builds):
    make_inventory(alice)
    posting = make_posting(alice)

    assert warm_index(alice.pk) is True
    assert len(index_builds) == 1
    evidence._RECENT_INDEXES.clear()  # the build runs on another worker
    build = services.request_resume_build(user=alice, posting=posting)
    services.run_resume_build(build_id=build.pk)

    build.refresh_from_db()
    assert build.status == "ready"
    assert len(index_builds) == 1


def test_a_build_without_a_warm_index_builds_and_keeps_one(alice, index_builds):
    make_inventory(alice)
    posting = make_posting(alice)
    cache.delete(OwnerIndexStore(alice.pk).key)

    build = services.request_resume_build(user=alice, posting=posting)
    services.run_resume_build(build_id=build.pk)

    version = index_version(load_inventory(alice))
    assert len(index_builds) == 1
    assert OwnerIndexStore(alice.pk).get(version) is not None


def test_an_older_version_in_the_store_is_not_used(alice):
    make_inventory(alice)
    warm_index(alice.pk)
    old = index_version(load_inventory(alice))
    make_entry(alice, title="Research engineer")

    assert OwnerIndexStore(alice.pk).get(old) is not None
    assert OwnerIndexStore(alice.pk).get(index_version(load_inventory(alice))) is None


def test_an_unreadable_store_is_a_miss_not_an_error(alice):
    cache.set(OwnerIndexStore(alice.pk).key, "not an index")

    assert OwnerIndexStore(alice.pk).get("any") is None


def test_a_cache_that_is_down_is_a_miss_and_the_build_still_runs(alice, settings, index_builds):
    make_inventory(alice)
    posting = make_posting(alice)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }

    assert OwnerIndexStore(alice.pk).get("any") is None
    OwnerIndexStore(alice.pk).set("any", None)  # logged, not raised
    build = services.request_resume_build(user=alice, posting=posting)
    services.run_resume_build(build_id=build.pk)

    build.refresh_from_db()
    assert build.status == "ready"


def test_editing_the_inventory_indexes_it_once_after_the_burst(
    alice_client, alice, warming, index_builds, django_capture_on_commit_callbacks
):
    make_inventory(alice)
    entry = Entry.objects.filter(owner=alice, kind="position").first()
    cache.delete(inventory_index._pending_key(alice.pk))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = alice_client.post(
            reverse("resumes:bullet_create", args=[entry.pk]),
            {"text": "Shipped a sampler library used by 40 people", "skill_names": "Python"},
        )

    assert response.status_code in (200, 302)
    assert callbacks  # the edit asked for an index after it committed
    version = index_version(load_inventory(alice))
    assert OwnerIndexStore(alice.pk).get(version) is not None
    assert len(index_builds) == 1


def test_a_burst_of_edits_asks_a_worker_once(
    alice, warming, monkeypatch, django_capture_on_commit_callbacks
):
    cache.delete(inventory_index._pending_key(alice.pk))
    published: list[int] = []

    def count(task, **kwargs):
        published.append(kwargs["owner_id"])
        return True

    monkeypatch.setattr(inventory_index, "publish", count)
    with django_capture_on_commit_callbacks(execute=True):
        entry = make_entry(alice)
        for n in range(5):
            make_bullet(entry, f"Fact number {n}")

    assert published == [alice.pk]


def test_a_broker_that_is_down_lets_the_next_edit_try_again(
    alice, warming, monkeypatch, django_capture_on_commit_callbacks
):
    cache.delete(inventory_index._pending_key(alice.pk))
    attempts: list[int] = []

    def down(task, **kwargs):
        attempts.append(kwargs["owner_id"])
        return False

    monkeypatch.setattr(inventory_index, "publish", down)
    with django_capture_on_commit_callbacks(execute=True):
        make_entry(alice)
    with django_capture_on_commit_callbacks(execute=True):
        make_entry(alice, title="Second")

    assert attempts == [alice.pk, alice.pk]


def test_warming_for_a_person_with_nothing_to_index_does_nothing(alice, index_builds):
    assert warm_index(alice.pk) is False
    assert warm_index(10**9) is False
    assert index_builds == []
