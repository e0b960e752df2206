from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

HOSTNAME_PATTERN = r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
COLOUR_PATTERN = r"^#[0-9a-fA-F]{6}$"


class FirstAdmin(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
    password: str = Field(min_length=1, max_length=256)
    display_name: str = Field("", max_length=128)
    email: str | None = Field(None, max_length=255)


class OemCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=128)
    hostname: str = Field(min_length=1, max_length=253, pattern=HOSTNAME_PATTERN)
    primary_color: str = Field("#1f6feb", pattern=COLOUR_PATTERN)
    secondary_color: str = Field("#0d1117", pattern=COLOUR_PATTERN)
    enabled: bool = True
    admin: FirstAdmin | None = Field(None, description="creates the OEM's first admin (role oem_admin)")

    @field_validator("hostname", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower().rstrip(".") if isinstance(value, str) else value


class OemUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=128)
    hostname: str | None = Field(None, min_length=1, max_length=253, pattern=HOSTNAME_PATTERN)
    primary_color: str | None = Field(None, pattern=COLOUR_PATTERN)
    secondary_color: str | None = Field(None, pattern=COLOUR_PATTERN)
    enabled: bool | None = None

    @field_validator("hostname", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower().rstrip(".") if isinstance(value, str) else value


class OemRead(BaseModel):
    id: int
    name: str
    hostname: str
    is_default: bool
    primary_color: str
    secondary_color: str
    logo_url: str | None
    enabled: bool
    created_at: datetime
    updated_at: datetime
    first_admin_id: int | None = None


class BrandingRead(BaseModel):
    oem_id: int
    name: str
    hostname: str
    primary_color: str
    secondary_color: str
    logo_url: str | None
    captcha_enabled: bool
