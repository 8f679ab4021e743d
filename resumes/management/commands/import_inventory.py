"""python manage.py import_inventory --user USERNAME FILE [--format F] [--replace]"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from resumes.import_checks import checked_inventory
from resumes.importers import detect_format
from resumes.importers.errors import ImportFailed
from resumes.importers.sandbox import parse_bounded
from resumes.inventory_store import apply_inventory

FORMATS = ["jsonresume", "bibtex", "docx", "pdf", "latex", "yaml"]


class Command(BaseCommand):
    help = "Import a résumé file into a person's inventory, all or nothing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="username of the inventory's owner")
        parser.add_argument("--format", choices=FORMATS, help="default: recognised by content")
        parser.add_argument(
            "--replace", action="store_true", help="replace the whole inventory with the file"
        )

    def handle(self, *args, file: Path, user: str, format: str | None, replace: bool, **_) -> None:
        owner = User.objects.filter(username=user).first()
        if owner is None:
            raise CommandError(f"No user called {user!r}.")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        try:
            format = format or detect_format(file.name, data)
            inventory, warnings = checked_inventory(parse_bounded(file.name, data, format))
            summary = apply_inventory(user=owner, inventory=inventory, replace_existing=replace)
        except ImportFailed as error:
            raise CommandError(f"{file.name}: {error}") from error
        except ValidationError as error:
            raise CommandError(f"{file.name}: {' '.join(error.messages)}") from error
        counts = ", ".join(f"{n} {kind}" for kind, n in sorted(summary.added.items())) or "nothing"
        self.stdout.write(
            f"Imported {file.name} as {format}: {counts}; {summary.skills_added} skills."
        )
        for skipped in summary.skipped_duplicates:
            self.stdout.write(f"  skipped, already present: {skipped}")
        for warning in warnings:
            self.stdout.write(f"  {warning}")
