"""python manage.py import_applications --user USERNAME FILE.csv

All or nothing: every row is checked first, with the same rules as the web import, and
one bad row means nothing is imported (the errors are listed, the exit status is 1).

Each new company's tier is listed with where it comes from (the file's Tier column, the
list of well-known employers, --default-tier); --tier "NAME=TIER" changes one. Check them
with --dry-run first.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize

from tracker import services
from tracker.data import csv_import
from tracker.data.csv_format import DATE_ORDERS, guess_mapping
from tracker.models import Tier


class Command(BaseCommand):
    help = "Import applications from a CSV file into one person's account, all or nothing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="the CSV file")
        parser.add_argument("--user", required=True, help="the username to import into")
        parser.add_argument(
            "--default-tier",
            choices=Tier.values,
            default="",
            help="tier for new companies that have no Tier column and are not well-known employers",
        )
        parser.add_argument(
            "--tier",
            action="append",
            default=[],
            metavar="NAME=TIER",
            help="tier for one new company, over any other (repeat for more)",
        )
        parser.add_argument("--date-order", choices=list(DATE_ORDERS), default="auto")
        parser.add_argument(
            "--skip-existing",
            action="store_true",
            help="leave out rows for applications already tracked instead of refusing the file",
        )
        parser.add_argument("--dry-run", action="store_true", help="check only; import nothing")

    def handle(self, *args, file: str, user: str, **options) -> None:
        owner = self._owner(user)
        try:
            raw = Path(file).read_bytes()
            _, _, table = csv_import.load(raw)
        except OSError as problem:
            raise CommandError(f"Cannot read {file}: {problem.strerror}.") from None
        except csv_import.CsvError as problem:
            raise CommandError(str(problem)) from None
        mapping = guess_mapping(table.headers)
        options_ = csv_import.Options(
            default_tier=options["default_tier"],
            date_order=options["date_order"],
            skip_existing=options["skip_existing"],
            company_tiers=self._picked_tiers(options["tier"]),
        )
        preview = csv_import.prepare(owner=owner, table=table, mapping=mapping, options=options_)
        self._report(preview)
        if not preview.is_clean:
            count = preview.error_count
            raise CommandError(f"{count} problem{pluralize(count)}; nothing was imported.")
        if options["dry_run"]:
            count = len(preview.rows)
            self.stdout.write(
                f"{count} row{pluralize(count)} {pluralize(count, 'is,are')} ready; "
                "nothing imported (dry run)."
            )
            return
        created = services.import_applications(owner=owner, preview=preview)
        count = len(created)
        self.stdout.write(self.style.SUCCESS(f"Imported {count} application{pluralize(count)}."))

    @staticmethod
    def _why(company: csv_import.NewCompany) -> str:
        if company.picked:
            return "--tier"
        return {
            "known": f"a well-known employer: {company.known_as}",
            "file": "the file's Tier column",
            "default": "--default-tier",
        }.get(company.reason, "not a company Reframe knows: use --tier or --default-tier")

    def _owner(self, username: str):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user called “{username}”.") from None

    def _picked_tiers(self, picks: list[str]) -> dict[str, str]:
        tiers = {}
        for pick in picks:
            name, _, tier = pick.rpartition("=")
            if not name.strip() or tier.strip() not in Tier.values:
                raise CommandError(
                    f"--tier {pick!r}: write it as NAME=TIER, the tier one of "
                    f"{', '.join(Tier.values)}."
                )
            tiers[csv_import.company_key(name)] = tier.strip()
        return tiers

    def _report(self, preview: csv_import.Preview) -> None:
        columns = ", ".join(
            f"{preview.headers[int(index)]} → {target}"
            for index, target in sorted(preview.mapping.items(), key=lambda item: int(item[0]))
        )
        self.stdout.write(f"Columns: {columns or 'none recognised'}")
        if preview.ignored_headers:
            self.stdout.write(f"Not imported: {', '.join(preview.ignored_headers)}")
        for note in preview.left_out:
            self.stdout.write(f"Left out {note}")
        if preview.new_companies:
            self.stdout.write("New companies, with their tier and where it comes from:")
        for company in preview.new_companies:
            tier = Tier(company.tier).label if company.tier else "no tier"
            self.stdout.write(f"  {company.name}: {tier} ({self._why(company)})")
        for error in preview.errors:
            self.stderr.write(str(error))
        if preview.error_count > len(preview.errors):
            self.stderr.write(f"…{preview.error_count - len(preview.errors)} more.")
