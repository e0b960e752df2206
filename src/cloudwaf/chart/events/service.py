from __future__ import annotations

from datetime import datetime

from pydantic import ValidationError
from sqlalchemy.orm import Session

from cloudwaf.auth import Principal
from cloudwaf.chart.errors import InvalidTimeRange
from cloudwaf.chart.events.schemas import (
    AttackEventDetail,
    AttackEventRead,
    FalsePositiveIn,
    FalsePositiveRead,
    MatchedRule,
    PolicyInForce,
)
from cloudwaf.chart.store import AttackEventRecord, EventFilters, EventStore
from cloudwaf.errors import BadRequest, NotFound
from cloudwaf.guard.domains.repository import DomainRepository
from cloudwaf.guard.errors import DomainNotFound
from cloudwaf.guard.policies import service as policy_service
from cloudwaf.guard.policies.repository import PolicyRepository
from cloudwaf.guard.policies.schemas import Exclusion, PolicyUpdate
from cloudwaf.kit.pagination import Page, PageParams
from cloudwaf.kit.time import parse_instant
from cloudwaf.models import Policy


def search_events(store: EventStore, principal: Principal, filters: EventFilters,
                  paging: PageParams) -> Page[AttackEventRead]:
    if filters.stime and filters.etime and filters.stime >= filters.etime:
        raise InvalidTimeRange("stime must be before etime")
    records, total = store.search_events(principal.scope, filters, paging)
    items = [_read(r) for r in records]
    return Page(items=items, total=total, page=paging.page, page_size=paging.page_size)


def _read(r: AttackEventRecord) -> AttackEventRead:
    return AttackEventRead(
        id=r.id, time=r.time, domain=r.domain, node=r.node_name, node_id=r.node_id, client_ip=r.client_ip,
        country=r.country, method=r.method, uri=r.uri, status=r.status, rule_ids=r.rule_ids,
        messages=r.messages, anomaly_score=r.anomaly_score, action=r.action, event_id=r.event_id,
        asn=r.asn, attack_type=r.attack_type,
    )


def event_filters(*, stime: str | int | None = None, etime: str | int | None = None,
                  domain: str | None = None,
                  client_ip: str | None = None, action: str | None = None, node_id: int | None = None,
                  event_id: str | None = None, rule_id: int | None = None, country: str | None = None,
                  attack_type: str | None = None, uri: str | None = None) -> EventFilters:
    """Search filters from request values; a bad or inverted time range is 4002."""
    start = _instant(stime, "stime")
    end = _instant(etime, "etime")
    if start and end and start >= end:
        raise InvalidTimeRange("stime must be before etime")
    return EventFilters(stime=start, etime=end, domain=domain, client_ip=client_ip, action=action,
                        node_id=node_id, event_id=event_id, rule_id=rule_id,
                        country=country.upper() if country else None, attack_type=attack_type,
                        uri_contains=uri or None)


def _instant(value: str | int | None, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_instant(value)
    except (ValueError, OverflowError, OSError) as exc:
        raise InvalidTimeRange(f"{name}: {exc}") from exc


def _load(store: EventStore, principal: Principal, event_pk: int) -> AttackEventRecord:
    record = store.get_event(principal.scope, event_pk)
    if record is None:
        raise NotFound("attack event not found")
    return record


def _domain_policy(session: Session, principal: Principal, domain_name: str) -> tuple[Policy | None, int]:
    domain = DomainRepository(session, principal.scope).by_name(domain_name)
    if domain is None or domain.policy_id is None:
        return None, 0
    policy = policy_service.get_policy(session, principal, domain.policy_id)
    used = PolicyRepository(session, principal.scope).domain_counts([policy.id]).get(policy.id, 0)
    return policy, used


def _matched(record: AttackEventRecord) -> list[MatchedRule]:
    matched = record.detail.get("matched") or []
    if matched:
        return [MatchedRule(id=int(m.get("id", 0)), message=str(m.get("msg", m.get("message", ""))),
                            data=str(m.get("data", ""))[:512], tags=[str(t) for t in m.get("tags", [])][:20])
                for m in matched if isinstance(m, dict)]
    messages = record.messages + [""] * len(record.rule_ids)
    return [MatchedRule(id=rule, message=messages[i]) for i, rule in enumerate(record.rule_ids)]


def event_detail(session: Session, store: EventStore, principal: Principal,
                 event_pk: int) -> AttackEventDetail:
    record = _load(store, principal, event_pk)
    policy, _ = _domain_policy(session, principal, record.domain)
    detail = record.detail
    return AttackEventDetail(
        **_read(record).model_dump(), uri_path=record.uri_path, user_agent=record.user_agent,
        request_line=detail.get("request_line") or f"{record.method} {record.uri}",
        headers=detail.get("headers") or {}, matched_rules=_matched(record),
        config_version=int(detail.get("config_version") or 0),
        policy=None if policy is None else PolicyInForce(
            id=policy.id, name=policy.name, mode=policy.mode, paranoia_level=policy.paranoia_level,
            inbound_threshold=policy.inbound_threshold, exclusions=len(policy.exclusions or []),
            version=policy.version),
    )


def excludable_rules(rule_ids: list[int]) -> list[int]:
    """The rules an exclusion can switch off: CRS detection rules, not the anomaly evaluation
    (949/959/980) nor the platform's own ACL/CC rules (ids >= 10,000,000; exclusions take <= 999,999)."""
    return sorted({r for r in rule_ids if 1 <= r <= 999_999 and r // 1000 not in (949, 959, 980)})


def false_positive(session: Session, store: EventStore, principal: Principal, event_pk: int,
                   body: FalsePositiveIn) -> FalsePositiveRead:
    """Adds a policy exclusion for the rules that fired on this event's path (guard's policy
    service does the write: validation, config-version bump, audit)."""
    record = _load(store, principal, event_pk)
    rules = excludable_rules(body.rule_ids if body.rule_ids is not None else record.rule_ids)
    if body.rule_ids is not None and set(body.rule_ids) - set(record.rule_ids):
        raise BadRequest("rule_ids must be rules that fired on this event")
    if not rules:
        raise BadRequest("no excludable rule fired on this event")
    policy, used = _domain_policy(session, principal, record.domain)
    if policy is None:
        raise DomainNotFound(f"domain {record.domain} no longer exists")
    wanted: dict = {"rule_ids": rules}
    if not body.whole_domain:
        wanted["path_prefix"] = record.uri_path or "/"
    if body.target:
        wanted["target"] = body.target
    try:
        exclusion = Exclusion(**wanted)
    except ValidationError as exc:
        raise BadRequest(f"cannot build an exclusion from this event: {exc.errors()[0]['msg']}") from exc
    current = [Exclusion(**e) for e in (policy.exclusions or [])]
    if exclusion in current:
        return FalsePositiveRead(policy_id=policy.id, policy_version=policy.version,
                                 exclusion=exclusion.model_dump(exclude_none=True), created=False,
                                 domains_affected=used)
    policy = policy_service.update_policy(session, principal, policy,
                                          PolicyUpdate(exclusions=[*current, exclusion]), None)
    return FalsePositiveRead(policy_id=policy.id, policy_version=policy.version,
                             exclusion=exclusion.model_dump(exclude_none=True), created=True,
                             domains_affected=used)
