from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, IdType, OemOwnedMixin, TimestampMixin


class NodeGroup(IdMixin, OemOwnedMixin, TimestampMixin, Base):
    """Domains run on the nodes of their group; every OEM has a default one."""

    __tablename__ = "node_group"
    __table_args__ = (UniqueConstraint("oem_id", "name"),)

    name: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(String(255), default="")
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    # Node ACL applied on every node of the group before any domain rule (node module).
    acl_policy_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("node_acl_policy.id", ondelete="SET NULL"), default=None)
