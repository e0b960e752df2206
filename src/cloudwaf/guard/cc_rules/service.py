"""CC rules: per-domain rate limits."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cloudwaf.auth.principal import Principal
from cloudwaf.errors import BadRequest
from cloudwaf.guard import references
from cloudwaf.guard.cc_rules.repository import CcRuleRepository
from cloudwaf.guard.cc_rules.schemas import CcRuleCreate, CcRuleRead, CcRuleUpdate, check_ban
from cloudwaf.guard.errors import CcRuleNotFound
from cloudwaf.guard.versioning import check_version
from cloudwaf.guard.writes import written
from cloudwaf.kit.pagination import PageParams
from cloudwaf.models import CcRule

_PLAIN_FIELDS = (
    "name",
    "path",
    "methods",
    "key",
    "limit",
    "window_seconds",
    "action",
    "ban_seconds",
    "enabled",
)


def to_read(rule: CcRule) -> CcRuleRead:
    return CcRuleRead.model_validate(rule)


def list_rules(
    session: Session,
    principal: Principal,
    paging: PageParams,
    *,
    keyword: str | None,
    domain_id: int | None,
    sort: str | None,
) -> tuple[list[CcRuleRead], int]:
    items, total = CcRuleRepository(session, principal.scope).page(
        paging, keyword=keyword, domain_id=domain_id, sort=sort
    )
    return [to_read(r) for r in items], total


def get_rule(session: Session, principal: Principal, rule_id: int) -> CcRule:
    rule = CcRuleRepository(session, principal.scope).get(rule_id)
    if rule is None:
        raise CcRuleNotFound()
    return rule


def create_rule(session: Session, principal: Principal, data: CcRuleCreate) -> CcRule:
    references.domain(session, principal.scope, data.domain_id)
    references.schedule(session, principal.scope, data.schedule_id)
    rule = CcRule(**data.model_dump())
    CcRuleRepository(session, principal.scope).add(rule)
    written(session, principal, "guard.cc.create", "cc_rule", rule.id, after=to_read(rule))
    return rule


def update_rule(
    session: Session, principal: Principal, rule: CcRule, data: CcRuleUpdate, expected: int | None
) -> CcRule:
    check_version(rule.version, expected)
    before = to_read(rule)
    if data.schedule_id is not None:
        rule.schedule_id = references.schedule(session, principal.scope, data.schedule_id)
    elif data.clear_schedule:
        rule.schedule_id = None
    if data.path_regex is not None:
        rule.path_regex = data.path_regex
    elif data.clear_path_regex:
        rule.path_regex = None
    for key in _PLAIN_FIELDS:
        value = getattr(data, key)
        if value is not None:
            setattr(rule, key, value)
    try:
        check_ban(rule.action, rule.ban_seconds)
    except ValueError as exc:
        raise BadRequest(str(exc)) from exc
    CcRuleRepository(session, principal.scope).save(rule)
    written(session, principal, "guard.cc.update", "cc_rule", rule.id, before=before, after=to_read(rule))
    return rule


def delete_rule(session: Session, principal: Principal, rule: CcRule, expected: int | None) -> None:
    check_version(rule.version, expected)
    before = to_read(rule)
    CcRuleRepository(session, principal.scope).delete(rule)
    written(session, principal, "guard.cc.delete", "cc_rule", before.id, before=before)
