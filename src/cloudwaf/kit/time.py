"""Time helpers: UTC everywhere; `stime`/`etime` accept RFC 3339 or Unix seconds."""

from __future__ import annotations

from datetime import UTC, datetime

from cloudwaf.models.base import utcnow

__all__ = ["utcnow", "parse_instant"]


def parse_instant(value: str | int | float) -> datetime:
    if isinstance(value, int | float) or (isinstance(value, str) and value.strip().lstrip("-").isdigit()):
        return datetime.fromtimestamp(float(value), UTC)
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError("time needs a zone (RFC 3339), e.g. 2026-01-01T00:00:00Z")
    return parsed.astimezone(UTC)
