"""Schedules -> one regex over ModSecurity's clock, `%{TIME_WDAY}-%{TIME}` ("3-14:05:09").

ModSecurity reads the worker's local time; the agent runs nginx with TZ=UTC, so windows are
converted to UTC here. The UTC offset is taken at the snapshot's `generated_at`: across a
daylight-saving change the control plane must publish a new snapshot (any version bump
recompiles), which `offset_valid_until` makes explicit.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from cloudwaf.dataplane.snapshot import Schedule

MINUTES_PER_WEEK = 7 * 24 * 60


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def active_utc_minutes(schedule: Schedule, at: datetime) -> set[int]:
    """Minutes of the UTC week (0 = Sunday 00:00, ModSecurity's TIME_WDAY origin) when the
    schedule is active, using the zone's UTC offset at `at`."""
    offset = at.astimezone(ZoneInfo(schedule.timezone)).utcoffset() or timedelta()
    offset_minutes = int(offset.total_seconds() // 60)
    active: set[int] = set()
    for window in schedule.windows:
        start, end = _minutes(window.start), _minutes(window.end)
        length = end - start if end > start else 24 * 60 - start + end  # end < start: past midnight
        for day in window.days:  # 0 = Monday; TIME_WDAY 0 = Sunday
            local_start = ((day + 1) % 7) * 24 * 60 + start
            for minute in range(local_start, local_start + length):
                active.add((minute - offset_minutes) % MINUTES_PER_WEEK)
    return active


def offset_valid_until(schedule: Schedule, at: datetime) -> datetime | None:
    """The next instant (within a year) where the zone's UTC offset differs from now."""
    zone = ZoneInfo(schedule.timezone)
    now = at.astimezone(zone)
    step = now
    for _ in range(366):
        step += timedelta(days=1)
        if step.astimezone(zone).utcoffset() != now.utcoffset():
            return step.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    return None


def _minute_alternatives(minutes: list[int]) -> str:
    return "|".join(f"{m:02d}" for m in minutes)


def clock_regex(schedule: Schedule, at: datetime) -> str:
    """A regex matching `W-HH:MM:SS` exactly when the schedule is active (only [0-9:|()?^-])."""
    active = active_utc_minutes(schedule, at)
    if len(active) == MINUTES_PER_WEEK:
        return "^"
    days = []
    for wday in range(7):
        full_hours, partial = [], []
        for hour in range(24):
            base = wday * 1440 + hour * 60
            minutes = [m for m in range(60) if base + m in active]
            if len(minutes) == 60:
                full_hours.append(f"{hour:02d}")
            elif minutes:
                partial.append(f"{hour:02d}:(?:{_minute_alternatives(minutes)})")
        alternatives = ([f"(?:{'|'.join(full_hours)}):"] if full_hours else []) + partial
        if alternatives:
            days.append(f"{wday}-(?:{'|'.join(alternatives)})")
    return "^(?:" + "|".join(days) + ")" if days else "^(?!)"
