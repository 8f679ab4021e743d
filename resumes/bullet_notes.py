"""The person's notes on how to tell each bullet in an interview: found for the bullets a
résumé names, and saved. Why a note belongs to the inventory bullet: see `BulletNote`.

Résumé plans name a bullet "b<pk>". While that bullet is in the person's inventory, the
key means it and its note is the one linked to it. Once it is deleted, the key is matched
against the notes kept under it. A key whose number is a live bullet never matches a kept
note: after an account moved between servers, the same number may be another bullet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q

from resumes.models import Bullet, BulletNote

BULLET_KEY = re.compile(r"b([1-9][0-9]{0,17})")
MAX_NOTE_CHARS = 4000


def bullet_pk(key: str) -> int | None:
    """The inventory bullet's id in a plan's key ("b12" → 12); None for any other key."""
    match = BULLET_KEY.fullmatch(key)
    return int(match[1]) if match else None


def notes_for(user: User, keys: Iterable[str]) -> dict[str, BulletNote]:
    """Key → the person's note on that bullet, for the keys given (two queries)."""
    pks = {pk: key for key in keys if (pk := bullet_pk(key)) is not None}
    if not pks:
        return {}
    live = set(Bullet.objects.filter(entry__owner=user, pk__in=pks).values_list("pk", flat=True))
    gone = [key for pk, key in pks.items() if pk not in live]
    found: dict[str, BulletNote] = {}
    kept: dict[str, BulletNote] = {}
    notes = BulletNote.objects.filter(owner=user).filter(
        Q(bullet_id__in=live) | Q(bullet__isnull=True, bullet_key__in=gone)
    )
    for note in notes.order_by("updated_at", "pk"):
        if note.bullet_id is not None:
            found[pks[note.bullet_id]] = note
        else:
            kept[note.bullet_key] = note  # the latest, should a key have been kept twice
    return kept | found


@transaction.atomic
def save_bullet_note(*, owner: User, key: str, words: str, text: str) -> BulletNote | None:
    """Write the person's note on the bullet `key` names, or remove it when `text` is blank.

    A live bullet's note is linked to it (and takes its current words); a deleted bullet's
    is kept under its key with `words`, its text as the résumé showed it. Returns the note,
    or None when there is none now. Safe to run twice: it writes the same note again.
    """
    text = text.strip()
    pk = bullet_pk(key)
    if pk is None:
        raise ValueError(f"Not a bullet's key: {key!r}")
    bullet = Bullet.objects.filter(entry__owner=owner, pk=pk).first()
    if bullet is not None:
        notes = BulletNote.objects.filter(owner=owner, bullet=bullet)
        words = bullet.text
    else:
        notes = BulletNote.objects.filter(owner=owner, bullet__isnull=True, bullet_key=key)
    note = notes.select_for_update().order_by("-updated_at", "-pk").first()
    if not text:
        notes.delete()
        return None
    if note is None:
        note = BulletNote(owner=owner, bullet=bullet)
    # A note linked to its bullet takes the key plans use now (an imported account's
    # notes arrive with the old server's numbers).
    note.bullet_key, note.bullet_text, note.text = key, words, text
    note.save()
    return note
