"""A worker reuses a resolved credential for a moment, and never past a change of who may do what."""

from __future__ import annotations

import time
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Connection, event, select
from sqlalchemy.orm import Session

from cloudwaf.auth.principal import Principal
from cloudwaf.auth.principal_cache import PrincipalCache, identity_generation
from cloudwaf.models import Oem, Role, UserSession
from cloudwaf.models.base import utcnow
from tests.factories import bearer_headers, make_user
from tests.system.conftest import API, assert_code


def _session_lookups(connection: Connection) -> list[str]:
    seen: list[str] = []

    def record(_conn, _cursor, statement: str, *_args) -> None:  # noqa: ANN001
        if "user_session" in statement:
            seen.append(statement)

    event.listen(connection, "before_cursor_execute", record)
    return seen


def test_a_repeated_credential_is_resolved_once(client: TestClient, db: Session, home: Oem,
                                                connection: Connection) -> None:
    headers = bearer_headers(db, make_user(db, home, "operator"))
    assert client.get(f"{API}/me", headers=headers).status_code == 200
    lookups = _session_lookups(connection)
    assert client.get(f"{API}/me", headers=headers).status_code == 200
    assert lookups == []


def test_logout_cuts_a_cached_session_at_once(client: TestClient, db: Session, home: Oem) -> None:
    headers = bearer_headers(db, make_user(db, home, "operator"))
    assert client.get(f"{API}/me", headers=headers).status_code == 200
    assert client.post(f"{API}/logout", headers=headers).status_code == 200
    assert_code(client.get(f"{API}/me", headers=headers), 401, 401)


def test_disabling_the_user_cuts_a_cached_session(client: TestClient, db: Session, home: Oem) -> None:
    user = make_user(db, home, "operator")
    headers = bearer_headers(db, user)
    assert client.get(f"{API}/me", headers=headers).status_code == 200
    user.enabled = False
    db.flush()
    assert_code(client.get(f"{API}/me", headers=headers), 401, 401)


def test_a_role_change_applies_at_the_next_request(client: TestClient, db: Session, home: Oem) -> None:
    user = make_user(db, home, "oem_admin")
    headers = bearer_headers(db, user)
    assert client.get(f"{API}/users", headers=headers).status_code == 200
    role = db.get_one(Role, user.role_id)
    role.permissions = [key for key in role.permissions if key != "sys.user.read"]
    db.flush()
    assert_code(client.get(f"{API}/users", headers=headers), 1011, 403)


def test_a_requests_own_bookkeeping_keeps_the_generation(db: Session, home: Oem) -> None:
    bearer_headers(db, make_user(db, home, "operator"))
    row = db.scalars(select(UserSession).order_by(UserSession.id.desc())).first()
    before = identity_generation()
    row.last_seen_at = utcnow()
    db.flush()
    assert identity_generation() == before
    row.revoked_at = utcnow()
    db.flush()
    assert identity_generation() != before


def _principal() -> Principal:
    return Principal(user_id=1, username="u", oem_id=1, permissions=frozenset())


def test_entries_live_for_the_ttl_and_never_past_the_credentials_deadline() -> None:
    cache = PrincipalCache(ttl_seconds=0.2)
    key = ("digest", "127.0.0.1")
    later = utcnow() + timedelta(hours=1)
    cache.put(key, _principal(), valid_until=later, generation=identity_generation())
    assert cache.get(key) == _principal()
    assert cache.get(("digest", "10.0.0.1")) is None  # another client address resolves again
    time.sleep(0.25)
    assert cache.get(key) is None
    gone = utcnow() - timedelta(seconds=1)
    cache.put(key, _principal(), valid_until=gone, generation=identity_generation())
    assert cache.get(key) is None
    # Resolved before a change that committed meanwhile:
    cache.put(key, _principal(), valid_until=later, generation=identity_generation() - 1)
    assert cache.get(key) is None
    off = PrincipalCache(ttl_seconds=0)
    off.put(key, _principal(), valid_until=later, generation=identity_generation())
    assert off.get(key) is None
