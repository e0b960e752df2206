"""Fixture builders: OEMs, users and ready-made credentials, written straight to the database."""

from __future__ import annotations

import itertools
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cloudwaf.auth.passwords import hash_password
from cloudwaf.auth.tokens import digest, new_token
from cloudwaf.bootstrap import seed_oem
from cloudwaf.models import Oem, Role, User, UserSession
from cloudwaf.models.base import utcnow

_seq = itertools.count(1)
DEFAULT_PASSWORD = "Passw0rd-for-tests"


def default_oem(db: Session) -> Oem:
    return db.scalars(select(Oem).where(Oem.is_default.is_(True))).one()


def make_oem(db: Session, name: str | None = None) -> Oem:
    n = next(_seq)
    oem = Oem(name=name or f"Tenant {n}", hostname=f"tenant{n}-{id(db)}.example")
    db.add(oem)
    db.flush()
    seed_oem(db, oem)
    return oem


def builtin_role(db: Session, oem: Oem, code: str) -> Role:
    return db.scalars(select(Role).where(Role.oem_id == oem.id, Role.code == code)).one()


def make_user(db: Session, oem: Oem | None = None, role: str = "oem_admin", *, username: str | None = None,
              password: str = DEFAULT_PASSWORD, platform_admin: bool = False) -> User:
    oem = oem or default_oem(db)
    user = User(oem_id=oem.id, username=username or f"user{next(_seq)}_{oem.id}",
                password_hash=hash_password(password), role_id=builtin_role(db, oem, role).id,
                is_platform_admin=platform_admin)
    db.add(user)
    db.flush()
    return user


def bearer_headers(db: Session, user: User) -> dict[str, str]:
    """A live console session for `user`, without going through login."""
    token = new_token()
    now = utcnow()
    db.add(UserSession(oem_id=user.oem_id, user_id=user.id, token_hash=digest(token), created_at=now,
                       last_seen_at=now, expires_at=now + timedelta(hours=24)))
    db.flush()
    return {"Authorization": f"Bearer {token}"}
