from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from cloudwaf.auth import CurrentPrincipal
from cloudwaf.db import DbSession
from cloudwaf.models import UserSession
from cloudwaf.system.sessions import service as session_service


def visible_session(
    session: DbSession, principal: CurrentPrincipal, session_id: Annotated[int, Path(ge=1)]
) -> UserSession:
    return session_service.get_visible(session, principal, session_id)


VisibleSession = Annotated[UserSession, Depends(visible_session)]
