from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, IdType


class AttackEvent(IdMixin, Base):
    """A raw attack event in the SQL event store (cloudwaf.chart.store). No foreign keys: the
    event store must be movable to a columnar engine without the config store."""

    __tablename__ = "attack_event"
    __table_args__ = (
        # Led by time, not by client IP: an index led by a random key costs ingest a random page
        # write per event (see the 2026-12-04 migration); IP filters are checked on its entries.
        Index("ix_attack_event_oem_id_time_client_ip", "oem_id", "time", "client_ip"),
        Index("ix_attack_event_oem_id_domain_time", "oem_id", "domain", "time"),
    )

    oem_id: Mapped[int] = mapped_column(IdType)
    node_id: Mapped[int] = mapped_column(IdType)
    node_name: Mapped[str] = mapped_column(String(64), default="")
    time: Mapped[datetime]
    domain: Mapped[str] = mapped_column(String(253), default="")
    client_ip: Mapped[str] = mapped_column(String(64), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    method: Mapped[str] = mapped_column(String(16), default="")
    uri: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[int] = mapped_column(default=0)
    rule_ids: Mapped[list] = mapped_column(JSON, default=list)
    messages: Mapped[list] = mapped_column(JSON, default=list)
    anomaly_score: Mapped[int] = mapped_column(default=0)
    action: Mapped[str] = mapped_column(String(16), default="detected")  # blocked | detected
    event_id: Mapped[str] = mapped_column(String(64), default="", index=True)
    # chart: dimensions for top-N and filters, and the detail view (request line, masked headers,
    # matched rules, policy/config version in force); filled at ingest by cloudwaf.chart.store.
    asn: Mapped[int | None] = mapped_column(default=None)
    uri_path: Mapped[str] = mapped_column(String(2048), default="")
    user_agent: Mapped[str] = mapped_column(String(512), default="")
    attack_type: Mapped[str] = mapped_column(String(32), default="")
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
