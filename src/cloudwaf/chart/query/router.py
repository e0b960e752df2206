from __future__ import annotations

from fastapi import APIRouter

from cloudwaf.chart.events.dependencies import Events
from cloudwaf.chart.query import service as query_service
from cloudwaf.chart.query.dependencies import QueryReader
from cloudwaf.chart.query.schemas import ChartQuery, ChartResult
from cloudwaf.kit.envelope import Envelope, ok

router = APIRouter(prefix="/chart", tags=["chart"])


@router.post("/query", response_model=Envelope[ChartResult])
def query_chart(body: ChartQuery, store: Events, principal: QueryReader) -> Envelope[ChartResult]:
    query, interval = query_service.analytics_query(body)
    return ok(query_service.run_query(store, principal, query, interval))
