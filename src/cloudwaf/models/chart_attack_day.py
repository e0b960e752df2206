from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, IdType


class ChartAttackDay(IdMixin, Base):
    """Daily attack counts of an OEM per (dimension, value) for the dimensions with thousands of
    values per hour (asn, client_ip, uri_path, user_agent; cloudwaf.chart.ingest.DAY_DIMS): a
    7-day top-N reads whole UTC days here and only the hours at the edges from chart_attack_hour.
    Same retention as the hourly rollups."""

    __tablename__ = "chart_attack_day"
    __table_args__ = (UniqueConstraint("oem_id", "dim", "day", "value"),)

    oem_id: Mapped[int] = mapped_column(IdType)
    dim: Mapped[str] = mapped_column(String(16))
    day: Mapped[datetime]
    value: Mapped[str] = mapped_column(String(253))
    attacks: Mapped[int] = mapped_column(BigInteger, default=0)
    blocked: Mapped[int] = mapped_column(BigInteger, default=0)
