"""Every module's routes, registered under /api/v1 as one flat table (see `kit.routing`). A module
adds one line here."""

from __future__ import annotations

from fastapi import FastAPI

from cloudwaf.chart import router as chart_routes
from cloudwaf.geoip import router as geoip_routes
from cloudwaf.guard import router as guard_routes
from cloudwaf.kit.routing import include_flat
from cloudwaf.meta.router import router as meta_router
from cloudwaf.node import router as node_routes
from cloudwaf.system import router as system_routes

API_PREFIX = "/api/v1"


def include_routers(app: FastAPI) -> None:
    include_flat(app, [meta_router])
    for module in (geoip_routes, node_routes, chart_routes, system_routes, guard_routes):
        include_flat(app, module.ROUTERS, prefix=API_PREFIX + module.PREFIX)
