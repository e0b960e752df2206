"""Roles: named sets of leaf permission keys, per OEM. A role never holds more than its creator,
and outside the default OEM never a platform-only key."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy.orm import Session

from cloudwaf.auth.permissions import (
    ALL_KEYS,
    IMPLICIT_KEYS,
    PLATFORM_ONLY_KEYS,
    catalogue_by_module,
)
from cloudwaf.auth.principal import Principal
from cloudwaf.errors import BadRequest, Forbidden, PermissionDenied
from cloudwaf.kit.pagination import PageParams
from cloudwaf.kit.repository import TenantScope
from cloudwaf.models import Oem, Role
from cloudwaf.system.audit import service as audit
from cloudwaf.system.errors import RoleNameTaken, RoleNotDeletable, RoleNotFound
from cloudwaf.system.oems.repository import OemRepository
from cloudwaf.system.roles.repository import RoleRepository
from cloudwaf.system.roles.schemas import PermissionGroup, PermissionRead, RoleCreate, RoleRead, RoleUpdate
from cloudwaf.system.tenancy import read_scope, target_oem


def permission_catalogue(lang: str = "en") -> list[PermissionGroup]:
    """The catalogue grouped by module, described in `lang` ("zh" or "en")."""
    return [
        PermissionGroup(
            module=module,
            permissions=[
                PermissionRead(
                    key=p.key,
                    description=p.describe(lang),
                    platform_only=p.key in PLATFORM_ONLY_KEYS,
                    implicit=p.key in IMPLICIT_KEYS,
                )
                for p in perms
            ],
        )
        for module, perms in catalogue_by_module().items()
    ]


def _to_read(role: Role, user_count: int) -> RoleRead:
    return RoleRead(
        id=role.id,
        oem_id=role.oem_id,
        name=role.name,
        code=role.code,
        description=role.description,
        builtin=role.builtin,
        permissions=sorted(role.permissions),
        user_count=user_count,
        created_at=role.created_at,
        updated_at=role.updated_at,
    )


def read_many(session: Session, principal: Principal, roles: Sequence[Role]) -> list[RoleRead]:
    counts = RoleRepository(session, read_scope(principal)).user_counts({r.id for r in roles})
    return [_to_read(r, counts.get(r.id, 0)) for r in roles]


def read_one(session: Session, principal: Principal, role: Role) -> RoleRead:
    return read_many(session, principal, [role])[0]


def list_roles(
    session: Session, principal: Principal, paging: PageParams, *, oem_id: int | None, keyword: str | None
) -> tuple[list[RoleRead], int]:
    repo = RoleRepository(session, read_scope(principal, oem_id))
    items, total = repo.paginate(repo.search(keyword=keyword), paging)
    return read_many(session, principal, items), total


def get_visible(session: Session, principal: Principal, role_id: int) -> Role:
    role = RoleRepository(session, read_scope(principal)).get(role_id)
    if role is None:
        raise RoleNotFound()
    return role


def _checked_keys(principal: Principal, oem: Oem, keys: Iterable[str]) -> list[str]:
    wanted = set(keys)
    unknown = sorted(wanted - ALL_KEYS)
    if unknown:
        raise BadRequest(
            f"unknown permission keys: {', '.join(unknown[:10])} (see GET /api/v1/sys/permissions)"
        )
    not_held = sorted(wanted - principal.permissions)
    if not_held:
        raise PermissionDenied(f"you cannot grant keys you do not hold: {', '.join(not_held[:10])}")
    platform_only = sorted(wanted & PLATFORM_ONLY_KEYS)
    if platform_only and not oem.is_default:
        raise BadRequest(
            f"platform-only keys cannot be granted outside the default OEM: {', '.join(platform_only)}"
        )
    return sorted(wanted)


def create_role(session: Session, principal: Principal, payload: RoleCreate) -> Role:
    oem = target_oem(session, principal, payload.oem_id)
    repo = RoleRepository(session, read_scope(principal))
    if repo.name_taken(oem.id, payload.name):
        raise RoleNameTaken()
    role = Role(
        oem_id=oem.id,
        name=payload.name,
        description=payload.description,
        builtin=False,
        permissions=_checked_keys(principal, oem, payload.permissions),
    )
    repo.add(role)
    audit.record(session, principal, "sys.role.create", "role", role.id, after=role, oem_id=oem.id)
    return role


def update_role(session: Session, principal: Principal, role: Role, payload: RoleUpdate) -> Role:
    if role.builtin:
        raise Forbidden("built-in roles cannot be changed; create a custom role instead")
    repo = RoleRepository(session, read_scope(principal))
    before = audit.snapshot(role)
    if payload.name is not None and payload.name != role.name:
        if repo.name_taken(role.oem_id, payload.name, except_id=role.id):
            raise RoleNameTaken()
        role.name = payload.name
    if payload.description is not None:
        role.description = payload.description
    if payload.permissions is not None:
        oem = OemRepository(session, TenantScope.platform()).get(role.oem_id)
        role.permissions = _checked_keys(principal, oem, payload.permissions)
        repo.touch_members(role)
    session.flush()
    audit.record(
        session, principal, "sys.role.update", "role", role.id, before=before, after=role, oem_id=role.oem_id
    )
    return role


def delete_role(session: Session, principal: Principal, role: Role) -> None:
    if role.builtin:
        raise RoleNotDeletable("built-in roles cannot be deleted")
    repo = RoleRepository(session, read_scope(principal))
    in_use = repo.user_counts({role.id}).get(role.id, 0)
    if in_use:
        raise RoleNotDeletable(f"the role is still assigned to {in_use} user(s)")
    before = audit.snapshot(role)
    repo.delete(role)
    audit.record(
        session, principal, "sys.role.delete", "role", before["id"], before=before, oem_id=before["oem_id"]
    )
