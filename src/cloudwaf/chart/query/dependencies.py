# No `from __future__ import annotations`: FastAPI must see the closure's real Depends() objects.
from typing import Annotated

from fastapi import Depends, Request

from cloudwaf.auth import Principal, require
from cloudwaf.chart.query import service as query_service
from cloudwaf.db import DbSession


def rate_limited(key: str):  # noqa: ANN201 - a dependency factory
    """`require(key)`, then one hit on the caller's chart query quota (4005 past the limit)."""

    holder = Annotated[Principal, Depends(require(key))]

    def dependency(request: Request, session: DbSession, principal: holder) -> Principal:
        query_service.check_rate(session, request.app.state.settings, principal)
        return principal

    return dependency


QueryReader = Annotated[Principal, Depends(rate_limited("chart.query.read"))]
ExportReader = Annotated[Principal, Depends(rate_limited("chart.export.read"))]
