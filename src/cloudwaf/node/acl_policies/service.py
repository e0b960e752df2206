from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from cloudwaf.auth import Principal
from cloudwaf.guard.config_version import bump as bump_config_version
from cloudwaf.kit.pagination import Page, PageParams
from cloudwaf.models import NodeAclPolicy, NodeAclRule
from cloudwaf.node.acl_policies.repository import AclPolicyRepository, AclRuleRepository
from cloudwaf.node.acl_policies.schemas import (
    AclPolicyCreate,
    AclPolicyRead,
    AclPolicyUpdate,
    AclRuleCreate,
    AclRuleRead,
    AclRuleUpdate,
)
from cloudwaf.node.errors import AclPolicyHasRules, AclPolicyNameExists
from cloudwaf.system.audit import service as audit


def _reads(repo: AclPolicyRepository, policies: Sequence[NodeAclPolicy]) -> list[AclPolicyRead]:
    counts = repo.rule_counts([p.id for p in policies])
    return [
        AclPolicyRead.model_validate(p).model_copy(update={"rule_count": counts.get(p.id, 0)})
        for p in policies
    ]


def to_read(session: Session, principal: Principal, policy: NodeAclPolicy) -> AclPolicyRead:
    return _reads(AclPolicyRepository(session, principal.scope), [policy])[0]


def list_policies(
    session: Session, principal: Principal, paging: PageParams, *, keyword: str | None, sort: str | None
) -> Page[AclPolicyRead]:
    repo = AclPolicyRepository(session, principal.scope)
    items, total = repo.search(paging, keyword=keyword, sort=sort)
    return Page(items=_reads(repo, items), total=total, page=paging.page, page_size=paging.page_size)


def create_policy(session: Session, principal: Principal, body: AclPolicyCreate) -> NodeAclPolicy:
    repo = AclPolicyRepository(session, principal.scope)
    if repo.by_name(body.name) is not None:
        raise AclPolicyNameExists()
    policy = repo.add(NodeAclPolicy(name=body.name, description=body.description))
    audit.record(session, principal, "node.acl_policy.create", "node_acl_policy", policy.id, after=policy)
    return policy


def update_policy(
    session: Session, principal: Principal, policy: NodeAclPolicy, body: AclPolicyUpdate
) -> NodeAclPolicy:
    repo = AclPolicyRepository(session, principal.scope)
    before = audit.snapshot(policy)
    changes = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    if "name" in changes and changes["name"] != policy.name and repo.by_name(changes["name"]) is not None:
        raise AclPolicyNameExists()
    for field, value in changes.items():
        setattr(policy, field, value)
    session.flush()
    audit.record(
        session,
        principal,
        "node.acl_policy.update",
        "node_acl_policy",
        policy.id,
        before=before,
        after=policy,
    )
    return policy


def delete_policy(session: Session, principal: Principal, policy: NodeAclPolicy) -> None:
    """Refused while rules remain (3010); groups that used it stop applying a node ACL."""
    repo = AclPolicyRepository(session, principal.scope)
    if repo.rule_counts([policy.id]).get(policy.id, 0):
        raise AclPolicyHasRules()
    before = audit.snapshot(policy)
    repo.delete(policy)
    bump_config_version(session, policy.oem_id)
    audit.record(session, principal, "node.acl_policy.delete", "node_acl_policy", before["id"], before=before)


def list_rules(
    session: Session,
    principal: Principal,
    policy: NodeAclPolicy,
    paging: PageParams,
    *,
    sort: str | None,
    action: str | None,
) -> Page[AclRuleRead]:
    items, total = AclRuleRepository(session, principal.scope).search(
        policy.id, paging, sort=sort, action=action
    )
    return Page(
        items=[AclRuleRead.model_validate(r) for r in items],
        total=total,
        page=paging.page,
        page_size=paging.page_size,
    )


def create_rule(
    session: Session, principal: Principal, policy: NodeAclPolicy, body: AclRuleCreate
) -> NodeAclRule:
    rule = AclRuleRepository(session, principal.scope).add(
        NodeAclRule(policy_id=policy.id, **body.model_dump())
    )
    bump_config_version(session, policy.oem_id)
    audit.record(session, principal, "node.acl_rule.create", "node_acl_rule", rule.id, after=rule)
    return rule


def update_rule(
    session: Session, principal: Principal, rule: NodeAclRule, body: AclRuleUpdate
) -> NodeAclRule:
    before = audit.snapshot(rule)
    for field, value in body.model_dump(exclude_unset=True).items():
        if value is not None:
            setattr(rule, field, value)
    session.flush()
    bump_config_version(session, rule.oem_id)
    audit.record(
        session, principal, "node.acl_rule.update", "node_acl_rule", rule.id, before=before, after=rule
    )
    return rule


def delete_rule(session: Session, principal: Principal, rule: NodeAclRule) -> None:
    before = audit.snapshot(rule)
    AclRuleRepository(session, principal.scope).delete(rule)
    bump_config_version(session, rule.oem_id)
    audit.record(session, principal, "node.acl_rule.delete", "node_acl_rule", before["id"], before=before)
