"""The chart module's routes: attack events, analytics queries, exports."""

from __future__ import annotations

from cloudwaf.chart.events.router import router as events_router
from cloudwaf.chart.export.router import router as export_router
from cloudwaf.chart.query.router import router as query_router

PREFIX = ""
ROUTERS = (events_router, query_router, export_router)
