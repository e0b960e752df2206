from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from cloudwaf.auth import Principal, require
from cloudwaf.db import DbSession
from cloudwaf.models import NodeIp
from cloudwaf.node.errors import NodeIpNotFound
from cloudwaf.node.ips.repository import NodeIpRepository


def _load(session: DbSession, principal: Principal, ip_id: int) -> NodeIp:
    row = NodeIpRepository(session, principal.scope).get(ip_id)
    if row is None:
        raise NodeIpNotFound()
    return row


def readable_ip(
    session: DbSession,
    ip_id: Annotated[int, Path(ge=1)],
    principal: Annotated[Principal, Depends(require("node.ip.read"))],
) -> NodeIp:
    return _load(session, principal, ip_id)


def writable_ip(
    session: DbSession,
    ip_id: Annotated[int, Path(ge=1)],
    principal: Annotated[Principal, Depends(require("node.ip.write"))],
) -> NodeIp:
    return _load(session, principal, ip_id)


ReadableIp = Annotated[NodeIp, Depends(readable_ip)]
WritableIp = Annotated[NodeIp, Depends(writable_ip)]
