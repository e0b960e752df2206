from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from cloudwaf.dataplane import grammar
from cloudwaf.node.common import check_name

PolicyName = Annotated[str, AfterValidator(check_name)]
Cidr = Annotated[str, Field(max_length=64), AfterValidator(grammar.cidr)]
Priority = Annotated[int, Field(ge=0, le=1_000_000)]


class AclPolicyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: PolicyName
    description: Annotated[str, Field(max_length=255)] = ""


class AclPolicyUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: PolicyName | None = None
    description: Annotated[str, Field(max_length=255)] | None = None


class AclPolicyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str
    rule_count: int = 0
    created_at: datetime
    updated_at: datetime


class AclRuleCreate(BaseModel):
    """Rules are evaluated by ascending priority (then id); the first CIDR that matches decides,
    and an address no rule matches passes. "Only the load balancer": allow its CIDR, then deny
    0.0.0.0/0 and ::/0."""

    model_config = ConfigDict(extra="forbid")

    cidr: Cidr
    action: Literal["allow", "deny"]
    priority: Priority = 100
    comment: Annotated[str, Field(max_length=255)] = ""


class AclRuleUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cidr: Cidr | None = None
    action: Literal["allow", "deny"] | None = None
    priority: Priority | None = None
    comment: Annotated[str, Field(max_length=255)] | None = None


class AclRuleRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    policy_id: int
    cidr: str
    action: str
    priority: int
    comment: str
    created_at: datetime
    updated_at: datetime
