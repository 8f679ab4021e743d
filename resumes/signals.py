"""Files go with what owns them: a built résumé's DOCX is deleted with its build, whether
the build, its posting or the whole account is deleted."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from resumes.models import ResumeBuild


@receiver(post_delete, sender=ResumeBuild)
def delete_built_file(sender, instance: ResumeBuild, **kwargs) -> None:
    if instance.file.name:  # what makes a FieldFile truthy
        # Only once the deletion has committed: a rolled-back delete keeps its file.
        transaction.on_commit(partial(instance.file.storage.delete, instance.file.name))
