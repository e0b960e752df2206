from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, IdType


class ChartAttackHour(IdMixin, Base):
    """Hourly attack counts of an OEM per (dimension, value), for the low-cardinality dimensions
    (cloudwaf.chart.ingest.HOUR_DIMS: domain, node, country, attack_type, rule_id, method, status);
    the others keep their hours in chart_attack_day's hour columns. Top-N and series without
    filters or with one filter value read this; other filters read attack_event.
    Filled to 70% on PostgreSQL, for the reason given in ChartAttackDay."""

    __tablename__ = "chart_attack_hour"
    __table_args__ = (
        UniqueConstraint("oem_id", "dim", "hour", "value"),
        {"postgresql_with": {"fillfactor": 70}},
    )

    oem_id: Mapped[int] = mapped_column(IdType)
    dim: Mapped[str] = mapped_column(String(16))
    hour: Mapped[datetime]
    value: Mapped[str] = mapped_column(String(253))
    attacks: Mapped[int] = mapped_column(BigInteger, default=0)
    blocked: Mapped[int] = mapped_column(BigInteger, default=0)
