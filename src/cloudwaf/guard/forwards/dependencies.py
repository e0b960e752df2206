from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from cloudwaf.auth import require
from cloudwaf.auth.principal import Principal
from cloudwaf.db import DbSession
from cloudwaf.guard.forwards import service as forward_service
from cloudwaf.models import ForwardRule

CanReadForwards = Annotated[Principal, Depends(require("guard.forward.read"))]
CanWriteForwards = Annotated[Principal, Depends(require("guard.forward.write"))]


def readable_forward(forward_id: int, session: DbSession, principal: CanReadForwards) -> ForwardRule:
    return forward_service.get_forward(session, principal, forward_id)


def writable_forward(forward_id: int, session: DbSession, principal: CanWriteForwards) -> ForwardRule:
    return forward_service.get_forward(session, principal, forward_id)


ReadableForward = Annotated[ForwardRule, Depends(readable_forward)]
WritableForward = Annotated[ForwardRule, Depends(writable_forward)]
