from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base


class ChartJobLease(Base):
    """Who runs a periodic chart job (the retention purge) until when: one replica at a time."""

    __tablename__ = "chart_job_lease"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime]
