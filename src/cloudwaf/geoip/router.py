"""The geoip module's routes (mounted under /api/v1 by cloudwaf.api)."""

from __future__ import annotations

from cloudwaf.geoip.addresses.router import router as addresses_router

PREFIX = ""
ROUTERS = (addresses_router,)
