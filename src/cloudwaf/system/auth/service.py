"""Login, logout, captcha, the caller's profile and password.

Failed logins must leave a trace even though the request answers an error, and the request's
transaction rolls back on errors. Those writes (the failure count, the lock, their audit rows,
the burnt captcha) therefore run in their own short transaction from `side`, a session factory,
and commit before the error is raised.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy.orm import Session, sessionmaker

from cloudwaf.auth.passwords import hash_password, needs_rehash, verify_password
from cloudwaf.auth.principal import AuthVia, Principal
from cloudwaf.config import Settings
from cloudwaf.errors import BadRequest
from cloudwaf.kit.repository import TenantScope
from cloudwaf.models import CaptchaChallenge, User
from cloudwaf.models.base import utcnow
from cloudwaf.system.audit import service as audit
from cloudwaf.system.auth import captcha_image
from cloudwaf.system.auth.repository import CaptchaRepository
from cloudwaf.system.auth.schemas import CaptchaRead, LoginRead, LoginRequest, MeRead, PasswordChange
from cloudwaf.system.errors import (
    InvalidCaptcha,
    InvalidPassword,
    OldPasswordIncorrect,
    UserLocked,
    UserNotFound,
)
from cloudwaf.system.oems import service as oem_service
from cloudwaf.system.oems.repository import OemRepository
from cloudwaf.system.sessions import service as session_service
from cloudwaf.system.sessions.repository import SessionRepository
from cloudwaf.system.users import service as user_service
from cloudwaf.system.users.repository import LoginFailureRepository, UserRepository

CAPTCHA_TTL = timedelta(minutes=5)
T = TypeVar("T")


def _in_own_transaction(side: sessionmaker[Session], work: Callable[[Session], T]) -> T:
    with side() as s, s.begin():
        return work(s)


def _captcha_digest(settings: Settings, challenge_id: str, answer: str) -> str:
    # Keyed with the server secret: the answers are short, a bare hash in a database dump would
    # be reversed instantly.
    message = f"{challenge_id}:{answer.strip().upper()}".encode()
    return hmac.new(settings.secret_key.encode(), message, hashlib.sha256).hexdigest()


def new_captcha(session: Session, settings: Settings) -> CaptchaRead:
    now = utcnow()
    answer = captcha_image.random_answer()
    challenge_id = secrets.token_urlsafe(24)
    repo = CaptchaRepository(session)
    repo.purge_expired(now)
    repo.add(
        CaptchaChallenge(
            challenge_id=challenge_id,
            answer_hash=_captcha_digest(settings, challenge_id, answer),
            created_at=now,
            expires_at=now + CAPTCHA_TTL,
        )
    )
    return CaptchaRead(
        captcha_id=challenge_id, image=captcha_image.render(answer), expires_at=now + CAPTCHA_TTL
    )


def _check_captcha(side: sessionmaker[Session], settings: Settings, payload: LoginRequest) -> None:
    if not payload.captcha_id or not payload.captcha_code:
        raise InvalidCaptcha("captcha_id and captcha_code are required")
    # Taken (deleted) in its own committed transaction: a wrong answer burns the challenge too.
    challenge = _in_own_transaction(side, lambda s: CaptchaRepository(s).take(payload.captcha_id or ""))
    if challenge is None or challenge.expires_at <= utcnow():
        raise InvalidCaptcha("unknown or expired captcha; fetch a new one")
    expected = _captcha_digest(settings, challenge.challenge_id, payload.captcha_code)
    if not hmac.compare_digest(expected, challenge.answer_hash):
        raise InvalidCaptcha()


def _record_failure(
    side: sessionmaker[Session],
    settings: Settings,
    *,
    username: str,
    user_id: int | None,
    oem_id: int | None,
    client_ip: str,
    reason: str,
) -> datetime | None:
    """Counts a failure (and locks the account at the threshold) in its own transaction.
    Returns the lock's end when this failure locked the account."""

    def work(s: Session) -> datetime | None:
        locked_until = None
        extra: dict[str, object] = {"reason": reason}
        if user_id is not None and reason == "wrong_password":
            user = UserRepository(s, TenantScope.platform()).get_for_update(
                user_id
            )  # serialises racing failures
            failures = LoginFailureRepository(s)
            now = utcnow()
            failures.add(user_id, now)
            count = failures.count_since(user_id, now - timedelta(minutes=settings.lockout_window_minutes))
            extra["recent_failures"] = count
            if user is not None and count >= settings.lockout_threshold:
                locked_until = now + timedelta(minutes=settings.lockout_minutes)
                user.locked_until = locked_until
                failures.clear(user_id)
                audit.record(
                    s,
                    None,
                    "sys.user.lock",
                    "user",
                    user_id,
                    oem_id=oem_id,
                    actor_name=username,
                    client_ip=client_ip,
                    extra={"locked_until": locked_until, "failures": count},
                )
        audit.record(
            s,
            None,
            "sys.login.failed",
            "user",
            user_id or "",
            oem_id=oem_id,
            actor_name=username,
            client_ip=client_ip,
            extra=extra,
        )
        return locked_until

    return _in_own_transaction(side, work)


