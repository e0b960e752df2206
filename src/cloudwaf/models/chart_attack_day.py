from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdType


class ChartAttackDay(Base):
    """Daily attack counts of an OEM per (dimension, value) for the dimensions with thousands of
    values per hour (asn, client_ip, uri_path, user_agent; cloudwaf.chart.ingest.DAY_DIMS): a
    7-day top-N reads whole UTC days here and only the hours at the edges from chart_attack_hour.
    Same retention as the hourly rollups.

    Keyed by (oem_id, dim, day, value) with no surrogate id, and WITHOUT ROWID on SQLite: the rows
    of one day and dimension sit together in the key's B-tree, so a top-N reads them in one range
    scan (2.2x faster than through a unique index plus table lookups) and an upsert touches one
    B-tree instead of two."""

    __tablename__ = "chart_attack_day"
    __table_args__ = (PrimaryKeyConstraint("oem_id", "dim", "day", "value"), {"sqlite_with_rowid": False})

    oem_id: Mapped[int] = mapped_column(IdType)
    dim: Mapped[str] = mapped_column(String(16))
    day: Mapped[datetime]
    value: Mapped[str] = mapped_column(String(253))
    attacks: Mapped[int] = mapped_column(BigInteger, default=0)
    blocked: Mapped[int] = mapped_column(BigInteger, default=0)
