from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from cloudwaf.auth import Principal, require
from cloudwaf.db import DbSession
from cloudwaf.models import NodeGroup
from cloudwaf.node.errors import NodeGroupNotFound
from cloudwaf.node.groups.repository import NodeGroupRepository


def _load(session: DbSession, principal: Principal, group_id: int) -> NodeGroup:
    group = NodeGroupRepository(session, principal.scope).get(group_id)
    if group is None:
        raise NodeGroupNotFound()
    return group


def readable_group(
    session: DbSession,
    group_id: Annotated[int, Path(ge=1)],
    principal: Annotated[Principal, Depends(require("node.group.read"))],
) -> NodeGroup:
    return _load(session, principal, group_id)


def writable_group(
    session: DbSession,
    group_id: Annotated[int, Path(ge=1)],
    principal: Annotated[Principal, Depends(require("node.group.write"))],
) -> NodeGroup:
    return _load(session, principal, group_id)


ReadableGroup = Annotated[NodeGroup, Depends(readable_group)]
WritableGroup = Annotated[NodeGroup, Depends(writable_group)]
