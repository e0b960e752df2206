from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin


class ChartQueryQuota(IdMixin, Base):
    """Chart queries of one principal in one fixed window (4005). In the database, not in a
    process, so that every replica counts against the same limit."""

    __tablename__ = "chart_query_quota"
    __table_args__ = (UniqueConstraint("principal", "window_start"),)

    principal: Mapped[str] = mapped_column(String(64))
    window_start: Mapped[datetime] = mapped_column(index=True)
    count: Mapped[int] = mapped_column(default=0)
