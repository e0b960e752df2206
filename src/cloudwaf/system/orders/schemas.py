from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class OrderStatus(StrEnum):
    pending = "pending"
    paid = "paid"
    active = "active"
    expired = "expired"
    cancelled = "cancelled"


class OrderCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plan_id: int
    quantity: int = Field(1, ge=1, le=100, description="number of plan periods")
    note: str = Field("", max_length=255)
    oem_id: int | None = Field(None, description="Platform super-admin only: order for another OEM")


class OrderUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str | None = Field(None, max_length=255)


class OrderTransition(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: OrderStatus


class OrderRead(BaseModel):
    id: int
    oem_id: int
    plan_id: int
    status: OrderStatus
    quantity: int
    amount_cents: int
    currency: str
    note: str
    created_by: int | None
    paid_at: datetime | None
    activated_at: datetime | None
    expires_at: datetime | None
    closed_at: datetime | None
    created_at: datetime
    updated_at: datetime
