from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, IdType, utcnow


class AuditLog(IdMixin, Base):
    """Append-only record of every write. No API updates or deletes it."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_oem_id_created_at", "oem_id", "created_at"),)

    oem_id: Mapped[int | None] = mapped_column(IdType, default=None)
    actor_id: Mapped[int | None] = mapped_column(IdType, default=None)
    actor_name: Mapped[str] = mapped_column(String(64), default="")
    via: Mapped[str] = mapped_column(String(16), default="session")  # session | api_key | system
    action: Mapped[str] = mapped_column(String(64))  # e.g. guard.domain.create, sys.login.failed
    target_type: Mapped[str] = mapped_column(String(64), default="")
    target_id: Mapped[str] = mapped_column(String(64), default="")
    summary: Mapped[dict] = mapped_column(JSON, default=dict)  # before/after, secrets masked
    client_ip: Mapped[str] = mapped_column(String(64), default="")
    request_id: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
