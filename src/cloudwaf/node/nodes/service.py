from __future__ import annotations

from sqlalchemy.orm import Session

from cloudwaf.auth import Principal
from cloudwaf.guard.config_version import bump as bump_config_version
from cloudwaf.kit.pagination import Page, PageParams
from cloudwaf.kit.time import utcnow
from cloudwaf.models import Node
from cloudwaf.node.errors import NodeNameExists, NodeNotFound
from cloudwaf.node.groups import service as group_service
from cloudwaf.node.nodes.repository import NodeRepository
from cloudwaf.node.nodes.schemas import NodeCreate, NodeRead, NodeUpdate
from cloudwaf.system.audit import service as audit


def list_nodes(
    session: Session,
    principal: Principal,
    paging: PageParams,
    *,
    keyword: str | None,
    sort: str | None,
    node_group_id: int | None,
    status: str | None,
) -> Page[NodeRead]:
    now = utcnow()
    items, total = NodeRepository(session, principal.scope).search(
        paging, keyword=keyword, sort=sort, node_group_id=node_group_id, status=status, now=now
    )
    return Page(
        items=[NodeRead.of(n, now) for n in items], total=total, page=paging.page, page_size=paging.page_size
    )


def get_node(session: Session, principal: Principal, node_id: int) -> Node:
    node = NodeRepository(session, principal.scope).get(node_id)
    if node is None:
        raise NodeNotFound()
    return node


def create_node(session: Session, principal: Principal, body: NodeCreate) -> Node:
    repo = NodeRepository(session, principal.scope)
    if repo.by_name(body.name) is not None:
        raise NodeNameExists()
    group = group_service.resolve_group(session, principal, body.node_group_id)
    node = repo.add(
        Node(
            name=body.name,
            address=body.address,
            description=body.description,
            node_group_id=group.id,
            load={},
        )
    )
    audit.record(session, principal, "node.node.create", "node", node.id, after=node)
    return node


def update_node(session: Session, principal: Principal, node: Node, body: NodeUpdate) -> Node:
    repo = NodeRepository(session, principal.scope)
    before = audit.snapshot(node)
    changes = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    if "name" in changes and changes["name"] != node.name and repo.by_name(changes["name"]) is not None:
        raise NodeNameExists()
    if "node_group_id" in changes:
        changes["node_group_id"] = group_service.resolve_group(
            session, principal, changes["node_group_id"]
        ).id
    for field, value in changes.items():
        setattr(node, field, value)
    session.flush()
    if node.node_group_id != before["node_group_id"]:
        # The node now runs another group's domains.
        bump_config_version(session, node.oem_id)
    audit.record(session, principal, "node.node.update", "node", node.id, before=before, after=node)
    return node


def delete_node(session: Session, principal: Principal, node: Node) -> None:
    """Forgets the node and revokes its credential; its IPs go with it."""
    before = audit.snapshot(node)
    NodeRepository(session, principal.scope).delete(node)
    audit.record(session, principal, "node.node.delete", "node", before["id"], before=before)
