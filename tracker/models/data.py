"""Data coming in: a CSV upload waiting for its mapping to be confirmed."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db import models
from django.urls import reverse

# --- CSV import waiting for confirmation ------------------------------------------------


class CsvImport(models.Model):
    """An uploaded CSV between upload and confirmation. The decoded text is kept so the
    mapping can change without a new upload; it is emptied once imported."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    file_name = models.CharField(max_length=255)
    text = models.TextField()
    encoding = models.CharField(max_length=30)
    mapping = models.JSONField(default=dict, blank=True)
    options = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    imported_count = models.PositiveIntegerField(default=0)
    # A large file is imported by a worker: when it was handed over, and why it failed.
    import_queued_at = models.DateTimeField(null=True, blank=True)
    import_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.owner})"

    def get_absolute_url(self) -> str:
        return reverse("tracker:import_preview", args=[self.pk])

    @property
    def is_importing(self) -> bool:
        return self.import_queued_at is not None and self.imported_at is None

    @property
    def settings_key(self) -> str:
        """Names the column choices a preview was made with, so a confirmation is
        refused when they changed after the person looked."""
        choices = json.dumps([self.mapping, self.options], sort_keys=True)
        return hashlib.sha256(choices.encode()).hexdigest()[:16]
