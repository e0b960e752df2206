from __future__ import annotations

from cloudwaf.auth import Principal
from cloudwaf.chart.events.schemas import AttackEventRead
from cloudwaf.chart.store import EventFilters, EventStore
from cloudwaf.errors import BadRequest
from cloudwaf.kit.pagination import Page, PageParams


def search_events(store: EventStore, principal: Principal, filters: EventFilters,
                  paging: PageParams) -> Page[AttackEventRead]:
    if filters.stime and filters.etime and filters.stime >= filters.etime:
        raise BadRequest("stime must be before etime")
    records, total = store.search_events(principal.scope, filters, paging)
    items = [AttackEventRead(
        id=r.id, time=r.time, domain=r.domain, node=r.node_name, node_id=r.node_id, client_ip=r.client_ip,
        country=r.country, method=r.method, uri=r.uri, status=r.status, rule_ids=r.rule_ids,
        messages=r.messages, anomaly_score=r.anomaly_score, action=r.action, event_id=r.event_id,
    ) for r in records]
    return Page(items=items, total=total, page=paging.page, page_size=paging.page_size)
