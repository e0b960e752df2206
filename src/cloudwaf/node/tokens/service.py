from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from cloudwaf.auth import Principal
from cloudwaf.auth.tokens import digest, new_token
from cloudwaf.kit.pagination import Page, PageParams
from cloudwaf.kit.time import utcnow
from cloudwaf.models import NodeToken
from cloudwaf.node.groups import service as group_service
from cloudwaf.node.nodes import service as node_service
from cloudwaf.node.tokens.repository import NodeTokenRepository
from cloudwaf.node.tokens.schemas import NodeTokenCreate, NodeTokenCreated, NodeTokenRead
from cloudwaf.system.audit import service as audit

TOKEN_PREFIX = "cwe_"  # recognisable in logs and secret scanners


def status_of(token: NodeToken, now: datetime) -> str:
    if token.used_at is not None:
        return "used"
    return "expired" if now >= token.expires_at else "active"


def to_read(token: NodeToken, now: datetime | None = None) -> NodeTokenRead:
    return NodeTokenRead(
        id=token.id,
        name=token.name,
        node_id=token.node_id,
        node_group_id=token.node_group_id,
        expires_at=token.expires_at,
        used_at=token.used_at,
        status=status_of(token, now or utcnow()),
        created_at=token.created_at,
    )


def list_tokens(
    session: Session, principal: Principal, paging: PageParams, *, sort: str | None
) -> Page[NodeTokenRead]:
    now = utcnow()
    items, total = NodeTokenRepository(session, principal.scope).search(paging, sort=sort)
    return Page(
        items=[to_read(t, now) for t in items], total=total, page=paging.page, page_size=paging.page_size
    )


def create_token(session: Session, principal: Principal, body: NodeTokenCreate) -> NodeTokenCreated:
    node_id = node_service.get_node(session, principal, body.node_id).id if body.node_id is not None else None
    group_id = (
        group_service.resolve_group(session, principal, body.node_group_id).id
        if body.node_group_id is not None
        else None
    )
    secret = new_token(TOKEN_PREFIX)
    token = NodeTokenRepository(session, principal.scope).add(
        NodeToken(
            token_hash=digest(secret),
            expires_at=utcnow() + timedelta(minutes=body.expires_in_minutes),
            name=body.name or "",
            node_id=node_id,
            node_group_id=group_id,
            created_by_id=principal.user_id,
        )
    )
    audit.record(session, principal, "node.token.create", "node_token", token.id, after=token)
    return NodeTokenCreated(**to_read(token).model_dump(), token=secret)


def revoke_token(session: Session, principal: Principal, token: NodeToken) -> None:
    before = audit.snapshot(token)
    NodeTokenRepository(session, principal.scope).delete(token)
    audit.record(session, principal, "node.token.delete", "node_token", before["id"], before=before)
