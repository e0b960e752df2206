from __future__ import annotations

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, OemOwnedMixin, TimestampMixin


class NodeAclPolicy(IdMixin, OemOwnedMixin, TimestampMixin, Base):
    """Network-level allow/deny list applied on a node before any domain rule; node groups
    reference one."""

    __tablename__ = "node_acl_policy"
    __table_args__ = (UniqueConstraint("oem_id", "name"),)

    name: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(String(255), default="")
