"""python manage.py import_data --user USERNAME FILE.json: an `export_data` file loaded
into an empty account."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tracker.data.account_import import import_account, read_document


class Command(BaseCommand):
    help = "Load a whole account (an export_data file) into an empty account, all or nothing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--user", required=True, help="the (empty) account to load into")
        parser.add_argument("file", help="a JSON file written by export_data")

    def handle(self, *args, user: str, file: str, **options) -> None:
        try:
            person = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user called “{user}”.") from None
        try:
            raw = Path(file).read_bytes()
        except OSError as problem:
            raise CommandError(f"Cannot read {file}: {problem.strerror}.") from None
        try:
            # Run by whoever runs the server, so the built files the export names may be
            # copied from this server's storage (the Data page never does).
            summary = import_account(user=person, document=read_document(raw), copy_files=True)
        except ValidationError as problem:
            raise CommandError(" ".join(problem.messages)) from None
        self.stdout.write(summary.describe())
