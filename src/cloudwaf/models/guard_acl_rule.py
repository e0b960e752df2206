from __future__ import annotations

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, IdType, OemOwnedMixin, TimestampMixin


class GuardAclRule(IdMixin, OemOwnedMixin, TimestampMixin, Base):
    """An access rule evaluated before CRS: all conditions match -> allow / deny / log.
    domain_id None means every domain of the OEM. (Named apart from the node module's ACLs.)"""

    __tablename__ = "guard_acl_rule"

    domain_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("guard_domain.id", ondelete="CASCADE"), default=None, index=True
    )
    name: Mapped[str] = mapped_column(String(64))
    priority: Mapped[int] = mapped_column(Integer)  # unique per domain (per OEM for OEM-wide rules)
    action: Mapped[str] = mapped_column(String(8))  # allow | deny | log
    conditions: Mapped[list[dict]] = mapped_column(JSON, default=list)  # [{field, op, value}]
    schedule_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("guard_schedule.id", ondelete="RESTRICT"), default=None, index=True
    )
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
