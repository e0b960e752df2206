from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, IdType, OemOwnedMixin, TimestampMixin


class NodeIp(IdMixin, OemOwnedMixin, TimestampMixin, Base):
    """A public address of a node (what DNS points at). One address belongs to one node."""

    __tablename__ = "node_ip"
    __table_args__ = (UniqueConstraint("oem_id", "ip"),)

    node_id: Mapped[int] = mapped_column(IdType, ForeignKey("node.id", ondelete="CASCADE"), index=True)
    ip: Mapped[str] = mapped_column(String(64))  # canonical text form
    comment: Mapped[str] = mapped_column(String(255), default="")
