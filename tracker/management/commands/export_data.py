"""python manage.py export_data --user USERNAME [--output FILE]: the whole account as JSON."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tracker.data.account_export import account_json_chunks


class Command(BaseCommand):
    help = "Write one person's whole account (tracker and inventory) as JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--user", required=True, help="the username to export")
        parser.add_argument("--output", help="a file to write; standard output by default")

    def handle(self, *args, user: str, output: str | None, **options) -> None:
        try:
            person = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user called “{user}”.") from None
        # Written a chunk of rows at a time, so memory stays flat whatever the account holds.
        if output:
            with Path(output).open("w", encoding="utf-8") as file:
                file.writelines(account_json_chunks(person))
                file.write("\n")
            self.stderr.write(f"Wrote {output}")
        else:
            for chunk in account_json_chunks(person):
                self.stdout.write(chunk, ending="")
            self.stdout.write("\n", ending="")
