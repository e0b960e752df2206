from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, IdType, OemOwnedMixin, TimestampMixin


class NodeAclRule(IdMixin, OemOwnedMixin, TimestampMixin, Base):
    """One CIDR of a node ACL policy. Lower priority first; the first matching rule decides."""

    __tablename__ = "node_acl_rule"

    # RESTRICT: a policy with rules cannot be deleted (3010).
    policy_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("node_acl_policy.id", ondelete="RESTRICT"), index=True
    )
    cidr: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(8))  # allow | deny
    priority: Mapped[int] = mapped_column(default=100)
    comment: Mapped[str] = mapped_column(String(255), default="")
