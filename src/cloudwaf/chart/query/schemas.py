from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Instant = Annotated[str | int, Field(description="RFC 3339 or Unix seconds")]
FilterValue = Annotated[str, Field(max_length=512)] | int
Interval = Literal["auto", "1m", "5m", "1h", "1d"]


class ChartQuery(BaseModel):
    """A time series (no dimension) or a top-N table (one dimension) of one metric."""

    model_config = ConfigDict(extra="forbid")

    metric: Annotated[str, Field(max_length=32)]
    dimensions: Annotated[list[Annotated[str, Field(max_length=32)]], Field(max_length=1)] = []
    filters: Annotated[
        dict[str, FilterValue | Annotated[list[FilterValue], Field(max_length=100)]], Field(max_length=12)
    ] = {}
    stime: Instant
    etime: Instant
    interval: Interval = "auto"
    limit: Annotated[int, Field(ge=1, le=100)] = 10


class SeriesPoint(BaseModel):
    time: datetime
    value: float


class TopRow(BaseModel):
    key: str
    label: str
    value: float


class ChartResult(BaseModel):
    kind: Literal["series", "top"]
    metric: str
    stime: datetime
    etime: datetime
    interval: str | None = None
    dimension: str | None = None
    points: list[SeriesPoint] | None = None
    rows: list[TopRow] | None = None
