import json

from django.urls import reverse


def test_healthz_reports_database_and_broker(client, db):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "broker": "ok"}


def test_healthz_broker_down_still_200(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert json.loads(response.content)["broker"] == "down"
