from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$"


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=64, pattern=USERNAME_PATTERN)
    password: str = Field(min_length=1, max_length=256)
    role_id: int
    display_name: str = Field("", max_length=128)
    email: str | None = Field(None, max_length=255)
    enabled: bool = True
    oem_id: int | None = Field(None, description="Platform super-admin only: create in another OEM")


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    display_name: str | None = Field(None, max_length=128)
    email: str | None = Field(None, max_length=255)
    role_id: int | None = None
    enabled: bool | None = None
    password: str | None = Field(None, min_length=1, max_length=256, description="Administrative reset")


class UserRead(BaseModel):
    id: int
    oem_id: int
    username: str
    display_name: str
    email: str | None
    role_id: int
    role_name: str
    is_platform_admin: bool
    enabled: bool
    locked: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    password_changed_at: datetime | None
    created_at: datetime
    updated_at: datetime
