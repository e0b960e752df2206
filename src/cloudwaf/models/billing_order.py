from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, IdType, OemOwnedMixin, TimestampMixin


class BillingOrder(IdMixin, OemOwnedMixin, TimestampMixin, Base):
    """An OEM's order of a plan; `status` follows the state machine in system/orders/service.py.
    (`order` is an SQL keyword, hence the table name.)"""

    __tablename__ = "billing_order"

    plan_id: Mapped[int] = mapped_column(IdType, ForeignKey("plan.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    quantity: Mapped[int] = mapped_column(default=1)
    amount_cents: Mapped[int] = mapped_column(default=0)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    note: Mapped[str] = mapped_column(String(255), default="")
    created_by: Mapped[int | None] = mapped_column(IdType, default=None)
    paid_at: Mapped[datetime | None] = mapped_column(default=None)
    activated_at: Mapped[datetime | None] = mapped_column(default=None)
    expires_at: Mapped[datetime | None] = mapped_column(default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
