"""python manage.py export_inventory --user USERNAME --format jsonresume [--out FILE]"""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from resumes.importers.jsonresume import to_json_resume
from resumes.inventory_store import load_inventory


class Command(BaseCommand):
    help = "Export a person's inventory (JSON Resume v1.0.0 with Reframe's extension)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--user", required=True)
        parser.add_argument("--format", choices=["jsonresume"], default="jsonresume")
        parser.add_argument("--out", type=Path, help="file to write; default standard output")

    def handle(self, *args, user: str, out: Path | None, **_) -> None:
        owner = User.objects.filter(username=user).first()
        if owner is None:
            raise CommandError(f"No user called {user!r}.")
        text = json.dumps(to_json_resume(load_inventory(owner)), indent=2, ensure_ascii=False)
        if out is None:
            self.stdout.write(text)
        else:
            out.write_text(text + "\n", encoding="utf-8")
