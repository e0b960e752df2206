from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdType


class ChartAttackDay(Base):
    """Daily attack counts of an OEM per (dimension, value) for the dimensions with thousands of
    values per hour (asn, client_ip, uri_path, user_agent; cloudwaf.chart.ingest.DAY_DIMS), with
    the attacks of each UTC hour of the day in h00..h23. These dimensions have no rows in
    chart_attack_hour: a 7-day top-N reads whole days from `attacks` and the whole hours of the
    two edge days from the hour columns of those days' rows (one row per value and edge day, not
    one per value and hour), and a series filtered by one value reads the hour columns. An event
    costs one upsert here per dimension instead of one hourly and one daily. Same retention as
    the hourly rollups.

    Keyed by (oem_id, dim, day, value) with no surrogate id, and WITHOUT ROWID on SQLite: the rows
    of one day and dimension sit together in the key's B-tree, so a top-N reads them in one range
    scan (2.2x faster than through a unique index plus table lookups) and an upsert touches one
    B-tree instead of two.

    On PostgreSQL the heap is filled to 70%: every event rewrites a row of the current day, and
    with room left on its page the new version stays there (a HOT update: no new index entry, the
    row stays on its page); see migration 5e2a9c7b1d46 for what it measured."""

    __tablename__ = "chart_attack_day"
    __table_args__ = (
        PrimaryKeyConstraint("oem_id", "dim", "day", "value"),
        {
            "sqlite_with_rowid": False,
            "postgresql_with": {"fillfactor": 70},
        },
    )

    oem_id: Mapped[int] = mapped_column(IdType)
    dim: Mapped[str] = mapped_column(String(16))
    day: Mapped[datetime]
    value: Mapped[str] = mapped_column(String(253))
    attacks: Mapped[int] = mapped_column(BigInteger, default=0)
    blocked: Mapped[int] = mapped_column(BigInteger, default=0)
    # attacks per UTC hour of the day (h07: 07:00-08:00); 4-byte integers: a third narrower row
    # than with BIGINT, and a 7-day top-N reads tens of thousands of these rows (PostgreSQL)
    h00: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h01: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h02: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h03: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h04: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h05: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h06: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h07: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h08: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h09: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h10: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h11: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h12: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h13: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h14: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h15: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h16: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h17: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h18: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h19: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h20: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h21: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h22: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    h23: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
