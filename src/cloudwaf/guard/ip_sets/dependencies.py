from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from cloudwaf.auth import require
from cloudwaf.auth.principal import Principal
from cloudwaf.db import DbSession
from cloudwaf.guard.ip_sets import service as ip_set_service
from cloudwaf.models import IpSet

CanReadIpSets = Annotated[Principal, Depends(require("guard.ipset.read"))]
CanWriteIpSets = Annotated[Principal, Depends(require("guard.ipset.write"))]


def readable_ip_set(set_id: int, session: DbSession, principal: CanReadIpSets) -> IpSet:
    return ip_set_service.get_set(session, principal, set_id)


def writable_ip_set(set_id: int, session: DbSession, principal: CanWriteIpSets) -> IpSet:
    return ip_set_service.get_set(session, principal, set_id)


ReadableIpSet = Annotated[IpSet, Depends(readable_ip_set)]
WritableIpSet = Annotated[IpSet, Depends(writable_ip_set)]
