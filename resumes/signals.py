"""What follows from changes to a person's rows, wherever they are made.

- Files go with what owns them: a built résumé's DOCX and its cover letter are deleted
  with their build, whether the build, its posting or the whole account is deleted.
- A changed inventory is indexed again for the tailoring engine, ahead of the next build
  (`resumes.inventory_index`).
- A ready build saved without its features (one loaded from an account exported before
  builds stored them) gets them from its plan and report (`resumes.version_features`).
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from resumes.inventory_index import schedule_warming
from resumes.models import Basics, Bullet, Entry, ResumeBuild, Skill
from resumes.version_features import features_of_stored


@receiver(post_delete, sender=ResumeBuild)
def delete_built_files(sender, instance: ResumeBuild, **kwargs) -> None:
    for built in (instance.file, instance.cover_letter_file):
        if built.name:  # what makes a FieldFile truthy
            # Only once the deletion has committed: a rolled-back delete keeps its file.
            transaction.on_commit(partial(built.storage.delete, built.name))


@receiver(pre_save, sender=ResumeBuild)
def fill_in_features(sender, instance: ResumeBuild, **kwargs) -> None:
    # A build made here stores them when it is marked ready (`build_runner`); only a row
    # that arrives ready, as an imported one does, can lack them.
    if instance.status != ResumeBuild.Status.READY or instance.features is not None:
        return
    plan, report, inventory = instance.plan, instance.report, instance.inventory_snapshot
    if plan and report and inventory:
        features = features_of_stored(plan, report, inventory)
        instance.features = features.to_dict() if features else None


@receiver(post_save, sender=Entry)
@receiver(post_delete, sender=Entry)
@receiver(post_save, sender=Skill)
@receiver(post_delete, sender=Skill)
@receiver(post_save, sender=Basics)
@receiver(post_delete, sender=Basics)
def reindex_owners_inventory(sender, instance: Entry | Skill | Basics, **kwargs) -> None:
    schedule_warming(instance.owner_id)


@receiver(post_save, sender=Bullet)
@receiver(post_delete, sender=Bullet)
def reindex_after_bullet_change(sender, instance: Bullet, **kwargs) -> None:
    if not settings.INVENTORY_INDEX_WARMING:
        return  # not even the query for the owner
    if Bullet._meta.get_field("entry").is_cached(instance):
        schedule_warming(instance.entry.owner_id)
        return
    # A bullet deleted with its entry finds none: the entry's own signal covers it.
    owners = Entry.objects.filter(pk=instance.entry_id).values_list("owner_id", flat=True)
    for owner_id in owners:
        schedule_warming(owner_id)


@receiver(m2m_changed, sender=Bullet.skills.through)
def reindex_after_bullet_skills_change(sender, instance, action: str, **kwargs) -> None:
    if action.startswith("post_") and isinstance(instance, Bullet):
        reindex_after_bullet_change(Bullet, instance)
