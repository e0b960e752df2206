from __future__ import annotations

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, IdType, OemOwnedMixin, TimestampMixin


class CcRule(IdMixin, OemOwnedMixin, TimestampMixin, Base):
    """A rate limit of a domain: N requests per T seconds per key, then reject (429) or ban."""

    __tablename__ = "guard_cc_rule"

    domain_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("guard_domain.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(64))
    path: Mapped[str] = mapped_column(String(256), default="/")  # prefix
    path_regex: Mapped[str | None] = mapped_column(String(512), default=None)
    methods: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty: every method
    key: Mapped[str] = mapped_column(String(80), default="ip")  # ip | ip_path | header:<name>
    limit: Mapped[int] = mapped_column(Integer)
    window_seconds: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(8), default="reject")  # reject | ban
    ban_seconds: Mapped[int] = mapped_column(Integer, default=0)
    schedule_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("guard_schedule.id", ondelete="RESTRICT"), default=None, index=True
    )
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
