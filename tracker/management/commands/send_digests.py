"""python manage.py send_digests [--user USERNAME --force]: the weekly digest by hand.

Without options it does what the hourly beat task does: every due digest, once. With
`--user NAME --force` it sends that person's digest now, whatever the schedule (for
support and checks); it is logged for this week like any other.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tracker.digest import sending
from tracker.digest.emails import TransientMailError


class Command(BaseCommand):
    help = "Send the weekly digests that are due (or one person's now, with --user and --force)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--user", help="the username whose digest to send now")
        parser.add_argument(
            "--force", action="store_true", help="with --user: send now, whatever the schedule"
        )

    def handle(self, *args, user: str | None, force: bool, **options) -> None:
        if bool(user) != force:
            raise CommandError("--user and --force go together: send one person's digest now.")
        try:
            if user:
                self._send_one(user)
            else:
                run = sending.send_due_digests()
                counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(run.items()))
                self.stdout.write(f"Digests: {counts or 'none due'}.")
        except TransientMailError as error:
            raise CommandError(
                f"The mail server failed for now ({error}); the digests not sent are still due."
            ) from error

    def _send_one(self, username: str) -> None:
        try:
            person = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user called “{username}”.") from None
        outcome = sending.send_digest_now(user=person)
        messages = {
            sending.DigestOutcome.SENT: f"Sent the digest to {person.email}.",
            sending.DigestOutcome.EMPTY: "Nothing to report this week: no e-mail sent.",
            sending.DigestOutcome.OFF: f"{username} has turned the digest off: nothing sent.",
        }
        if outcome not in messages:
            log = person.digest_logs.order_by("-week_start", "-pk").first()
            raise CommandError(f"Not sent: {log.error if log else outcome}")
        self.stdout.write(messages[outcome])
