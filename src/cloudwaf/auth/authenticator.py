"""Resolves the Authorization header into a Principal. Sessions (Bearer) are resolved here; API
keys (ApiKey) by `cloudwaf.auth.api_keys`."""

from __future__ import annotations

from datetime import timedelta

from fastapi import Request
from sqlalchemy import select
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
    if user.is_platform_admin:
        return ALL_KEYS
    held = frozenset(role.permissions) & ALL_KEYS if role else frozenset()
    return held | IMPLICIT_KEYS


def permissions_of(session: Session, user: User) -> frozenset[str]:
    return permissions_from(user, session.get(Role, user.role_id))


def authenticate_bearer(session: Session, request: Request, token: str, idle_minutes: int) -> Principal:
    # One round trip: the session, its user and the user's role (permissions are resolved live).
    found = session.execute(
        select(UserSession, User, Role)
        .join(User, User.id == UserSession.user_id)
        .outerjoin(Role, Role.id == User.role_id)
        .where(UserSession.token_hash == digest(token))
    ).first()
    if found is None or found[0].revoked_at is not None:
        raise Unauthenticated("invalid or revoked session token")
    row, user, role = found
    now = utcnow()
    if now >= row.expires_at or now - row.last_seen_at >= timedelta(minutes=idle_minutes):
        raise SessionExpired()
    if not user.enabled:
        raise Unauthenticated("the account is disabled")
    if now - row.last_seen_at >= _LAST_SEEN_RESOLUTION:
        row.last_seen_at = now
    return Principal(
        user_id=user.id,
        username=user.username,
        oem_id=user.oem_id,
        permissions=permissions_from(user, role),
        is_platform_admin=user.is_platform_admin,
        client_ip=client_ip_of(request),
        via=AuthVia.session,
        session_id=row.id,
    )
