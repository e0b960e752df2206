"""The geoip module's routes (mounted under /api/v1 by cloudwaf.api)."""

from __future__ import annotations

from fastapi import APIRouter

from cloudwaf.geoip.addresses.router import router as addresses_router

router = APIRouter()
router.include_router(addresses_router)
