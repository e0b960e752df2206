from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from cloudwaf.auth import Principal, require
from cloudwaf.db import DbSession
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging
from cloudwaf.node.common import KeywordParam, SortParam
from cloudwaf.node.groups import service as group_service
from cloudwaf.node.groups.dependencies import ReadableGroup, WritableGroup
from cloudwaf.node.groups.schemas import NodeGroupCreate, NodeGroupRead, NodeGroupUpdate

router = APIRouter(prefix="/groups", tags=["node groups"])


@router.get("", response_model=Envelope[Page[NodeGroupRead]])
def list_node_groups(
    session: DbSession,
    paging: Paging,
    principal: Annotated[Principal, Depends(require("node.group.read"))],
    keyword: KeywordParam = None,
    sort: SortParam = None,
    acl_policy_id: Annotated[int | None, Query(ge=1)] = None,
) -> Envelope[Page[NodeGroupRead]]:
    return ok(
        group_service.list_groups(
            session, principal, paging, keyword=keyword, sort=sort, acl_policy_id=acl_policy_id
        )
    )


@router.post("", response_model=Envelope[NodeGroupRead], status_code=201)
def create_node_group(
    body: NodeGroupCreate,
    session: DbSession,
    principal: Annotated[Principal, Depends(require("node.group.write"))],
) -> Envelope[NodeGroupRead]:
    group = group_service.create_group(session, principal, body)
    return ok(group_service.to_read(session, principal, group))


@router.get("/{group_id}", response_model=Envelope[NodeGroupRead])
def get_node_group(
    group: ReadableGroup,
    session: DbSession,
    principal: Annotated[Principal, Depends(require("node.group.read"))],
) -> Envelope[NodeGroupRead]:
    return ok(group_service.to_read(session, principal, group))


@router.put("/{group_id}", response_model=Envelope[NodeGroupRead])
def update_node_group(
    body: NodeGroupUpdate,
    group: WritableGroup,
    session: DbSession,
    principal: Annotated[Principal, Depends(require("node.group.write"))],
) -> Envelope[NodeGroupRead]:
    group = group_service.update_group(session, principal, group, body)
    return ok(group_service.to_read(session, principal, group))


@router.delete("/{group_id}", response_model=Envelope[None])
def delete_node_group(
    group: WritableGroup,
    session: DbSession,
    principal: Annotated[Principal, Depends(require("node.group.write"))],
) -> Envelope[None]:
    group_service.delete_group(session, principal, group)
    return ok(None)
