from django.core.management.base import BaseCommand

from tracker.demo import DEMO_PASSWORD, DEMO_USERNAME, load_demo_account


class Command(BaseCommand):
    help = "Create or reset the demo account (a mathematics PhD's job search)."

    def handle(self, *args, **options) -> None:
        load_demo_account()
        self.stdout.write(f"Demo account ready: {DEMO_USERNAME} / {DEMO_PASSWORD}")
