from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict

from cloudwaf.guard.validators import Cidr, Description, Name

# What a node can hold for one set (the snapshot contract's bound).
MAX_ENTRIES = 100_000


class IpSetCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    description: Description = ""


class IpSetUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    description: Description | None = None
    version: int | None = None


class IpSetRead(BaseModel):
    id: int
    name: str
    description: str
    entry_count: int
    version: int
    created_at: datetime
    updated_at: datetime


class IpEntryCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ip: Cidr  # 10.0.0.1, 10.0.0.1/32 (stored as 10.0.0.1), 10.0.0.0/8, 2001:db8::/32
    comment: Description = ""
    expires_at: AwareDatetime | None = None


class IpEntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    ip: str
    comment: str
    expires_at: datetime | None
    expired: bool = False
    created_at: datetime


class ImportResult(BaseModel):
    added: int
    skipped_duplicates: int
    replaced: bool
    entry_count: int
