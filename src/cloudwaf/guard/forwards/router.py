from __future__ import annotations

from fastapi import APIRouter, Response

from cloudwaf.db import DbSession
from cloudwaf.guard.forwards import service as forward_service
from cloudwaf.guard.forwards.dependencies import (
    CanReadForwards,
    CanWriteForwards,
    ReadableForward,
    WritableForward,
)
from cloudwaf.guard.forwards.schemas import ForwardCreate, ForwardRead, ForwardUpdate
from cloudwaf.guard.listing import KeywordParam, SortParam
from cloudwaf.guard.responses import Deleted, page_of, set_etag
from cloudwaf.guard.versioning import IfMatch, expected_version
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging

router = APIRouter(prefix="/forwards", tags=["guard: forward rules"])


@router.get("", response_model=Envelope[Page[ForwardRead]])
def list_forwards(
    session: DbSession,
    principal: CanReadForwards,
    paging: Paging,
    keyword: KeywordParam = None,
    domain_id: int | None = None,
    sort: SortParam = None,
) -> Envelope[Page[ForwardRead]]:
    items, total = forward_service.list_forwards(
        session, principal, paging, keyword=keyword, domain_id=domain_id, sort=sort
    )
    return ok(page_of(items, total, paging))


@router.post("", response_model=Envelope[ForwardRead], status_code=201)
def create_forward(
    data: ForwardCreate, session: DbSession, principal: CanWriteForwards, response: Response
) -> Envelope[ForwardRead]:
    rule = forward_service.create_forward(session, principal, data)
    set_etag(response, rule.version)
    return ok(forward_service.to_read(rule))


@router.get("/{forward_id}", response_model=Envelope[ForwardRead])
def get_forward(rule: ReadableForward, response: Response) -> Envelope[ForwardRead]:
    set_etag(response, rule.version)
    return ok(forward_service.to_read(rule))


@router.put("/{forward_id}", response_model=Envelope[ForwardRead])
@router.patch("/{forward_id}", response_model=Envelope[ForwardRead], include_in_schema=False)
def update_forward(
    data: ForwardUpdate,
    rule: WritableForward,
    session: DbSession,
    principal: CanWriteForwards,
    response: Response,
    if_match: IfMatch = None,
) -> Envelope[ForwardRead]:
    rule = forward_service.update_forward(
        session, principal, rule, data, expected_version(if_match, data.version)
    )
    set_etag(response, rule.version)
    return ok(forward_service.to_read(rule))


@router.delete("/{forward_id}", response_model=Envelope[Deleted])
def delete_forward(
    rule: WritableForward, session: DbSession, principal: CanWriteForwards, if_match: IfMatch = None
) -> Envelope[Deleted]:
    forward_id = rule.id
    forward_service.delete_forward(session, principal, rule, expected_version(if_match))
    return ok(Deleted(id=forward_id))
