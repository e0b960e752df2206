from __future__ import annotations

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, IdType, OemOwnedMixin, TimestampMixin


class ForwardRule(IdMixin, OemOwnedMixin, TimestampMixin, Base):
    """Routes a path prefix of a domain to an upstream pool (the longest prefix wins)."""

    __tablename__ = "guard_forward_rule"
    __table_args__ = (UniqueConstraint("domain_id", "path_prefix"),)

    domain_id: Mapped[int] = mapped_column(IdType, ForeignKey("guard_domain.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64), default="")
    path_prefix: Mapped[str] = mapped_column(String(256))
    servers: Mapped[list[dict]] = mapped_column(JSON, default=list)  # [{host, port, weight}]
    scheme: Mapped[str] = mapped_column(String(8), default="http")
    lb: Mapped[str] = mapped_column(String(16), default="round_robin")  # round_robin | ip_hash | least_conn
    host_header: Mapped[str | None] = mapped_column(String(261), default=None)  # None: pass through
    connect_timeout: Mapped[int] = mapped_column(Integer, default=5)
    read_timeout: Mapped[int] = mapped_column(Integer, default=60)
    max_fails: Mapped[int] = mapped_column(Integer, default=3)
    fail_timeout: Mapped[int] = mapped_column(Integer, default=10)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
