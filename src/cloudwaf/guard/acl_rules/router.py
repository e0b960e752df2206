from __future__ import annotations

from fastapi import APIRouter, Response

from cloudwaf.db import DbSession
from cloudwaf.guard.acl_rules import service as acl_service
from cloudwaf.guard.acl_rules.dependencies import CanReadAcl, CanWriteAcl, ReadableAclRule, WritableAclRule
from cloudwaf.guard.acl_rules.schemas import AclRuleCreate, AclRuleRead, AclRuleUpdate, Action
from cloudwaf.guard.listing import KeywordParam, SortParam
from cloudwaf.guard.responses import Deleted, page_of, set_etag
from cloudwaf.guard.versioning import IfMatch, expected_version
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging

router = APIRouter(prefix="/acl-rules", tags=["guard: ACL rules"])


@router.get("", response_model=Envelope[Page[AclRuleRead]])
def list_acl_rules(
    session: DbSession,
    principal: CanReadAcl,
    paging: Paging,
    keyword: KeywordParam = None,
    domain_id: int | None = None,
    oem_wide: bool | None = None,
    action: Action | None = None,
    sort: SortParam = None,
) -> Envelope[Page[AclRuleRead]]:
    items, total = acl_service.list_rules(
        session,
        principal,
        paging,
        keyword=keyword,
        domain_id=domain_id,
        oem_wide=oem_wide,
        action=action,
        sort=sort,
    )
    return ok(page_of(items, total, paging))


@router.post("", response_model=Envelope[AclRuleRead], status_code=201)
def create_acl_rule(
    data: AclRuleCreate, session: DbSession, principal: CanWriteAcl, response: Response
) -> Envelope[AclRuleRead]:
    rule = acl_service.create_rule(session, principal, data)
    set_etag(response, rule.version)
    return ok(acl_service.to_read(rule))


@router.get("/{rule_id}", response_model=Envelope[AclRuleRead])
def get_acl_rule(rule: ReadableAclRule, response: Response) -> Envelope[AclRuleRead]:
    set_etag(response, rule.version)
    return ok(acl_service.to_read(rule))


@router.put("/{rule_id}", response_model=Envelope[AclRuleRead])
@router.patch("/{rule_id}", response_model=Envelope[AclRuleRead], include_in_schema=False)
def update_acl_rule(
    data: AclRuleUpdate,
    rule: WritableAclRule,
    session: DbSession,
    principal: CanWriteAcl,
    response: Response,
    if_match: IfMatch = None,
) -> Envelope[AclRuleRead]:
    rule = acl_service.update_rule(session, principal, rule, data, expected_version(if_match, data.version))
    set_etag(response, rule.version)
    return ok(acl_service.to_read(rule))


@router.delete("/{rule_id}", response_model=Envelope[Deleted])
def delete_acl_rule(
    rule: WritableAclRule, session: DbSession, principal: CanWriteAcl, if_match: IfMatch = None
) -> Envelope[Deleted]:
    rule_id = rule.id
    acl_service.delete_rule(session, principal, rule, expected_version(if_match))
    return ok(Deleted(id=rule_id))
