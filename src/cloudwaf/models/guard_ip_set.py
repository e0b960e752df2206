from __future__ import annotations

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, OemOwnedMixin, TimestampMixin


class IpSet(IdMixin, OemOwnedMixin, TimestampMixin, Base):
    """A named list of addresses and networks that ACL rules refer to."""

    __tablename__ = "guard_ip_set"
    __table_args__ = (UniqueConstraint("oem_id", "name"),)

    name: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(String(255), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
