from __future__ import annotations

from sqlalchemy import JSON, Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, TimestampMixin


class Plan(IdMixin, TimestampMixin, Base):
    """A sellable plan of the platform catalogue (not tenant-owned: every OEM sees the catalogue,
    only the platform super-admin edits it)."""

    __tablename__ = "plan"

    name: Mapped[str] = mapped_column(String(64), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    price_cents: Mapped[int] = mapped_column(default=0)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    duration_days: Mapped[int] = mapped_column(default=365)
    max_domains: Mapped[int] = mapped_column(default=10)
    features: Mapped[list[str]] = mapped_column(JSON, default=list)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
