from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from cloudwaf.auth import Principal, require
from cloudwaf.db import DbSession
from cloudwaf.models import NodeAclPolicy, NodeAclRule
from cloudwaf.node.acl_policies.repository import AclPolicyRepository, AclRuleRepository
from cloudwaf.node.errors import AclPolicyNotFound, AclRuleNotFound


def _load(session: DbSession, principal: Principal, policy_id: int) -> NodeAclPolicy:
    policy = AclPolicyRepository(session, principal.scope).get(policy_id)
    if policy is None:
        raise AclPolicyNotFound()
    return policy


def readable_policy(
    session: DbSession,
    policy_id: Annotated[int, Path(ge=1)],
    principal: Annotated[Principal, Depends(require("node.acl.read"))],
) -> NodeAclPolicy:
    return _load(session, principal, policy_id)


def writable_policy(
    session: DbSession,
    policy_id: Annotated[int, Path(ge=1)],
    principal: Annotated[Principal, Depends(require("node.acl.write"))],
) -> NodeAclPolicy:
    return _load(session, principal, policy_id)


ReadablePolicy = Annotated[NodeAclPolicy, Depends(readable_policy)]
WritablePolicy = Annotated[NodeAclPolicy, Depends(writable_policy)]


def _load_rule(session: DbSession, principal: Principal, policy: NodeAclPolicy, rule_id: int) -> NodeAclRule:
    rule = AclRuleRepository(session, principal.scope).get_in_policy(policy.id, rule_id)
    if rule is None:
        raise AclRuleNotFound()
    return rule


def readable_rule(
    session: DbSession,
    policy: ReadablePolicy,
    rule_id: Annotated[int, Path(ge=1)],
    principal: Annotated[Principal, Depends(require("node.acl.read"))],
) -> NodeAclRule:
    return _load_rule(session, principal, policy, rule_id)


def writable_rule(
    session: DbSession,
    policy: WritablePolicy,
    rule_id: Annotated[int, Path(ge=1)],
    principal: Annotated[Principal, Depends(require("node.acl.write"))],
) -> NodeAclRule:
    return _load_rule(session, principal, policy, rule_id)


ReadableRule = Annotated[NodeAclRule, Depends(readable_rule)]
WritableRule = Annotated[NodeAclRule, Depends(writable_rule)]
