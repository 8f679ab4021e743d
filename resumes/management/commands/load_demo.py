from django.core.management.base import BaseCommand

from resumes.demo import load_demo_account
from tracker.demo import DEMO_PASSWORD, DEMO_USERNAME


class Command(BaseCommand):
    help = "Create or reset the demo account (a mathematics PhD's job search)."

    def handle(self, *args, **options) -> None:
        load_demo_account()
        self.stdout.write(f"Demo account ready: {DEMO_USERNAME} / {DEMO_PASSWORD}")
