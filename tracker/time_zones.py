"""The IANA time zones people may choose, and a check for names typed elsewhere."""

import zoneinfo
from functools import cache


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    names = sorted(name for name in zoneinfo.available_timezones() if "/" in name or name == "UTC")
    return [(name, name.replace("_", " ")) for name in names]


def is_time_zone(name: str) -> bool:
    return name in zoneinfo.available_timezones()
