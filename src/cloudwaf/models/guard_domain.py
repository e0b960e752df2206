from __future__ import annotations

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, IdType, OemOwnedMixin, TimestampMixin


class Domain(IdMixin, OemOwnedMixin, TimestampMixin, Base):
    """A protected hostname: one nginx server block per node of its group."""

    __tablename__ = "guard_domain"
    __table_args__ = (UniqueConstraint("oem_id", "name"),)

    name: Mapped[str] = mapped_column(String(253))  # punycode (ASCII), lower case
    http_ports: Mapped[list[int]] = mapped_column(JSON, default=list)
    https_ports: Mapped[list[int]] = mapped_column(JSON, default=list)
    redirect_https: Mapped[bool] = mapped_column(Boolean, default=False)
    hsts: Mapped[bool] = mapped_column(Boolean, default=False)
    hsts_max_age: Mapped[int] = mapped_column(Integer, default=31_536_000)
    origins: Mapped[list[dict]] = mapped_column(JSON, default=list)  # [{host, port, weight, scheme}]
    policy_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("guard_policy.id", ondelete="RESTRICT"), index=True
    )
    node_group_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("node_group.id", ondelete="RESTRICT"), index=True
    )
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
