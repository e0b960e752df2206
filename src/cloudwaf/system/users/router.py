from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from cloudwaf.auth import Principal, require
from cloudwaf.db import DbSession
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging
from cloudwaf.system.users import service as user_service
from cloudwaf.system.users.dependencies import VisibleUser
from cloudwaf.system.users.schemas import UserCreate, UserRead, UserUpdate

router = APIRouter(prefix="/users", tags=["sys: users"])


@router.get("", response_model=Envelope[Page[UserRead]])
def list_users(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.user.read"))],
    paging: Paging,
    keyword: Annotated[str | None, Query(max_length=64)] = None,
    role_id: int | None = None,
    enabled: bool | None = None,
    oem_id: Annotated[int | None, Query(description="platform admin only")] = None,
) -> Envelope[Page[UserRead]]:
    items, total = user_service.list_users(
        session, principal, paging, oem_id=oem_id, keyword=keyword, role_id=role_id, enabled=enabled
    )
    return ok(Page(items=items, total=total, page=paging.page, page_size=paging.page_size))


@router.post("", response_model=Envelope[UserRead])
def create_user(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.user.write"))],
    payload: UserCreate,
) -> Envelope[UserRead]:
    user = user_service.create_user(session, principal, payload)
    return ok(user_service.read_one(session, user))


@router.get("/{user_id}", response_model=Envelope[UserRead])
def get_user(
    session: DbSession, principal: Annotated[Principal, Depends(require("sys.user.read"))], user: VisibleUser
) -> Envelope[UserRead]:
    return ok(user_service.read_one(session, user))


@router.put("/{user_id}", response_model=Envelope[UserRead])
def update_user(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.user.write"))],
    user: VisibleUser,
    payload: UserUpdate,
) -> Envelope[UserRead]:
    user = user_service.update_user(session, principal, user, payload)
    return ok(user_service.read_one(session, user))


@router.delete("/{user_id}", response_model=Envelope[None])
def delete_user(
    session: DbSession, principal: Annotated[Principal, Depends(require("sys.user.write"))], user: VisibleUser
) -> Envelope[None]:
    user_service.delete_user(session, principal, user)
    return ok(None)


@router.post("/{user_id}/unlock", response_model=Envelope[UserRead])
def unlock_user(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.user.unlock"))],
    user: VisibleUser,
) -> Envelope[UserRead]:
    user = user_service.unlock_user(session, principal, user)
    return ok(user_service.read_one(session, user))
