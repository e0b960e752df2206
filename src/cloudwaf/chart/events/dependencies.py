from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from cloudwaf.chart.store import EventStore, SqlEventStore
from cloudwaf.db import DbSession


def event_store(session: DbSession) -> EventStore:
    return SqlEventStore(session)


Events = Annotated[EventStore, Depends(event_store)]
