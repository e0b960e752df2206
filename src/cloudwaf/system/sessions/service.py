"""Console sessions: opaque 256-bit tokens, stored as SHA-256, with idle and absolute expiry."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from cloudwaf.auth.principal import Principal
from cloudwaf.auth.tokens import digest, new_token
from cloudwaf.config import Settings
from cloudwaf.errors import NotFound
from cloudwaf.kit.pagination import PageParams
from cloudwaf.kit.repository import TenantScope
from cloudwaf.models import User, UserSession
from cloudwaf.models.base import utcnow
from cloudwaf.system.audit import service as audit
from cloudwaf.system.sessions.repository import SessionRepository
from cloudwaf.system.sessions.schemas import SessionRead
from cloudwaf.system.tenancy import read_scope


def open_session(
    session: Session, user: User, settings: Settings, *, client_ip: str, user_agent: str
) -> tuple[UserSession, str]:
    """Starts a session; the token is returned once and only its digest is stored."""
    token = new_token()
    now = utcnow()
    row = UserSession(
        oem_id=user.oem_id,
        user_id=user.id,
        token_hash=digest(token),
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(minutes=settings.session_lifetime_minutes),
        client_ip=client_ip[:64],
        user_agent=user_agent[:255],
    )
    SessionRepository(session, TenantScope.of(user.oem_id)).add(row)
    return row, token


def is_active(row: UserSession, now: datetime, idle_minutes: int) -> bool:
    return (
        row.revoked_at is None
        and now < row.expires_at
        and now - row.last_seen_at < timedelta(minutes=idle_minutes)
    )


def _to_read(
    rows: Sequence[UserSession], names: dict[int, str], principal: Principal, idle_minutes: int
) -> list[SessionRead]:
    now = utcnow()
    return [
        SessionRead(
            id=r.id,
            oem_id=r.oem_id,
            user_id=r.user_id,
            username=names.get(r.user_id, ""),
            created_at=r.created_at,
            last_seen_at=r.last_seen_at,
            expires_at=r.expires_at,
            revoked_at=r.revoked_at,
            active=is_active(r, now, idle_minutes),
            current=r.id == principal.session_id,
            client_ip=r.client_ip,
            user_agent=r.user_agent,
        )
        for r in rows
    ]


def list_sessions(
    session: Session,
    principal: Principal,
    settings: Settings,
    paging: PageParams,
    *,
    oem_id: int | None,
    user_id: int | None,
    active_only: bool,
) -> tuple[list[SessionRead], int]:
    repo = SessionRepository(session, read_scope(principal, oem_id))
    stmt = repo.search(user_id=user_id, active_at=utcnow() if active_only else None)
    rows, total = repo.paginate(stmt, paging)
    return _to_read(
        rows, repo.usernames({r.user_id for r in rows}), principal, settings.session_idle_minutes
    ), total


def get_visible(session: Session, principal: Principal, session_id: int) -> UserSession:
    row = SessionRepository(session, read_scope(principal)).get(session_id)
    if row is None:
        raise NotFound("session not found")
    return row


def read_one(session: Session, principal: Principal, settings: Settings, row: UserSession) -> SessionRead:
    names = SessionRepository(session, read_scope(principal)).usernames({row.user_id})
    return _to_read([row], names, principal, settings.session_idle_minutes)[0]


def revoke_session(
    session: Session, principal: Principal, row: UserSession, *, action: str = "sys.session.revoke"
) -> None:
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.flush()
    audit.record(
        session, principal, action, "session", row.id, extra={"user_id": row.user_id}, oem_id=row.oem_id
    )
