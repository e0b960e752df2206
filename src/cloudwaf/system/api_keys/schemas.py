from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class ApiKeyCreate(BaseModel):
    # `name` and `expires_in_days` are checked by the service: their failures have their own
    # business codes (1055, 1054) rather than the generic 400.
    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    scopes: list[str] = Field(default_factory=list, max_length=500)
    expires_in_days: int = 90


class ApiKeyUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = None


class ApiKeyRead(BaseModel):
    id: int
    name: str
    prefix: str = Field(description="cwk_<public id>: shown in lists to tell keys apart")
    scopes: list[str]
    status: str = Field(description="active | expired | revoked")
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    last_used_ip: str
    created_at: datetime


class ApiKeyCreated(ApiKeyRead):
    key: str = Field(description="the secret, shown only in this answer")
