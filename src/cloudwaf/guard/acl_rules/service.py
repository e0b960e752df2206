"""ACL rules: evaluated before CRS; allow rules win over deny rules (see the snapshot)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cloudwaf.auth.principal import Principal
from cloudwaf.guard import references
from cloudwaf.guard.acl_rules.repository import AclRuleRepository
from cloudwaf.guard.acl_rules.schemas import AclCondition, AclRuleCreate, AclRuleRead, AclRuleUpdate
from cloudwaf.guard.errors import AclPriorityTaken, AclRuleNotFound
from cloudwaf.guard.versioning import check_version
from cloudwaf.guard.writes import written
from cloudwaf.kit.pagination import PageParams
from cloudwaf.models import GuardAclRule


def to_read(rule: GuardAclRule) -> AclRuleRead:
    return AclRuleRead.model_validate(rule)


def list_rules(
    session: Session,
    principal: Principal,
    paging: PageParams,
    *,
    keyword: str | None,
    domain_id: int | None,
    oem_wide: bool | None,
    action: str | None,
    sort: str | None,
) -> tuple[list[AclRuleRead], int]:
    items, total = AclRuleRepository(session, principal.scope).page(
        paging, keyword=keyword, domain_id=domain_id, oem_wide=oem_wide, action=action, sort=sort
    )
    return [to_read(r) for r in items], total


def get_rule(session: Session, principal: Principal, rule_id: int) -> GuardAclRule:
    rule = AclRuleRepository(session, principal.scope).get(rule_id)
    if rule is None:
        raise AclRuleNotFound()
    return rule


def _check_conditions(session: Session, principal: Principal, conditions: list[AclCondition]) -> list[dict]:
    references.ip_sets(session, principal.scope, [i for c in conditions for i in c.ip_set_ids()])
    return [c.model_dump(exclude_none=True) for c in conditions]


def _check_priority(
    repo: AclRuleRepository, domain_id: int | None, priority: int, rule_id: int | None
) -> None:
    if repo.priority_taken(domain_id, priority, rule_id):
        where = f"domain {domain_id}" if domain_id is not None else "the OEM-wide rules"
        raise AclPriorityTaken(f"priority {priority} is already used in {where}")


def create_rule(session: Session, principal: Principal, data: AclRuleCreate) -> GuardAclRule:
    repo = AclRuleRepository(session, principal.scope)
    if data.domain_id is not None:
        references.domain(session, principal.scope, data.domain_id)
    references.schedule(session, principal.scope, data.schedule_id)
    _check_priority(repo, data.domain_id, data.priority, None)
    rule = GuardAclRule(
        name=data.name,
        domain_id=data.domain_id,
        priority=data.priority,
        action=data.action,
        conditions=_check_conditions(session, principal, data.conditions),
        schedule_id=data.schedule_id,
        enabled=data.enabled,
    )
    repo.add(rule)
    written(session, principal, "guard.acl.create", "acl_rule", rule.id, after=to_read(rule))
    return rule


def update_rule(
    session: Session, principal: Principal, rule: GuardAclRule, data: AclRuleUpdate, expected: int | None
) -> GuardAclRule:
    check_version(rule.version, expected)
    repo = AclRuleRepository(session, principal.scope)
    before = to_read(rule)
    if data.priority is not None and data.priority != rule.priority:
        _check_priority(repo, rule.domain_id, data.priority, rule.id)
        rule.priority = data.priority
    if data.conditions is not None:
        rule.conditions = _check_conditions(session, principal, data.conditions)
    if data.schedule_id is not None:
        rule.schedule_id = references.schedule(session, principal.scope, data.schedule_id)
    elif data.clear_schedule:
        rule.schedule_id = None
    for key in ("name", "action", "enabled"):
        value = getattr(data, key)
        if value is not None:
            setattr(rule, key, value)
    repo.save(rule)
    written(session, principal, "guard.acl.update", "acl_rule", rule.id, before=before, after=to_read(rule))
    return rule


def delete_rule(session: Session, principal: Principal, rule: GuardAclRule, expected: int | None) -> None:
    check_version(rule.version, expected)
    before = to_read(rule)
    AclRuleRepository(session, principal.scope).delete(rule)
    written(session, principal, "guard.acl.delete", "acl_rule", before.id, before=before)
