"""Users: one OEM each, platform-unique usernames, Argon2id passwords, one role."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from cloudwaf.auth.passwords import hash_password
from cloudwaf.auth.principal import Principal
from cloudwaf.errors import BadRequest, Forbidden, PermissionDenied
from cloudwaf.kit.pagination import PageParams
from cloudwaf.kit.repository import TenantScope
from cloudwaf.models import Oem, Role, User
from cloudwaf.models.base import utcnow
from cloudwaf.system.audit import service as audit
from cloudwaf.system.errors import RoleNotFound, UsernameTaken, UserNotFound
from cloudwaf.system.oems.repository import OemRepository
from cloudwaf.system.roles.repository import RoleRepository
from cloudwaf.system.sessions.repository import SessionRepository
from cloudwaf.system.tenancy import read_scope, target_oem
from cloudwaf.system.users.repository import LoginFailureRepository, UserRepository
from cloudwaf.system.users.schemas import UserCreate, UserRead, UserUpdate

MIN_PASSWORD_LENGTH = 8


def check_password_policy(password: str, username: str) -> None:
    """The password policy, with a message that says what to fix (HTTP 400)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadRequest(f"the password must be at least {MIN_PASSWORD_LENGTH} characters long")
    if password.strip().lower() == username.strip().lower():
        raise BadRequest("the password must not be the username")


def to_read(user: User | Row[Any], role_name: str) -> UserRead:
    """A user's read model, from the entity or from a row of its columns (lists)."""
    now = utcnow()
    return UserRead(
        id=user.id,
        oem_id=user.oem_id,
        username=user.username,
        display_name=user.display_name,
        email=user.email,
        role_id=user.role_id,
        role_name=role_name,
        is_platform_admin=user.is_platform_admin,
        enabled=user.enabled,
        locked=user.locked_until is not None and user.locked_until > now,
        locked_until=user.locked_until,
        last_login_at=user.last_login_at,
        password_changed_at=user.password_changed_at,
        created_at=user.created_at,
        updated_at=user.updated_at,
    )


def read_many(session: Session, users: Sequence[User]) -> list[UserRead]:
    # The users are already visible to the caller; their roles live in the same OEMs.
    names = UserRepository(session, TenantScope.platform()).role_names_by_id({u.role_id for u in users})
    return [to_read(u, names.get(u.role_id, "")) for u in users]


def read_one(session: Session, user: User) -> UserRead:
    return read_many(session, [user])[0]


def list_users(
    session: Session,
    principal: Principal,
    paging: PageParams,
    *,
    oem_id: int | None,
    keyword: str | None,
    role_id: int | None,
    enabled: bool | None,
) -> tuple[list[UserRead], int]:
    repo = UserRepository(session, read_scope(principal, oem_id))
    stmt = repo.search_rows(keyword=keyword, role_id=role_id, enabled=enabled)
    rows, total = repo.paginate_rows(stmt, paging)
    return [to_read(row, row.role_name or "") for row in rows], total


def get_visible(session: Session, principal: Principal, user_id: int) -> User:
    user = UserRepository(session, read_scope(principal)).get(user_id)
    if user is None:
        raise UserNotFound()
    return user


def _assignable_role(session: Session, principal: Principal, oem: Oem, role_id: int) -> Role:
    role = RoleRepository(session, read_scope(principal)).get(role_id)
    if role is None or role.oem_id != oem.id:
        raise RoleNotFound("the role does not exist in the user's OEM")
    if not principal.is_platform_admin and not set(role.permissions) <= principal.permissions:
        raise PermissionDenied("you cannot assign a role that holds keys you do not hold")
    return role


def _guard_target(principal: Principal, user: User) -> None:
    if user.is_platform_admin and not principal.is_platform_admin:
        raise PermissionDenied("only the platform super-admin may change a platform super-admin")


def create_user(session: Session, principal: Principal, payload: UserCreate) -> User:
    oem = target_oem(session, principal, payload.oem_id)
    repo = UserRepository(session, read_scope(principal))
    if repo.username_taken(payload.username):
        raise UsernameTaken()
    check_password_policy(payload.password, payload.username)
    role = _assignable_role(session, principal, oem, payload.role_id)
    user = User(
        oem_id=oem.id,
        username=payload.username,
        display_name=payload.display_name,
        email=payload.email,
        password_hash=hash_password(payload.password),
        role_id=role.id,
        enabled=payload.enabled,
        is_platform_admin=oem.is_default and role.code == "super_admin",
        password_changed_at=utcnow(),
    )
    repo.add(user)
    audit.record(session, principal, "sys.user.create", "user", user.id, after=user, oem_id=oem.id)
    return user


def update_user(session: Session, principal: Principal, user: User, payload: UserUpdate) -> User:
    _guard_target(principal, user)
    before = audit.snapshot(user)
    changes = payload.model_dump(exclude_unset=True)
    access_changed = False
    if "display_name" in changes and payload.display_name is not None:
        user.display_name = payload.display_name
    if "email" in changes:
        user.email = payload.email
    if payload.role_id is not None and payload.role_id != user.role_id:
        if user.id == principal.user_id:
            raise Forbidden("you cannot change your own role")
        oem = OemRepository(session, TenantScope.platform()).get(user.oem_id)
        role = _assignable_role(session, principal, oem, payload.role_id)
        user.role_id = role.id
        user.is_platform_admin = bool(oem and oem.is_default and role.code == "super_admin")
        access_changed = True
    if payload.enabled is not None and payload.enabled != user.enabled:
        if user.id == principal.user_id:
            raise Forbidden("you cannot disable yourself")
        user.enabled = payload.enabled
        access_changed = True
    revoke = not user.enabled
    if payload.password is not None:
        check_password_policy(payload.password, user.username)
        user.password_hash = hash_password(payload.password)
        user.password_changed_at = utcnow()
        access_changed = revoke = True
    repo = UserRepository(session, read_scope(principal))
    session.flush()
    if access_changed:
        repo.bump_access_version(user)
    if revoke:
        SessionRepository(session, read_scope(principal)).revoke_all_of(user.id, utcnow())
    audit.record(
        session, principal, "sys.user.update", "user", user.id, before=before, after=user, oem_id=user.oem_id
    )
    return user


def delete_user(session: Session, principal: Principal, user: User) -> None:
    _guard_target(principal, user)
    if user.id == principal.user_id:
        raise Forbidden("you cannot delete yourself")
    before = audit.snapshot(user)
    UserRepository(session, read_scope(principal)).delete(user)
    audit.record(
        session, principal, "sys.user.delete", "user", before["id"], before=before, oem_id=before["oem_id"]
    )


def unlock_user(session: Session, principal: Principal, user: User) -> User:
    _guard_target(principal, user)
    before = audit.snapshot(user)
    user.locked_until = None
    LoginFailureRepository(session).clear(user.id)
    session.flush()
    audit.record(
        session, principal, "sys.user.unlock", "user", user.id, before=before, after=user, oem_id=user.oem_id
    )
    return user
