"""The per-principal query counter behind 4005 (in the database: shared by every replica)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from cloudwaf.models import ChartQueryQuota


class QueryQuotaRepository:
    # Not tenant-scoped: keyed by principal ("user:12", "apikey:3"), whose ids are global.
    def __init__(self, session: Session) -> None:
        self.session = session

    def hit(self, principal: str, window_start: datetime) -> int:
        """Counts one query in the window and returns the window's count (atomic upsert)."""
        dialect = self.session.get_bind().dialect.name
        stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(ChartQueryQuota).values(
            principal=principal, window_start=window_start, count=1
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["principal", "window_start"], set_={"count": ChartQueryQuota.count + 1}
        )
        self.session.execute(stmt)
        return int(
            self.session.scalar(
                select(ChartQueryQuota.count).where(
                    ChartQueryQuota.principal == principal, ChartQueryQuota.window_start == window_start
                )
            )
            or 0
        )
