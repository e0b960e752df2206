from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, IdType, OemOwnedMixin, utcnow


class IpSetEntry(IdMixin, OemOwnedMixin, Base):
    """One address or network of an IP set, in canonical form (10.0.0.1/32 is stored 10.0.0.1)."""

    __tablename__ = "guard_ip_set_entry"
    # The unique index doubles as the lookup index of a set's entries.
    __table_args__ = (UniqueConstraint("ip_set_id", "ip"),)

    ip_set_id: Mapped[int] = mapped_column(IdType, ForeignKey("guard_ip_set.id", ondelete="CASCADE"))
    ip: Mapped[str] = mapped_column(String(64))
    comment: Mapped[str] = mapped_column(String(255), default="")
    expires_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
