from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from sqlalchemy.exc import SQLAlchemyError

from cloudwaf.chart.errors import ChartQueryFailed, ExportFailed, InvalidField
from cloudwaf.chart.events.dependencies import Events
from cloudwaf.chart.events.service import event_filters
from cloudwaf.chart.export import service as export_service
from cloudwaf.chart.export.schemas import ExportRequest
from cloudwaf.chart.query import service as query_service
from cloudwaf.chart.query.dependencies import ExportReader

router = APIRouter(prefix="/chart", tags=["chart"])

MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@router.post(
    "/export",
    response_class=StreamingResponse,
    responses={200: {"content": {MEDIA["csv"]: {}, MEDIA["xlsx"]: {}}, "description": "The file, streamed"}},
)
def export_chart(
    body: ExportRequest, request: Request, store: Events, principal: ExportReader
) -> StreamingResponse:
    if body.source == "query":
        if body.query is None:
            raise InvalidField("query is required when source is query")
        query, interval = query_service.analytics_query(body.query)
        try:
            result = query_service.run_query(store, principal, query, interval)
        except ChartQueryFailed as exc:
            raise ExportFailed() from exc
        if result.points is not None:
            header = ["time", body.query.metric]
            rows = ([p.time.isoformat().replace("+00:00", "Z"), p.value] for p in result.points)
        else:
            header = [query.dimension or "key", "label", body.query.metric]
            rows = ([r.key, r.label, r.value] for r in result.rows or [])
        name = f"chart-{body.query.metric}"
    else:
        filters = event_filters(**body.events.model_dump())
        try:  # fail before the first byte while a 4004 can still be answered
            next(store.iter_events(principal.scope, filters, 1), None)
        except SQLAlchemyError as exc:
            raise ExportFailed() from exc
        header = list(export_service.EVENT_COLUMNS)
        rows = export_service.event_rows(
            request.app.state.session_factory, principal.scope, filters, body.limit
        )
        name = "attack-events"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    stream = (
        export_service.csv_stream(header, rows)
        if body.format == "csv"
        else export_service.xlsx_stream(header, rows, sheet=name[:31])
    )
    return StreamingResponse(
        export_service.guarded(stream),
        media_type=MEDIA[body.format],
        headers={"Content-Disposition": f'attachment; filename="{name}-{stamp}.{body.format}"'},
    )
