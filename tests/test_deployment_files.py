"""docker-compose.yml and the Dockerfile agree with the code (no Docker engine runs here)."""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _compose_schema() -> dict:
    # check-jsonschema ships the Compose Specification's own schema.
    vendor = resources.files("check_jsonschema.builtin_schemas.vendor")
    return json.loads((vendor / "compose-spec.json").read_text())


def test_compose_file_matches_compose_specification():
    jsonschema.validate(COMPOSE, _compose_schema())


def test_compose_validation_catches_a_broken_file():
    broken = {"services": {"web": {"image": "x", "ports": "8000:8000", "healthcheck": 5}}}

    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, _compose_schema())


def test_compose_runs_the_whole_topology():
    assert set(COMPOSE["services"]) == {"postgres", "redis", "web", "worker", "beat", "mailpit"}
    for name in ("postgres", "redis", "web", "worker", "mailpit"):
        assert "healthcheck" in COMPOSE["services"][name], name
    assert set(COMPOSE["volumes"]) >= {"pgdata", "redisdata", "media"}


def _command_words(service: dict) -> list[str]:
    command = service.get("command", [])
    return command if isinstance(command, list) else command.split()


def _command_line(name: str) -> str:
    return " ".join(_command_words(COMPOSE["services"][name]))


def test_compose_web_runs_gunicorn_on_the_wsgi_application():
    targets = re.findall(r"(?:^|&& )gunicorn (\S+)", _command_line("web"))

    assert targets == ["config.wsgi:application"]
    module, _, attribute = targets[0].partition(":")
    assert callable(getattr(importlib.import_module(module), attribute))


def test_compose_worker_runs_a_celery_worker_of_the_config_app():
    assert _command_line("worker").startswith("celery -A config worker ")
    assert importlib.import_module("config").celery_app.main == "reframe"


def test_compose_runs_exactly_one_beat():
    beats = [
        name
        for name in COMPOSE["services"]
        if re.search(r"celery -A config beat\b|\s(--beat|-B)\b", _command_line(name))
    ]

    assert beats == ["beat"]
    assert _command_line("beat").startswith("celery -A config beat ")


def test_compose_environment_names_are_settings_reframe_reads():
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    for service in ("web", "worker", "beat"):
        environment = set(COMPOSE["services"][service]["environment"])
        assert environment <= documented, environment - documented


def test_env_example_lists_every_variable_settings_reads():
    source = (ROOT / "config" / "settings.py").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z_]+)"', source))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))

    assert read <= documented, read - documented


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false"},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_database_url_is_parsed_for_postgres():
    from config.env import database_from_url

    parsed = database_from_url("postgres://user:p%40ss@db.internal:6543/reframe?sslmode=require")

    assert (parsed["USER"], parsed["PASSWORD"], parsed["HOST"], parsed["PORT"]) == (
        "user",
        "p@ss",
        "db.internal",
        "6543",
    )
    assert parsed["OPTIONS"]["sslmode"] == "require"
