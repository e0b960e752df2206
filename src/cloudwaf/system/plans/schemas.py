from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

CURRENCY = r"^[A-Z]{3}$"


class PlanCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=64)
    description: str = Field("", max_length=2000)
    price_cents: int = Field(0, ge=0)
    currency: str = Field("CNY", pattern=CURRENCY)
    duration_days: int = Field(365, ge=1, le=3650)
    max_domains: int = Field(10, ge=0)
    features: list[str] = Field(default_factory=list, max_length=50)
    enabled: bool = True


class PlanUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=64)
    description: str | None = Field(None, max_length=2000)
    price_cents: int | None = Field(None, ge=0)
    currency: str | None = Field(None, pattern=CURRENCY)
    duration_days: int | None = Field(None, ge=1, le=3650)
    max_domains: int | None = Field(None, ge=0)
    features: list[str] | None = Field(None, max_length=50)
    enabled: bool | None = None


class PlanRead(BaseModel):
    id: int
    name: str
    description: str
    price_cents: int
    currency: str
    duration_days: int
    max_domains: int
    features: list[str]
    enabled: bool
    created_at: datetime
    updated_at: datetime
