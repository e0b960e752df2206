from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from cloudwaf.auth import Principal, require
from cloudwaf.db import DbSession
from cloudwaf.models import Node
from cloudwaf.node.errors import NodeNotFound
from cloudwaf.node.nodes.repository import NodeRepository


def _load(session: DbSession, principal: Principal, node_id: int) -> Node:
    node = NodeRepository(session, principal.scope).get(node_id)
    if node is None:
        raise NodeNotFound()
    return node


def readable_node(
    session: DbSession,
    node_id: Annotated[int, Path(ge=1)],
    principal: Annotated[Principal, Depends(require("node.node.read"))],
) -> Node:
    return _load(session, principal, node_id)


def writable_node(
    session: DbSession,
    node_id: Annotated[int, Path(ge=1)],
    principal: Annotated[Principal, Depends(require("node.node.write"))],
) -> Node:
    return _load(session, principal, node_id)


ReadableNode = Annotated[Node, Depends(readable_node)]
WritableNode = Annotated[Node, Depends(writable_node)]
