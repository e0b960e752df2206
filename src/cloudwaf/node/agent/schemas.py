from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from cloudwaf.node.common import check_name


def _clip(limit: int):  # noqa: ANN202
    """Log fields come from attackers: long values are cut, never a reason to refuse a batch."""

    def clip(value: Any) -> Any:
        return value[:limit] if isinstance(value, str) else value

    return BeforeValidator(clip)


def _clip_list(limit: int, item_limit: int):  # noqa: ANN202
    def clip(value: Any) -> Any:
        if isinstance(value, list):
            return [v[:item_limit] if isinstance(v, str) else v for v in value[:limit]]
        return value

    return BeforeValidator(clip)


Version = Annotated[str, _clip(64)]
Count = Annotated[int, Field(ge=0, le=2**53)]


class RegisterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: Annotated[str, Field(min_length=8, max_length=128)]
    name: Annotated[str, AfterValidator(check_name)] | None = None
    hostname: Annotated[str, Field(max_length=255)] = ""
    address: Annotated[str, Field(max_length=255)] = ""
    agent_version: Version = ""
    nginx_version: Version = ""


class RegisterRead(BaseModel):
    node_id: int
    name: str
    node_group_id: int
    credential: str  # shown once; the agent keeps it in its prefix directory (mode 0600)
    heartbeat_seconds: int


class AgentConfigRead(BaseModel):
    """`changed=false` (snapshot null) when the long-poll timed out on the same version."""

    version: int
    changed: bool
    snapshot: dict[str, Any] | None = None


class HeartbeatIn(BaseModel):
    applied_version: Annotated[int, Field(ge=0)] | None = None
    last_error: Annotated[str, _clip(4000)] | None = None  # null: the last apply succeeded
    agent_version: Version = ""
    nginx_version: Version = ""
    hostname: Annotated[str, _clip(255)] = ""
    load: Annotated[dict[Annotated[str, Field(max_length=32)], float], Field(max_length=32)] = {}
    logs_dropped: Count = 0  # cumulative since the agent's state was created


class HeartbeatRead(BaseModel):
    node_id: int
    status: str
    config_version: int
    heartbeat_seconds: int


class EventIn(BaseModel):
    time: datetime
    domain: Annotated[str, _clip(253)] = ""
    client_ip: Annotated[str, _clip(64)] = ""
    method: Annotated[str, _clip(16)] = ""
    uri: Annotated[str, _clip(4096)] = ""
    status: Annotated[int, Field(ge=0, le=999)] = 0
    rule_ids: Annotated[list[Annotated[int, Field(ge=0, le=99_999_999)]], _clip_list(200, 0)] = []
    messages: Annotated[list[str], _clip_list(50, 512)] = []
    anomaly_score: Annotated[int, Field(ge=0, le=1_000_000)] = 0
    action: Literal["blocked", "detected"]
    event_id: Annotated[str, _clip(64)] = ""


class CounterIn(BaseModel):
    domain: Annotated[str, _clip(253)]
    minute: datetime
    requests: Count = 0
    blocked: Count = 0
    bytes_in: Count = 0
    bytes_out: Count = 0
    status_2xx: Count = 0
    status_3xx: Count = 0
    status_4xx: Count = 0
    status_5xx: Count = 0


class LogBatchIn(BaseModel):
    batch_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9._:-]{1,64}$")]
    events: Annotated[list[EventIn], Field(max_length=10_000)] = []
    counters: Annotated[list[CounterIn], Field(max_length=10_000)] = []


class LogBatchRead(BaseModel):
    batch_id: str
    duplicate: bool  # true: already stored earlier, nothing stored now
    events: int
    counters: int
