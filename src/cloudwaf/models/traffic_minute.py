from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, IdType


class TrafficMinute(IdMixin, Base):
    """Per-minute traffic counters of one domain on one node (SQL event store). Batches add to
    the row of their minute."""

    __tablename__ = "traffic_minute"
    __table_args__ = (UniqueConstraint("oem_id", "domain", "minute", "node_id"),)
    # chart: series over all domains of an OEM scan by time (the unique key leads with domain)
    __table_args__ += (Index("ix_traffic_minute_oem_id_minute", "oem_id", "minute"),)

    oem_id: Mapped[int] = mapped_column(IdType)
    node_id: Mapped[int] = mapped_column(IdType)
    domain: Mapped[str] = mapped_column(String(253))
    minute: Mapped[datetime]
    requests: Mapped[int] = mapped_column(BigInteger, default=0)
    blocked: Mapped[int] = mapped_column(BigInteger, default=0)
    bytes_in: Mapped[int] = mapped_column(BigInteger, default=0)
    bytes_out: Mapped[int] = mapped_column(BigInteger, default=0)
    status_2xx: Mapped[int] = mapped_column(BigInteger, default=0)
    status_3xx: Mapped[int] = mapped_column(BigInteger, default=0)
    status_4xx: Mapped[int] = mapped_column(BigInteger, default=0)
    status_5xx: Mapped[int] = mapped_column(BigInteger, default=0)
    # chart: upstream latency as sum and count (average per bucket = sum / count)
    upstream_ms_sum: Mapped[int] = mapped_column(BigInteger, default=0)
    upstream_count: Mapped[int] = mapped_column(BigInteger, default=0)
