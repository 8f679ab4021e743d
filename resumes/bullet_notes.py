"""The person's notes on how to tell each bullet in an interview: found for the bullets a
résumé names, and saved. Why a note belongs to the inventory bullet: see `BulletNote`.

Résumé plans name a bullet "b<pk>". While that bullet is in the person's inventory the key
means it, and its note is the one linked to it. A key with no such bullet is matched
against the key each note was written under (`bullet_key`): a bullet deleted since (its
note stays, unlinked), or résumés brought from another server with the account, which
name bullets by that server's numbers, as its notes do. An unlinked note wins over a
linked one kept under the same key. A key whose number is one of the person's bullets
never matches by key: on a moved account, that number may be another bullet now.
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


def _live(user: User, pks: Iterable[int]) -> set[int]:
    return set(Bullet.objects.filter(entry__owner=user, pk__in=pks).values_list("pk", flat=True))


def _preference(note: BulletNote) -> tuple:
    """Among notes kept under one key, the best last: unlinked, then the latest."""
    return (note.bullet_id is None, note.updated_at, note.pk)


def notes_for(user: User, keys: Iterable[str]) -> dict[str, BulletNote]:
    """Key → the person's note on that bullet, for the keys given (two queries)."""
    pks = {pk: key for key in keys if (pk := bullet_pk(key)) is not None}
    if not pks:
        return {}
    live = _live(user, pks)
    gone = [key for pk, key in pks.items() if pk not in live]
    linked: dict[str, BulletNote] = {}
    kept: dict[str, BulletNote] = {}
    notes = BulletNote.objects.filter(owner=user).filter(
        Q(bullet_id__in=live) | Q(bullet_key__in=gone)
    )
    for note in sorted(notes, key=_preference):
        if note.bullet_id in live:
            linked[pks[note.bullet_id]] = note
        if note.bullet_key in gone:
            kept[note.bullet_key] = note
    return kept | linked


@transaction.atomic
def save_bullet_note(*, owner: User, key: str, words: str, text: str) -> BulletNote | None:
    """Write the person's note on the bullet `key` names, or remove it when `text` is blank.

    A live bullet's note is linked to it, under the key it has now, with its current
    words. Otherwise the note found under the key is written (a new one kept there if
    none is, with `words`: the bullet's text as the résumé showed it). Returns the note,
    or None when there is none now. Safe to run twice: it writes the same note again.
    """
    text = text.strip()
    pk = bullet_pk(key)
    if pk is None:
        raise ValueError(f"Not a bullet's key: {key!r}")
    bullet = Bullet.objects.filter(entry__owner=owner, pk=pk).first()
    if bullet is not None:
        candidates = BulletNote.objects.filter(owner=owner, bullet=bullet)
    else:
        candidates = BulletNote.objects.filter(owner=owner, bullet_key=key)
    found = sorted(candidates.select_for_update(), key=_preference)
    note = found[-1] if found else BulletNote(owner=owner, bullet=bullet, bullet_key=key)
    if not text:
        if note.pk is not None:
            note.delete()
        return None
    if bullet is not None:
        note.bullet_key, note.bullet_text = key, bullet.text
    elif note.bullet_id is None:
        note.bullet_text = words
    note.text = text
    note.save()
    return note
