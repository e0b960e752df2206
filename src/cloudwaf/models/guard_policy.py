from __future__ import annotations

from sqlalchemy import JSON, Boolean, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, OemOwnedMixin, TimestampMixin


class Policy(IdMixin, OemOwnedMixin, TimestampMixin, Base):
    """How ModSecurity + CRS judge a domain's traffic: engine mode, paranoia, thresholds,
    rule-group switches and false-positive exclusions. Every OEM has one default policy."""

    __tablename__ = "guard_policy"
    __table_args__ = (UniqueConstraint("oem_id", "name"),)

    name: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(String(255), default="")
    mode: Mapped[str] = mapped_column(String(16), default="block")  # block | detect | off
    profile: Mapped[str] = mapped_column(String(16), default="balanced")  # balanced | strict | paranoid
    paranoia_level: Mapped[int] = mapped_column(Integer, default=1)
    inbound_threshold: Mapped[int] = mapped_column(Integer, default=5)
    outbound_threshold: Mapped[int] = mapped_column(Integer, default=4)
    rule_groups: Mapped[list[int]] = mapped_column(JSON, default=list)  # catalogue ids switched on
    exclusions: Mapped[list[dict]] = mapped_column(JSON, default=list)
    # CRS application exclusion packages switched on (wordpress, drupal, nextcloud, ...).
    app_exclusions: Mapped[list[str]] = mapped_column(JSON, default=list)
    request_body_limit: Mapped[int] = mapped_column(Integer, default=13_107_200)
    allowed_methods: Mapped[list[str]] = mapped_column(JSON, default=list)
    allowed_content_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
