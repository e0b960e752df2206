"""Resolves the Authorization header into a Principal. Sessions (Bearer) are resolved here; API
keys (ApiKey) by `cloudwaf.auth.api_keys`."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi import Request
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from cloudwaf.auth.permissions import ALL_KEYS, IMPLICIT_KEYS
from cloudwaf.auth.principal import AuthVia, Principal
from cloudwaf.auth.tokens import digest
from cloudwaf.errors import Unauthenticated, biz_error
from cloudwaf.models import Role, User, UserSession
from cloudwaf.models.base import utcnow

SessionExpired = biz_error(1005, "SessionExpired")

# Writing last_seen_at on every request would turn every read into a write; a minute of slack
# on the idle timeout is invisible to users.
_LAST_SEEN_RESOLUTION = timedelta(seconds=60)


def client_ip_of(request: Request) -> str:
    return request.client.host if request.client else ""


def permissions_from(user: User, role: Role | None) -> frozenset[str]:
    return _permissions(user.is_platform_admin, role.permissions if role else None)


def _permissions(is_platform_admin: bool, role_permissions: list[str] | None) -> frozenset[str]:
    if is_platform_admin:
        return ALL_KEYS
    held = frozenset(role_permissions) & ALL_KEYS if role_permissions else frozenset()
    return held | IMPLICIT_KEYS


def permissions_of(session: Session, user: User) -> frozenset[str]:
    return permissions_from(user, session.get(Role, user.role_id))


# One round trip for the session, its user and the role's permissions (resolved live, so a role
# change applies at the next request). Plain columns, built once: this runs on every request, and
# constructing the statement or loading three ORM entities costs more than the query itself.
_BEARER_LOOKUP = (
    select(
        UserSession.id.label("session_id"), UserSession.revoked_at, UserSession.expires_at,
        UserSession.last_seen_at, User.id.label("user_id"), User.username, User.oem_id, User.enabled,
        User.is_platform_admin, Role.permissions.label("role_permissions"),
    )
    .join(User, User.id == UserSession.user_id)
    .outerjoin(Role, Role.id == User.role_id)
    .where(UserSession.token_hash == bindparam("token_hash"))
)


def authenticate_bearer(
    session: Session, request: Request, token: str, idle_minutes: int
) -> tuple[Principal, datetime]:
    """The session's principal, and the instant it stops being valid without further activity."""
    found = session.execute(_BEARER_LOOKUP, {"token_hash": digest(token)}).first()
    if found is None or found.revoked_at is not None:
        raise Unauthenticated("invalid or revoked session token")
    now = utcnow()
    if now >= found.expires_at or now - found.last_seen_at >= timedelta(minutes=idle_minutes):
        raise SessionExpired()
    if not found.enabled:
        raise Unauthenticated("the account is disabled")
    last_seen = found.last_seen_at
    if now - last_seen >= _LAST_SEEN_RESOLUTION:
        # Flushed with the commit, so the write lock is held only then (SQLite).
        session.get_one(UserSession, found.session_id).last_seen_at = last_seen = now
    principal = Principal(
        user_id=found.user_id,
        username=found.username,
        oem_id=found.oem_id,
        permissions=_permissions(found.is_platform_admin, found.role_permissions),
        is_platform_admin=found.is_platform_admin,
        client_ip=client_ip_of(request),
        via=AuthVia.session,
        session_id=found.session_id,
    )
    return principal, min(found.expires_at, last_seen + timedelta(minutes=idle_minutes))
