from __future__ import annotations

import ipaddress
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


def _address(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError as exc:
        raise ValueError("ip: an IPv4 or IPv6 address (no prefix length)") from exc


IpAddress = Annotated[str, Field(max_length=64), AfterValidator(_address)]


class NodeIpCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    node_id: int
    ip: IpAddress
    comment: Annotated[str, Field(max_length=255)] = ""


class NodeIpUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    node_id: int | None = None
    ip: IpAddress | None = None
    comment: Annotated[str, Field(max_length=255)] | None = None


class NodeIpRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    node_id: int
    ip: str
    comment: str
    created_at: datetime
    updated_at: datetime
