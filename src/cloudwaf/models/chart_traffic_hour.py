from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, IdType


class ChartTrafficHour(IdMixin, Base):
    """Hourly rollup of traffic_minute per domain (all nodes), kept at ingest so that charts over
    days read hundreds of rows, not millions. Event store: no foreign keys (see attack_event)."""

    __tablename__ = "chart_traffic_hour"
    __table_args__ = (UniqueConstraint("oem_id", "hour", "domain"),)

    oem_id: Mapped[int] = mapped_column(IdType)
    hour: Mapped[datetime]
    domain: Mapped[str] = mapped_column(String(253))
    requests: Mapped[int] = mapped_column(BigInteger, default=0)
    blocked: Mapped[int] = mapped_column(BigInteger, default=0)
    bytes_in: Mapped[int] = mapped_column(BigInteger, default=0)
    bytes_out: Mapped[int] = mapped_column(BigInteger, default=0)
    status_2xx: Mapped[int] = mapped_column(BigInteger, default=0)
    status_3xx: Mapped[int] = mapped_column(BigInteger, default=0)
    status_4xx: Mapped[int] = mapped_column(BigInteger, default=0)
    status_5xx: Mapped[int] = mapped_column(BigInteger, default=0)
    upstream_ms_sum: Mapped[int] = mapped_column(BigInteger, default=0)
    upstream_count: Mapped[int] = mapped_column(BigInteger, default=0)
