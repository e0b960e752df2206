from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from cloudwaf.node.common import check_name

GroupName = Annotated[str, AfterValidator(check_name)]


class NodeGroupCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: GroupName
    description: Annotated[str, Field(max_length=255)] = ""
    acl_policy_id: int | None = None


class NodeGroupUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: GroupName | None = None
    description: Annotated[str, Field(max_length=255)] | None = None
    acl_policy_id: int | None = None  # explicit null detaches the policy


class NodeGroupRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str
    is_default: bool
    acl_policy_id: int | None
    node_count: int = 0
    created_at: datetime
    updated_at: datetime
