from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from cloudwaf.auth import Principal, require
from cloudwaf.db import DbSession
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging
from cloudwaf.node.common import KeywordParam, SortParam
from cloudwaf.node.nodes import service as node_service
from cloudwaf.node.nodes.dependencies import ReadableNode, WritableNode
from cloudwaf.node.nodes.schemas import NodeCreate, NodeRead, NodeStatus, NodeUpdate

router = APIRouter(prefix="/nodes", tags=["nodes"])

NodeReader = Annotated[Principal, Depends(require("node.node.read"))]
NodeWriter = Annotated[Principal, Depends(require("node.node.write"))]


@router.get("", response_model=Envelope[Page[NodeRead]])
def list_nodes(
    session: DbSession,
    paging: Paging,
    principal: NodeReader,
    keyword: KeywordParam = None,
    sort: SortParam = None,
    node_group_id: Annotated[int | None, Query(ge=1)] = None,
    status: Annotated[NodeStatus | None, Query()] = None,
) -> Envelope[Page[NodeRead]]:
    return ok(
        node_service.list_nodes(
            session, principal, paging, keyword=keyword, sort=sort, node_group_id=node_group_id, status=status
        )
    )


@router.post("", response_model=Envelope[NodeRead], status_code=201)
def create_node(body: NodeCreate, session: DbSession, principal: NodeWriter) -> Envelope[NodeRead]:
    return ok(NodeRead.of(node_service.create_node(session, principal, body)))


@router.get("/{node_id}", response_model=Envelope[NodeRead])
def get_node(node: ReadableNode) -> Envelope[NodeRead]:
    return ok(NodeRead.of(node))


@router.put("/{node_id}", response_model=Envelope[NodeRead])
def update_node(
    body: NodeUpdate, node: WritableNode, session: DbSession, principal: NodeWriter
) -> Envelope[NodeRead]:
    return ok(NodeRead.of(node_service.update_node(session, principal, node, body)))


@router.delete("/{node_id}", response_model=Envelope[None])
def delete_node(node: WritableNode, session: DbSession, principal: NodeWriter) -> Envelope[None]:
    node_service.delete_node(session, principal, node)
    return ok(None)