def login(
    session: Session,
    side: sessionmaker[Session],
    settings: Settings,
    payload: LoginRequest,
    *,
    client_ip: str,
    user_agent: str,
) -> LoginRead:
    if settings.captcha_enabled:
        _check_captcha(side, settings, payload)
    user = UserRepository(session, TenantScope.platform()).by_username(payload.username)
    now = utcnow()
    failure = None
    if user is None:
        verify_password(None, payload.password)  # same cost as a real check: no timing oracle
        failure = ("unknown_user", UserNotFound())
    elif user.locked_until is not None and user.locked_until > now:
        failure = ("locked", UserLocked(f"locked until {user.locked_until.isoformat()}"))
    elif not verify_password(user.password_hash, payload.password):
        failure = ("wrong_password", InvalidPassword())
    elif not user.enabled or not _oem_enabled(session, user):
        failure = ("disabled", UserLocked("the account is disabled"))
    if failure is not None:
        reason, error = failure
        user_id, oem_id = (user.id, user.oem_id) if user else (None, None)
        # End the request's read-only transaction first, so the failure record is not nested in
        # it (on a shared connection a nested savepoint would be rolled back with the request).
        # Nothing may touch the request session after this (rollback expires loaded objects).
        session.rollback()
        locked_until = _record_failure(
            side,
            settings,
            username=payload.username[:64],
            user_id=user_id,
            oem_id=oem_id,
            client_ip=client_ip,
            reason=reason,
        )
        if locked_until is not None:
            raise UserLocked(f"too many failed attempts; locked until {locked_until.isoformat()}")
        raise error
    assert user is not None
    LoginFailureRepository(session).clear(user.id)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(payload.password)
    user.last_login_at = now
    user.locked_until = None
    row, token = session_service.open_session(
        session, user, settings, client_ip=client_ip, user_agent=user_agent
    )
    audit.record(
        session,
        None,
        "sys.login.success",
        "session",
        row.id,
        oem_id=user.oem_id,
        actor_name=user.username,
        client_ip=client_ip,
        extra={"user_id": user.id},
    )
    return LoginRead(
        token=token,
        expires_at=row.expires_at,
        idle_timeout_minutes=settings.session_idle_minutes,
        user=user_service.read_one(session, user),
    )


def _oem_enabled(session: Session, user: User) -> bool:
    oem = OemRepository(session, TenantScope.platform()).get(user.oem_id)
    return bool(oem and oem.enabled)


def logout(session: Session, principal: Principal) -> None:
    if principal.via is not AuthVia.session or principal.session_id is None:
        raise BadRequest("logout ends a console session; API keys are revoked at sys/api-keys/{id}/revoke")
    row = SessionRepository(session, principal.scope).get(principal.session_id)
    if row is not None:
        session_service.revoke_session(session, principal, row, action="sys.logout")


def me(session: Session, principal: Principal, settings: Settings) -> MeRead:
    user = UserRepository(session, principal.scope).get(principal.user_id)
    if user is None:
        raise UserNotFound()
    # The principal's keys were resolved from the role in this very request.
    keys = principal.api_key_scopes if principal.via is AuthVia.api_key else principal.permissions
    return MeRead(
        user=user_service.read_one(session, user),
        branding=oem_service.branding_of_id(session, user.oem_id, captcha_enabled=settings.captcha_enabled),
        permissions=sorted(keys or ()),
        via=principal.via.value,
    )


def change_password(session: Session, principal: Principal, payload: PasswordChange) -> None:
    user = UserRepository(session, principal.scope).get(principal.user_id)
    if user is None:
        raise UserNotFound()
    if not verify_password(user.password_hash, payload.old_password):
        raise OldPasswordIncorrect()
    user_service.check_password_policy(payload.new_password, user.username)
    user.password_hash = hash_password(payload.new_password)
    user.password_changed_at = utcnow()
    session.flush()
    UserRepository(session, principal.scope).bump_access_version(user)
    # Every other session ends; the one that changed the password stays signed in.
    revoked = SessionRepository(session, principal.scope).revoke_all_of(
        user.id, utcnow(), except_id=principal.session_id
    )
    audit.record(
        session, principal, "sys.password.change", "user", user.id, extra={"sessions_revoked": revoked}
    )
