from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from cloudwaf.node.common import check_name


class NodeTokenCreate(BaseModel):
    """With `node_id` the agent enrolls as that pre-created node; otherwise registration creates a
    node named `name` (or the agent's host name) in `node_group_id` (or the default group)."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, AfterValidator(check_name)] | None = None
    node_id: int | None = None
    node_group_id: int | None = None
    expires_in_minutes: Annotated[int, Field(ge=1, le=7 * 24 * 60)] = 60


class NodeTokenRead(BaseModel):
    id: int
    name: str
    node_id: int | None
    node_group_id: int | None
    expires_at: datetime
    used_at: datetime | None
    status: Literal["active", "used", "expired"]
    created_at: datetime


class NodeTokenCreated(NodeTokenRead):
    """The only time the token is shown: it is stored hashed."""

    token: str
