"""The project's Celery app with the digest's beat entry ticking every second, so a test
sees a real `celery beat` trigger the hourly task without waiting an hour.

    celery -A tests.integration.digest_beat beat
"""

from django.conf import settings

from config.celery import app

ENTRY = "send-due-digests"

app.conf.beat_schedule = {ENTRY: {**settings.CELERY_BEAT_SCHEDULE[ENTRY], "schedule": 1.0}}
