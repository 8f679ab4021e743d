"""Fixtures for the tracker's tests: a real SMTP server on loopback for the digest."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import override_settings

from tests.mail_server import LoopbackSMTP


@pytest.fixture
def smtp_server() -> Iterator[LoopbackSMTP]:
    """aiosmtpd on a free loopback port, with MAILERS pointed at it for the test."""
    server = LoopbackSMTP().start()
    try:
        with override_settings(MAILERS=server.mailers()):
            yield server
    finally:
        server.stop()
