"""Handing work to the Celery workers when the broker may be down."""

from __future__ import annotations

import logging

from celery import Task
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What publishing raises when Redis is down or hangs past its socket timeouts.
BROKER_ERRORS = (KombuOperationalError, RedisError, OSError)


def publish(task: Task, *, countdown: float | None = None, **kwargs: object) -> bool:
    """Queue `task` with these keyword arguments once (to run `countdown` seconds from
    now, when given), without the publish retry loop: a web request must answer in a
    bounded time. False, logged, when the broker is out of reach; the caller says so to
    the person."""
    try:
        task.apply_async(kwargs=kwargs, retry=False, countdown=countdown)
    except BROKER_ERRORS as error:
        logger.warning("Could not queue %s: %s", task.name, error)
        return False
    return True
