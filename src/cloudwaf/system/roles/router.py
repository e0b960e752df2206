from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query

from cloudwaf.auth import Principal, require
from cloudwaf.db import DbSession
from cloudwaf.errors.i18n import language_of
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging
from cloudwaf.system.roles import service as role_service
from cloudwaf.system.roles.dependencies import VisibleRole
from cloudwaf.system.roles.schemas import PermissionGroup, RoleCreate, RoleRead, RoleUpdate

router = APIRouter(tags=["sys: roles"])


@router.get("/permissions", response_model=Envelope[list[PermissionGroup]])
def list_permissions(
    _: Annotated[Principal, Depends(require("sys.role.read"))],
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Envelope[list[PermissionGroup]]:
    # Descriptions follow Accept-Language like every error message (zh* -> Chinese, else English).
    return ok(role_service.permission_catalogue(language_of(accept_language)))


@router.get("/roles", response_model=Envelope[Page[RoleRead]])
def list_roles(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.role.read"))],
    paging: Paging,
    keyword: Annotated[str | None, Query(max_length=64)] = None,
    oem_id: Annotated[int | None, Query(description="platform admin only")] = None,
) -> Envelope[Page[RoleRead]]:
    items, total = role_service.list_roles(session, principal, paging, oem_id=oem_id, keyword=keyword)
    return ok(Page(items=items, total=total, page=paging.page, page_size=paging.page_size))


@router.post("/roles", response_model=Envelope[RoleRead])
def create_role(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.role.write"))],
    payload: RoleCreate,
) -> Envelope[RoleRead]:
    role = role_service.create_role(session, principal, payload)
    return ok(role_service.read_one(session, principal, role))


@router.get("/roles/{role_id}", response_model=Envelope[RoleRead])
def get_role(
    session: DbSession, principal: Annotated[Principal, Depends(require("sys.role.read"))], role: VisibleRole
) -> Envelope[RoleRead]:
    return ok(role_service.read_one(session, principal, role))


@router.put("/roles/{role_id}", response_model=Envelope[RoleRead])
def update_role(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.role.write"))],
    role: VisibleRole,
    payload: RoleUpdate,
) -> Envelope[RoleRead]:
    role = role_service.update_role(session, principal, role, payload)
    return ok(role_service.read_one(session, principal, role))


@router.delete("/roles/{role_id}", response_model=Envelope[None])
def delete_role(
    session: DbSession, principal: Annotated[Principal, Depends(require("sys.role.write"))], role: VisibleRole
) -> Envelope[None]:
    role_service.delete_role(session, principal, role)
    return ok(None)
