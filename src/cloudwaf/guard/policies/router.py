from __future__ import annotations

from fastapi import APIRouter, Response

from cloudwaf.db import DbSession
from cloudwaf.guard.listing import KeywordParam, SortParam
from cloudwaf.guard.policies import service as policy_service
from cloudwaf.guard.policies.dependencies import (
    CanReadPolicies,
    CanWritePolicies,
    ReadablePolicy,
    WritablePolicy,
)
from cloudwaf.guard.policies.schemas import Mode, PolicyCreate, PolicyRead, PolicyUpdate
from cloudwaf.guard.responses import Deleted, page_of, set_etag
from cloudwaf.guard.versioning import IfMatch, expected_version
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging

router = APIRouter(prefix="/policies", tags=["guard: policies"])


@router.get("", response_model=Envelope[Page[PolicyRead]])
def list_policies(
    session: DbSession,
    principal: CanReadPolicies,
    paging: Paging,
    keyword: KeywordParam = None,
    mode: Mode | None = None,
    sort: SortParam = None,
) -> Envelope[Page[PolicyRead]]:
    items, total = policy_service.list_policies(
        session, principal, paging, keyword=keyword, mode=mode, sort=sort
    )
    return ok(page_of(items, total, paging))


@router.post("", response_model=Envelope[PolicyRead], status_code=201)
def create_policy(
    data: PolicyCreate, session: DbSession, principal: CanWritePolicies, response: Response
) -> Envelope[PolicyRead]:
    policy = policy_service.create_policy(session, principal, data)
    set_etag(response, policy.version)
    return ok(policy_service.to_read(policy))


@router.get("/{policy_id}", response_model=Envelope[PolicyRead])
def get_policy(
    policy: ReadablePolicy, session: DbSession, principal: CanReadPolicies, response: Response
) -> Envelope[PolicyRead]:
    set_etag(response, policy.version)
    return ok(policy_service.read_policy(session, principal, policy))


# PUT and PATCH both apply the fields sent (zcloud uses PUT); PATCH stays out of the schema so
# that the operation id stays unique.
@router.put("/{policy_id}", response_model=Envelope[PolicyRead])
@router.patch("/{policy_id}", response_model=Envelope[PolicyRead], include_in_schema=False)
def update_policy(
    data: PolicyUpdate,
    policy: WritablePolicy,
    session: DbSession,
    principal: CanWritePolicies,
    response: Response,
    if_match: IfMatch = None,
) -> Envelope[PolicyRead]:
    policy = policy_service.update_policy(
        session, principal, policy, data, expected_version(if_match, data.version)
    )
    set_etag(response, policy.version)
    return ok(policy_service.read_policy(session, principal, policy))


@router.delete("/{policy_id}", response_model=Envelope[Deleted])
def delete_policy(
    policy: WritablePolicy, session: DbSession, principal: CanWritePolicies, if_match: IfMatch = None
) -> Envelope[Deleted]:
    policy_id = policy.id
    policy_service.delete_policy(session, principal, policy, expected_version(if_match))
    return ok(Deleted(id=policy_id))
