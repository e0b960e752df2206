from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, IdType


class ChartAttackHour(IdMixin, Base):
    """Hourly attack counts of an OEM per (dimension, value), for every dimension in
    cloudwaf.chart.ingest.ROLLUP_DIMS (domain, node, country, asn, attack_type, rule_id, method,
    status, client_ip, uri_path, user_agent; values cut to 253 characters). Top-N and series
    without filters or with one filter value read this; other filters read attack_event."""

    __tablename__ = "chart_attack_hour"
    __table_args__ = (UniqueConstraint("oem_id", "dim", "hour", "value"),)

    oem_id: Mapped[int] = mapped_column(IdType)
    dim: Mapped[str] = mapped_column(String(16))
    hour: Mapped[datetime]
    value: Mapped[str] = mapped_column(String(253))
    attacks: Mapped[int] = mapped_column(BigInteger, default=0)
    blocked: Mapped[int] = mapped_column(BigInteger, default=0)
