"""The IANA time zones people may choose, and a check for names typed elsewhere."""

import datetime
import zoneinfo
from functools import cache


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    names = sorted(name for name in zoneinfo.available_timezones() if "/" in name or name == "UTC")
    return [(name, name.replace("_", " ")) for name in names]


def is_time_zone(name: str) -> bool:
    return name in zoneinfo.available_timezones()


def aware_in_zone(wall_clock: datetime.datetime, name: str) -> datetime.datetime:
    """`wall_clock` (naive) as read on a clock in zone `name`.

    Raises ValueError for a time the clocks skip (spring forward) or show twice (fall
    back): guessing would put an interview an hour off.
    """
    zone = zoneinfo.ZoneInfo(name)
    first = wall_clock.replace(tzinfo=zone, fold=0)
    round_trip = first.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != wall_clock:
        raise ValueError(f"{wall_clock:%H:%M} on {wall_clock:%d %b %Y} does not exist in {name}.")
    if first.utcoffset() != wall_clock.replace(tzinfo=zone, fold=1).utcoffset():
        raise ValueError(f"{wall_clock:%H:%M} on {wall_clock:%d %b %Y} is ambiguous in {name}.")
    return first
