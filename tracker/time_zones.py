"""The IANA time zones people may choose, a check for names typed elsewhere, and weekly
local times (the digest schedule) turned into UTC."""

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


def zone_or_utc(name: str) -> zoneinfo.ZoneInfo:
    """The zone called `name`, or UTC for a name this machine does not know."""
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def next_weekly_time(
    *, after: datetime.datetime, weekday: int, hour: int, zone: str
) -> datetime.datetime:
    """The first `weekday` at `hour`:00 on the clocks of `zone` strictly after `after`, in UTC.

    Computed on the local calendar, then converted, so the local hour holds across
    daylight-saving changes. An hour the clocks skip (02:00 on a spring-forward night) is
    read with the offset before the change, i.e. an hour later on the new clock; an hour
    shown twice (fall back) is its first occurrence, so a week never gets two slots.
    """
    tz = zone_or_utc(zone)
    local_day = after.astimezone(tz).date()
    for offset in range(15):
        day = local_day + datetime.timedelta(days=offset)
        if day.weekday() != weekday:
            continue
        slot = datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz).astimezone(
            datetime.UTC
        )
        if slot > after:
            return slot
    raise AssertionError("unreachable: every weekday comes round within two weeks")


def week_start_in_zone(moment: datetime.datetime, zone: str) -> datetime.date:
    """The Monday of the week `moment` falls in, on the calendar of `zone`."""
    day = moment.astimezone(zone_or_utc(zone)).date()
    return day - datetime.timedelta(days=day.weekday())
