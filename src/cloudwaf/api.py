"""Every module's router, mounted under /api/v1. A module adds one line here."""

from __future__ import annotations

from fastapi import FastAPI

from cloudwaf.chart.router import router as chart_router
from cloudwaf.geoip.router import router as geoip_router
from cloudwaf.guard.router import router as guard_router
from cloudwaf.meta.router import router as meta_router
from cloudwaf.node.router import router as node_router
from cloudwaf.system.router import router as system_router

API_PREFIX = "/api/v1"


def include_routers(app: FastAPI) -> None:
    app.include_router(meta_router)
    app.include_router(geoip_router, prefix=API_PREFIX)
    app.include_router(node_router, prefix=API_PREFIX)
    app.include_router(chart_router, prefix=API_PREFIX)
    app.include_router(system_router, prefix=API_PREFIX)
    app.include_router(guard_router, prefix=API_PREFIX)
