from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from cloudwaf.auth import CurrentPrincipal
from cloudwaf.db import DbSession
from cloudwaf.models import Role
from cloudwaf.system.roles import service as role_service


def visible_role(
    session: DbSession, principal: CurrentPrincipal, role_id: Annotated[int, Path(ge=1)]
) -> Role:
    return role_service.get_visible(session, principal, role_id)


VisibleRole = Annotated[Role, Depends(visible_role)]
