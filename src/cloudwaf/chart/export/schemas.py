from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from cloudwaf.chart.query.schemas import ChartQuery, Instant

MAX_EXPORT_ROWS = 1_000_000


class EventSearch(BaseModel):
    """The filters of GET chart/events, as a body."""

    model_config = ConfigDict(extra="forbid")

    stime: Instant | None = None
    etime: Instant | None = None
    domain: Annotated[str, Field(max_length=253)] | None = None
    client_ip: Annotated[str, Field(max_length=64)] | None = None
    rule_id: Annotated[int, Field(ge=0)] | None = None
    action: Literal["blocked", "detected"] | None = None
    country: Annotated[str, Field(max_length=2)] | None = None
    attack_type: Annotated[str, Field(max_length=32)] | None = None
    uri: Annotated[str, Field(max_length=256, description="text contained in the URI")] | None = None


class ExportRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: Literal["query", "events"]
    format: Literal["csv", "xlsx"] = "csv"
    query: ChartQuery | None = None
    events: EventSearch = EventSearch()
    limit: Annotated[int, Field(ge=1, le=MAX_EXPORT_ROWS)] = MAX_EXPORT_ROWS
