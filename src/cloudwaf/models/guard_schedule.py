from __future__ import annotations

from sqlalchemy import JSON, Boolean, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, OemOwnedMixin, TimestampMixin


class ScheduleGroup(IdMixin, OemOwnedMixin, TimestampMixin, Base):
    """Named weekly time windows in a time zone; CC and ACL rules may apply only inside them."""

    __tablename__ = "guard_schedule"
    __table_args__ = (UniqueConstraint("oem_id", "name"),)

    name: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(String(255), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    windows: Mapped[list[dict]] = mapped_column(JSON, default=list)  # [{days, start, end}]
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)  # "always": never deleted
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
