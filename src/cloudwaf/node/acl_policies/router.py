from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from cloudwaf.auth import Principal, require
from cloudwaf.db import DbSession
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging
from cloudwaf.node.acl_policies import service as acl_service
from cloudwaf.node.acl_policies.dependencies import (
    ReadablePolicy,
    ReadableRule,
    WritablePolicy,
    WritableRule,
)
from cloudwaf.node.acl_policies.schemas import (
    AclPolicyCreate,
    AclPolicyRead,
    AclPolicyUpdate,
    AclRuleCreate,
    AclRuleRead,
    AclRuleUpdate,
)
from cloudwaf.node.common import KeywordParam, SortParam

router = APIRouter(prefix="/acl-policies", tags=["node ACL policies"])

AclReader = Annotated[Principal, Depends(require("node.acl.read"))]
AclWriter = Annotated[Principal, Depends(require("node.acl.write"))]


@router.get("", response_model=Envelope[Page[AclPolicyRead]])
def list_node_acl_policies(
    session: DbSession,
    paging: Paging,
    principal: AclReader,
    keyword: KeywordParam = None,
    sort: SortParam = None,
) -> Envelope[Page[AclPolicyRead]]:
    return ok(acl_service.list_policies(session, principal, paging, keyword=keyword, sort=sort))


@router.post("", response_model=Envelope[AclPolicyRead], status_code=201)
def create_node_acl_policy(
    body: AclPolicyCreate, session: DbSession, principal: AclWriter
) -> Envelope[AclPolicyRead]:
    policy = acl_service.create_policy(session, principal, body)
    return ok(acl_service.to_read(session, principal, policy))


@router.get("/{policy_id}", response_model=Envelope[AclPolicyRead])
def get_node_acl_policy(
    policy: ReadablePolicy, session: DbSession, principal: AclReader
) -> Envelope[AclPolicyRead]:
    return ok(acl_service.to_read(session, principal, policy))


@router.put("/{policy_id}", response_model=Envelope[AclPolicyRead])
def update_node_acl_policy(
    body: AclPolicyUpdate, policy: WritablePolicy, session: DbSession, principal: AclWriter
) -> Envelope[AclPolicyRead]:
    policy = acl_service.update_policy(session, principal, policy, body)
    return ok(acl_service.to_read(session, principal, policy))


@router.delete("/{policy_id}", response_model=Envelope[None])
def delete_node_acl_policy(
    policy: WritablePolicy, session: DbSession, principal: AclWriter
) -> Envelope[None]:
    acl_service.delete_policy(session, principal, policy)
    return ok(None)


@router.get("/{policy_id}/rules", response_model=Envelope[Page[AclRuleRead]])
def list_node_acl_rules(
    policy: ReadablePolicy,
    session: DbSession,
    paging: Paging,
    principal: AclReader,
    sort: SortParam = None,
    action: Annotated[Literal["allow", "deny"] | None, Query()] = None,
) -> Envelope[Page[AclRuleRead]]:
    return ok(acl_service.list_rules(session, principal, policy, paging, sort=sort, action=action))


@router.post("/{policy_id}/rules", response_model=Envelope[AclRuleRead], status_code=201)
def create_node_acl_rule(
    body: AclRuleCreate, policy: WritablePolicy, session: DbSession, principal: AclWriter
) -> Envelope[AclRuleRead]:
    return ok(AclRuleRead.model_validate(acl_service.create_rule(session, principal, policy, body)))


@router.get("/{policy_id}/rules/{rule_id}", response_model=Envelope[AclRuleRead])
def get_node_acl_rule(rule: ReadableRule) -> Envelope[AclRuleRead]:
    return ok(AclRuleRead.model_validate(rule))


@router.put("/{policy_id}/rules/{rule_id}", response_model=Envelope[AclRuleRead])
def update_node_acl_rule(
    body: AclRuleUpdate, rule: WritableRule, session: DbSession, principal: AclWriter
) -> Envelope[AclRuleRead]:
    return ok(AclRuleRead.model_validate(acl_service.update_rule(session, principal, rule, body)))


@router.delete("/{policy_id}/rules/{rule_id}", response_model=Envelope[None])
def delete_node_acl_rule(rule: WritableRule, session: DbSession, principal: AclWriter) -> Envelope[None]:
    acl_service.delete_rule(session, principal, rule)
    return ok(None)
