from __future__ import annotations

from sqlalchemy.orm import Session

from cloudwaf.auth import Principal
from cloudwaf.kit.pagination import Page, PageParams
from cloudwaf.models import NodeIp
from cloudwaf.node.errors import NodeIpExists
from cloudwaf.node.ips.repository import NodeIpRepository
from cloudwaf.node.ips.schemas import NodeIpCreate, NodeIpRead, NodeIpUpdate
from cloudwaf.node.nodes import service as node_service
from cloudwaf.system.audit import service as audit


def list_ips(
    session: Session,
    principal: Principal,
    paging: PageParams,
    *,
    keyword: str | None,
    sort: str | None,
    node_id: int | None,
) -> Page[NodeIpRead]:
    items, total = NodeIpRepository(session, principal.scope).search(
        paging, keyword=keyword, sort=sort, node_id=node_id
    )
    return Page(
        items=[NodeIpRead.model_validate(i) for i in items],
        total=total,
        page=paging.page,
        page_size=paging.page_size,
    )


def create_ip(session: Session, principal: Principal, body: NodeIpCreate) -> NodeIp:
    node = node_service.get_node(session, principal, body.node_id)
    repo = NodeIpRepository(session, principal.scope)
    if repo.by_ip(body.ip) is not None:
        raise NodeIpExists()
    row = repo.add(NodeIp(node_id=node.id, ip=body.ip, comment=body.comment))
    audit.record(session, principal, "node.ip.create", "node_ip", row.id, after=row)
    return row


def update_ip(session: Session, principal: Principal, row: NodeIp, body: NodeIpUpdate) -> NodeIp:
    repo = NodeIpRepository(session, principal.scope)
    before = audit.snapshot(row)
    changes = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    if "node_id" in changes:
        changes["node_id"] = node_service.get_node(session, principal, changes["node_id"]).id
    if "ip" in changes and changes["ip"] != row.ip and repo.by_ip(changes["ip"]) is not None:
        raise NodeIpExists()
    for field, value in changes.items():
        setattr(row, field, value)
    session.flush()
    audit.record(session, principal, "node.ip.update", "node_ip", row.id, before=before, after=row)
    return row


def delete_ip(session: Session, principal: Principal, row: NodeIp) -> None:
    before = audit.snapshot(row)
    NodeIpRepository(session, principal.scope).delete(row)
    audit.record(session, principal, "node.ip.delete", "node_ip", before["id"], before=before)
