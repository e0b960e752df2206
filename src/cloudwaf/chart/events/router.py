from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from cloudwaf.auth import Principal, require
from cloudwaf.chart.events import service as event_service
from cloudwaf.chart.events.dependencies import Events
from cloudwaf.chart.events.schemas import AttackEventRead
from cloudwaf.chart.store import EventFilters
from cloudwaf.errors import BadRequest
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging
from cloudwaf.kit.time import parse_instant

router = APIRouter(prefix="/chart/events", tags=["chart"])


def _instant(value: str | None, name: str):  # noqa: ANN202
    if value is None:
        return None
    try:
        return parse_instant(value)
    except ValueError as exc:
        raise BadRequest(f"{name}: {exc}") from exc


@router.get("", response_model=Envelope[Page[AttackEventRead]])
def list_attack_events(
    store: Events, paging: Paging,
    principal: Annotated[Principal, Depends(require("chart.event.read"))],
    stime: Annotated[str | None, Query(max_length=40, description="RFC 3339 or Unix seconds")] = None,
    etime: Annotated[str | None, Query(max_length=40)] = None,
    domain: Annotated[str | None, Query(max_length=253)] = None,
    client_ip: Annotated[str | None, Query(max_length=64)] = None,
    action: Annotated[Literal["blocked", "detected"] | None, Query()] = None,
    node_id: Annotated[int | None, Query(ge=1)] = None,
    event_id: Annotated[str | None, Query(max_length=64)] = None,
) -> Envelope[Page[AttackEventRead]]:
    filters = EventFilters(stime=_instant(stime, "stime"), etime=_instant(etime, "etime"), domain=domain,
                           client_ip=client_ip, action=action, node_id=node_id, event_id=event_id)
    return ok(event_service.search_events(store, principal, filters, paging))
