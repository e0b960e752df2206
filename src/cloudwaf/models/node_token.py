from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, IdType, OemOwnedMixin, TimestampMixin


class NodeToken(IdMixin, OemOwnedMixin, TimestampMixin, Base):
    """A one-time enrollment token (stored as its SHA-256). Bound to a pre-created node, or
    creating a new node in `node_group_id` (the default group when null) on registration."""

    __tablename__ = "node_token"

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    name: Mapped[str] = mapped_column(String(64), default="")
    node_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("node.id", ondelete="CASCADE"), default=None
    )
    node_group_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("node_group.id", ondelete="CASCADE"), default=None
    )
    created_by_id: Mapped[int | None] = mapped_column(IdType, default=None)
