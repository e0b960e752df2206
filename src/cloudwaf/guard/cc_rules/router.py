from __future__ import annotations

from fastapi import APIRouter, Response

from cloudwaf.db import DbSession
from cloudwaf.guard.cc_rules import service as cc_service
from cloudwaf.guard.cc_rules.dependencies import CanReadCc, CanWriteCc, ReadableCcRule, WritableCcRule
from cloudwaf.guard.cc_rules.schemas import CcRuleCreate, CcRuleRead, CcRuleUpdate
from cloudwaf.guard.listing import KeywordParam, SortParam
from cloudwaf.guard.responses import Deleted, page_of, set_etag
from cloudwaf.guard.versioning import IfMatch, expected_version
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging

router = APIRouter(prefix="/cc-rules", tags=["guard: CC rules"])


@router.get("", response_model=Envelope[Page[CcRuleRead]])
def list_cc_rules(
    session: DbSession,
    principal: CanReadCc,
    paging: Paging,
    keyword: KeywordParam = None,
    domain_id: int | None = None,
    sort: SortParam = None,
) -> Envelope[Page[CcRuleRead]]:
    items, total = cc_service.list_rules(
        session, principal, paging, keyword=keyword, domain_id=domain_id, sort=sort
    )
    return ok(page_of(items, total, paging))


@router.post("", response_model=Envelope[CcRuleRead], status_code=201)
def create_cc_rule(
    data: CcRuleCreate, session: DbSession, principal: CanWriteCc, response: Response
) -> Envelope[CcRuleRead]:
    rule = cc_service.create_rule(session, principal, data)
    set_etag(response, rule.version)
    return ok(cc_service.to_read(rule))


@router.get("/{rule_id}", response_model=Envelope[CcRuleRead])
def get_cc_rule(rule: ReadableCcRule, response: Response) -> Envelope[CcRuleRead]:
    set_etag(response, rule.version)
    return ok(cc_service.to_read(rule))


@router.put("/{rule_id}", response_model=Envelope[CcRuleRead])
@router.patch("/{rule_id}", response_model=Envelope[CcRuleRead], include_in_schema=False)
def update_cc_rule(
    data: CcRuleUpdate,
    rule: WritableCcRule,
    session: DbSession,
    principal: CanWriteCc,
    response: Response,
    if_match: IfMatch = None,
) -> Envelope[CcRuleRead]:
    rule = cc_service.update_rule(session, principal, rule, data, expected_version(if_match, data.version))
    set_etag(response, rule.version)
    return ok(cc_service.to_read(rule))


@router.delete("/{rule_id}", response_model=Envelope[Deleted])
def delete_cc_rule(
    rule: WritableCcRule, session: DbSession, principal: CanWriteCc, if_match: IfMatch = None
) -> Envelope[Deleted]:
    rule_id = rule.id
    cc_service.delete_rule(session, principal, rule, expected_version(if_match))
    return ok(Deleted(id=rule_id))
