"""Node authentication: `Authorization: Node <credential>`. Only the agent endpoints accept it, and
they accept nothing else (no console session, no API key)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from cloudwaf.auth.tokens import digest
from cloudwaf.errors import Unauthenticated
from cloudwaf.kit.repository import TenantScope
from cloudwaf.node.nodes.repository import NodeRepository


@dataclass(frozen=True, slots=True)
class AgentNode:
    id: int
    oem_id: int
    name: str


def authenticate_node(request: Request) -> AgentNode:
    scheme, _, credential = request.headers.get("authorization", "").partition(" ")
    credential = credential.strip()
    if scheme.lower() != "node" or not credential:
        raise Unauthenticated("agent endpoints need Authorization: Node <credential>")
    # A short session of its own: the config long-poll must not hold a connection while it waits.
    with request.app.state.session_factory() as session:
        node = NodeRepository(session, TenantScope.platform()).by_credential_hash(digest(credential))
        if node is None:
            raise Unauthenticated("unknown or revoked node credential")
        return AgentNode(id=node.id, oem_id=node.oem_id, name=node.name)


# Recognised by the route-permission test: no permission key, authenticated as a node instead.
authenticate_node.permission_key = None  # type: ignore[attr-defined]
authenticate_node.is_node_auth = True  # type: ignore[attr-defined]

CurrentNode = Annotated[AgentNode, Depends(authenticate_node)]
