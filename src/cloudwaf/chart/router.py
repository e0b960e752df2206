"""The chart module's analytics routes (chart/events is mounted by cloudwaf.api on its own)."""

from __future__ import annotations

from fastapi import APIRouter

from cloudwaf.chart.export.router import router as export_router
from cloudwaf.chart.query.router import router as query_router

router = APIRouter()
router.include_router(query_router)
router.include_router(export_router)
