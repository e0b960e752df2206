from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query

from cloudwaf.auth import Principal, require
from cloudwaf.chart.events import service as event_service
from cloudwaf.chart.events.dependencies import Events
from cloudwaf.chart.events.schemas import (
    AttackEventDetail,
    AttackEventRead,
    FalsePositiveIn,
    FalsePositiveRead,
)
from cloudwaf.db import DbSession
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging

router = APIRouter(prefix="/chart/events", tags=["chart"])


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
    rule_id: Annotated[int | None, Query(ge=0)] = None,
    country: Annotated[str | None, Query(max_length=2)] = None,
    attack_type: Annotated[str | None, Query(max_length=32)] = None,
    uri: Annotated[str | None, Query(max_length=256, description="text contained in the URI")] = None,
) -> Envelope[Page[AttackEventRead]]:
    filters = event_service.event_filters(stime=stime, etime=etime, domain=domain, client_ip=client_ip,
                                          action=action, node_id=node_id, event_id=event_id, rule_id=rule_id,
                                          country=country, attack_type=attack_type, uri=uri)
    return ok(event_service.search_events(store, principal, filters, paging))


@router.get("/{event_pk}", response_model=Envelope[AttackEventDetail])
def get_attack_event(
    event_pk: Annotated[int, Path(ge=1)], store: Events, session: DbSession,
    principal: Annotated[Principal, Depends(require("chart.event.read"))],
) -> Envelope[AttackEventDetail]:
    return ok(event_service.event_detail(session, store, principal, event_pk))


@router.post("/{event_pk}/false-positive", response_model=Envelope[FalsePositiveRead])
def mark_false_positive(
    event_pk: Annotated[int, Path(ge=1)], store: Events, session: DbSession,
    principal: Annotated[Principal, Depends(require("guard.policy.write"))],
    body: FalsePositiveIn | None = None,
) -> Envelope[FalsePositiveRead]:
    return ok(event_service.false_positive(session, store, principal, event_pk, body or FalsePositiveIn()))
