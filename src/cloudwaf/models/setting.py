from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, IdType, OemOwnedMixin, TimestampMixin


class Setting(IdMixin, OemOwnedMixin, TimestampMixin, Base):
    """A stored value of a typed setting (catalogue in cloudwaf.system.settings.catalogue).
    Platform-wide settings are stored on the default OEM."""

    __tablename__ = "setting"
    __table_args__ = (UniqueConstraint("oem_id", "key"),)

    key: Mapped[str] = mapped_column(String(64))
    value: Mapped[Any] = mapped_column(JSON)
    updated_by: Mapped[int | None] = mapped_column(IdType, default=None)
