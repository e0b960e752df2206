from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from cloudwaf.models import Node
from cloudwaf.node.common import check_name

NodeName = Annotated[str, AfterValidator(check_name)]
NodeStatus = Literal["online", "offline", "degraded"]


class NodeCreate(BaseModel):
    """Pre-creates a node; enroll it with a token bound to it (`POST node/tokens {node_id}`)."""

    model_config = ConfigDict(extra="forbid")

    name: NodeName
    address: Annotated[str, Field(max_length=255)] = ""
    description: Annotated[str, Field(max_length=255)] = ""
    node_group_id: int | None = None  # null: the OEM's default group


class NodeUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: NodeName | None = None
    address: Annotated[str, Field(max_length=255)] | None = None
    description: Annotated[str, Field(max_length=255)] | None = None
    node_group_id: int | None = None


class NodeRead(BaseModel):
    id: int
    name: str
    address: str
    description: str
    node_group_id: int
    status: NodeStatus
    enrolled: bool
    enrolled_at: datetime | None
    last_seen_at: datetime | None
    hostname: str
    agent_version: str
    nginx_version: str
    applied_version: int | None
    last_error: str | None
    load: dict[str, Any]
    logs_dropped: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, node: Node, now: datetime | None = None) -> NodeRead:
        return cls(
            id=node.id,
            name=node.name,
            address=node.address,
            description=node.description,
            node_group_id=node.node_group_id,
            status=node.status(now),
            enrolled=node.credential_hash is not None,
            enrolled_at=node.enrolled_at,
            last_seen_at=node.last_seen_at,
            hostname=node.hostname,
            agent_version=node.agent_version,
            nginx_version=node.nginx_version,
            applied_version=node.applied_version,
            last_error=node.last_error,
            load=node.load or {},
            logs_dropped=node.logs_dropped,
            created_at=node.created_at,
            updated_at=node.updated_at,
        )
