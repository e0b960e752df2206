from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from cloudwaf.auth import CurrentPrincipal
from cloudwaf.db import DbSession
from cloudwaf.models import User
from cloudwaf.system.users import service as user_service


def visible_user(
    session: DbSession, principal: CurrentPrincipal, user_id: Annotated[int, Path(ge=1)]
) -> User:
    """The path's user, if the caller may see it (own OEM; any OEM for the platform admin)."""
    return user_service.get_visible(session, principal, user_id)


VisibleUser = Annotated[User, Depends(visible_user)]
