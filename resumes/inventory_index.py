"""The tailoring engine's index of a person's inventory, kept with the inventory.

Indexing reads every unit of an inventory against the lexicon and the reframing rules; it
does not depend on the posting, and at 400 entries it costs more than the rest of a build.
So it is built once per inventory version, soon after the inventory changes (a worker task,
a few seconds after the last edit), and kept in the shared cache beside the person's id.
A build on any worker then reads it instead of building it. Nothing depends on it being
there: a build that finds no index, or an older one, builds its own.
"""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction

from config.broker import publish
from resumes.inventory_store import load_inventory
from resumes.tailoring.evidence import InventoryIndex, indexed
from resumes.tailoring.lexicon import load_lexicon
from resumes.tailoring.rules import load_rules

logger = logging.getLogger(__name__)

KEPT_SECONDS = 14 * 24 * 3600  # an inventory left alone for two weeks is indexed again
WARM_AFTER_SECONDS = 3  # edits come in bursts: index after the burst, once


class OwnerIndexStore:
    """One index per person: the latest version indexed, under the person's id."""

    PREFIX = "inventory-index"

    def __init__(self, owner_id: int) -> None:
        self.key = f"{self.PREFIX}:{owner_id}"

    def get(self, version: str) -> InventoryIndex | None:
        try:
            kept = cache.get(self.key)
        except Exception as error:  # a cache that is down or holds something unreadable
            logger.warning("Could not read the inventory index %s: %s", self.key, error)
            return None
        if not isinstance(kept, tuple) or len(kept) != 2 or kept[0] != version:
            return None
        index: InventoryIndex = kept[1]
        return index

    def set(self, version: str, index: InventoryIndex) -> None:
        try:
            cache.set(self.key, (version, index), timeout=KEPT_SECONDS)
        except Exception as error:
            logger.warning("Could not keep the inventory index %s: %s", self.key, error)


def warm_index(owner_id: int) -> bool:
    """Index the person's inventory as it is now, unless it is already; False when there
    is nothing to index (no such person, or no entries)."""
    cache.delete(_pending_key(owner_id))  # edits from now on schedule another run
    user = User.objects.filter(pk=owner_id).first()
    if user is None:
        return False
    inventory = load_inventory(user)
    if not inventory.entries:
        return False
    indexed(inventory, load_lexicon(), load_rules(), OwnerIndexStore(owner_id))
    return True


def schedule_warming(owner_id: int) -> None:
    """After this transaction commits, have a worker index the person's inventory: once
    for a burst of edits (an import saves hundreds of rows)."""
    if settings.INVENTORY_INDEX_WARMING:
        transaction.on_commit(partial(_publish_warming, owner_id))


def _publish_warming(owner_id: int) -> None:
    from resumes.tasks import warm_inventory_index_task

    try:
        first = cache.add(_pending_key(owner_id), 1, timeout=60)
    except Exception as error:
        logger.warning("Could not schedule indexing for %s: %s", owner_id, error)
        return
    queued = first and publish(
        warm_inventory_index_task, countdown=WARM_AFTER_SECONDS, owner_id=owner_id
    )
    if first and not queued:
        cache.delete(_pending_key(owner_id))  # the next edit tries again


def _pending_key(owner_id: int) -> str:
    return f"{OwnerIndexStore.PREFIX}-pending:{owner_id}"
