from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from cloudwaf.auth import Principal, require
from cloudwaf.db import DbSession
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging
from cloudwaf.node.common import KeywordParam, SortParam
from cloudwaf.node.ips import service as ip_service
from cloudwaf.node.ips.dependencies import ReadableIp, WritableIp
from cloudwaf.node.ips.schemas import NodeIpCreate, NodeIpRead, NodeIpUpdate

router = APIRouter(prefix="/ips", tags=["node IPs"])

IpReader = Annotated[Principal, Depends(require("node.ip.read"))]
IpWriter = Annotated[Principal, Depends(require("node.ip.write"))]


@router.get("", response_model=Envelope[Page[NodeIpRead]])
def list_node_ips(
    session: DbSession,
    paging: Paging,
    principal: IpReader,
    keyword: KeywordParam = None,
    sort: SortParam = None,
    node_id: Annotated[int | None, Query(ge=1)] = None,
) -> Envelope[Page[NodeIpRead]]:
    return ok(ip_service.list_ips(session, principal, paging, keyword=keyword, sort=sort, node_id=node_id))


@router.post("", response_model=Envelope[NodeIpRead], status_code=201)
def create_node_ip(body: NodeIpCreate, session: DbSession, principal: IpWriter) -> Envelope[NodeIpRead]:
    return ok(NodeIpRead.model_validate(ip_service.create_ip(session, principal, body)))


@router.get("/{ip_id}", response_model=Envelope[NodeIpRead])
def get_node_ip(row: ReadableIp) -> Envelope[NodeIpRead]:
    return ok(NodeIpRead.model_validate(row))


@router.put("/{ip_id}", response_model=Envelope[NodeIpRead])
def update_node_ip(
    body: NodeIpUpdate, row: WritableIp, session: DbSession, principal: IpWriter
) -> Envelope[NodeIpRead]:
    return ok(NodeIpRead.model_validate(ip_service.update_ip(session, principal, row, body)))


@router.delete("/{ip_id}", response_model=Envelope[None])
def delete_node_ip(row: WritableIp, session: DbSession, principal: IpWriter) -> Envelope[None]:
    ip_service.delete_ip(session, principal, row)
    return ok(None)
