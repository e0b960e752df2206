from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from cloudwaf.auth import Principal, require
from cloudwaf.db import DbSession
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging
from cloudwaf.system.sessions import service as session_service
from cloudwaf.system.sessions.dependencies import VisibleSession
from cloudwaf.system.sessions.schemas import SessionRead

router = APIRouter(prefix="/sessions", tags=["sys: sessions"])


@router.get("", response_model=Envelope[Page[SessionRead]])
def list_sessions(
    request: Request,
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.session.read"))],
    paging: Paging,
    user_id: int | None = None,
    active: bool = True,
    oem_id: Annotated[int | None, Query(description="platform admin only")] = None,
) -> Envelope[Page[SessionRead]]:
    items, total = session_service.list_sessions(
        session,
        principal,
        request.app.state.settings,
        paging,
        oem_id=oem_id,
        user_id=user_id,
        active_only=active,
    )
    return ok(Page(items=items, total=total, page=paging.page, page_size=paging.page_size))


@router.get("/{session_id}", response_model=Envelope[SessionRead])
def get_session(
    request: Request,
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.session.read"))],
    row: VisibleSession,
) -> Envelope[SessionRead]:
    return ok(session_service.read_one(session, principal, request.app.state.settings, row))


@router.delete("/{session_id}", response_model=Envelope[None])
def revoke_session(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.session.write"))],
    row: VisibleSession,
) -> Envelope[None]:
    session_service.revoke_session(session, principal, row)
    return ok(None)
