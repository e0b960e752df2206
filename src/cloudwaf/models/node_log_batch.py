from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, IdType, utcnow


class NodeLogBatch(IdMixin, Base):
    """Batch ids already ingested from a node: a retried batch is acknowledged, not stored twice."""

    __tablename__ = "node_log_batch"
    __table_args__ = (UniqueConstraint("node_id", "batch_id"),)

    node_id: Mapped[int] = mapped_column(IdType, ForeignKey("node.id", ondelete="CASCADE"))
    batch_id: Mapped[str] = mapped_column(String(64))
    events: Mapped[int] = mapped_column(default=0)
    counters: Mapped[int] = mapped_column(default=0)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
