from __future__ import annotations

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, TimestampMixin


class Oem(IdMixin, TimestampMixin, Base):
    """A tenant: an enterprise or a reseller brand. Every other resource belongs to one."""

    __tablename__ = "oem"

    name: Mapped[str] = mapped_column(String(128))
    hostname: Mapped[str] = mapped_column(String(253), unique=True)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    primary_color: Mapped[str] = mapped_column(String(16), default="#1f6feb")
    secondary_color: Mapped[str] = mapped_column(String(16), default="#0d1117")
    logo_mime: Mapped[str | None] = mapped_column(String(32), default=None)
    logo_data: Mapped[str | None] = mapped_column(Text, default=None)  # base64, <= 512 KB raw
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    config_version: Mapped[int] = mapped_column(default=1)
