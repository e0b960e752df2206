from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class RoleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=64)
    description: str = Field("", max_length=255)
    permissions: list[str] = Field(default_factory=list, max_length=500)
    oem_id: int | None = Field(None, description="Platform super-admin only: create in another OEM")


class RoleUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=64)
    description: str | None = Field(None, max_length=255)
    permissions: list[str] | None = Field(None, max_length=500)


class RoleRead(BaseModel):
    id: int
    oem_id: int
    name: str
    code: str | None
    description: str
    builtin: bool
    permissions: list[str]
    user_count: int
    created_at: datetime
    updated_at: datetime


class PermissionRead(BaseModel):
    key: str
    description: str
    platform_only: bool
    implicit: bool


class PermissionGroup(BaseModel):
    module: str
    permissions: list[PermissionRead]
