from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from cloudwaf.models import Oem, User, UserSession
from cloudwaf.models.base import utcnow
from tests.factories import DEFAULT_PASSWORD, bearer_headers, make_user
from tests.system.conftest import API, assert_code, login


def _token_row(db: Session, user: User) -> UserSession:
    return db.scalars(
        select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id.desc())
    ).first()


def test_missing_or_garbled_credentials_are_401(client: TestClient) -> None:
    assert_code(client.get(f"{API}/me"), 401, 401)
    assert_code(client.get(f"{API}/me", headers={"Authorization": "Bearer not-a-real-token"}), 401, 401)
    assert_code(client.get(f"{API}/me", headers={"Authorization": "Basic abc"}), 401, 401)


def test_expired_sessions_answer_1005(client: TestClient, db: Session, home: Oem) -> None:
    user = make_user(db, home, "operator")
    headers = bearer_headers(db, user)
    row = _token_row(db, user)
    row.expires_at = utcnow() - timedelta(seconds=1)  # absolute lifetime over
    db.flush()
    assert_code(client.get(f"{API}/me", headers=headers), 1005, 401)
    headers = bearer_headers(db, user)
    row = _token_row(db, user)
    row.last_seen_at = utcnow() - timedelta(minutes=121)  # idle for longer than 120 minutes
    db.flush()
    assert_code(client.get(f"{API}/me", headers=headers), 1005, 401)


def test_activity_keeps_a_session_alive(client: TestClient, db: Session, home: Oem) -> None:
    user = make_user(db, home, "operator")
    headers = bearer_headers(db, user)
    row = _token_row(db, user)
    row.last_seen_at = utcnow() - timedelta(minutes=119)  # one minute before the idle timeout
    db.flush()
    assert client.get(f"{API}/me", headers=headers).status_code == 200
    db.expire_all()
    assert utcnow() - _token_row(db, user).last_seen_at < timedelta(minutes=1)
    assert client.get(f"{API}/me", headers=headers).status_code == 200


def test_logout_revokes_the_session(client: TestClient, db: Session, home: Oem) -> None:
    user = make_user(db, home, "operator")
    token = login(client, user.username, DEFAULT_PASSWORD).json()["data"]["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post(f"{API}/logout", headers=headers).status_code == 200
    assert_code(client.get(f"{API}/me", headers=headers), 401, 401)


def test_me_shows_user_branding_and_keys(client: TestClient, db: Session, tenant: Oem) -> None:
    user = make_user(db, tenant, "auditor")
    data = client.get(f"{API}/me", headers=bearer_headers(db, user)).json()["data"]
    assert data["user"]["id"] == user.id and data["branding"]["oem_id"] == tenant.id
    assert "guard.domain.read" in data["permissions"] and "guard.domain.write" not in data["permissions"]
    assert "sys.profile.read" in data["permissions"]


def test_password_change_checks_old_password_and_policy(client: TestClient, db: Session, home: Oem) -> None:
    user = make_user(db, home, "operator", username=f"long-username-{home.id}-x")
    headers = bearer_headers(db, user)
    url = f"{API}/password"
    assert_code(
        client.put(url, headers=headers, json={"old_password": "wrong-one", "new_password": "N3w-password"}),
        1010,
        400,
    )
    short = client.put(url, headers=headers, json={"old_password": DEFAULT_PASSWORD, "new_password": "short"})
    assert_code(short, 400, 400)
    assert "8 characters" in short.json()["message"]
    same = client.put(
        url, headers=headers, json={"old_password": DEFAULT_PASSWORD, "new_password": user.username}
    )
    assert_code(same, 400, 400)
    assert "username" in same.json()["message"]


def test_password_change_revokes_the_other_sessions(client: TestClient, db: Session, home: Oem) -> None:
    user = make_user(db, home, "operator")
    here = {
        "Authorization": f"Bearer {login(client, user.username, DEFAULT_PASSWORD).json()['data']['token']}"
    }
    there = {
        "Authorization": f"Bearer {login(client, user.username, DEFAULT_PASSWORD).json()['data']['token']}"
    }
    response = client.put(
        f"{API}/password",
        headers=here,
        json={"old_password": DEFAULT_PASSWORD, "new_password": "An0ther-passw0rd"},
    )
    assert response.status_code == 200
    assert client.get(f"{API}/me", headers=here).status_code == 200
    assert_code(client.get(f"{API}/me", headers=there), 401, 401)
    assert_code(login(client, user.username, DEFAULT_PASSWORD), 1002)
    assert login(client, user.username, "An0ther-passw0rd").status_code == 200


def test_admin_lists_and_revokes_sessions(
    client: TestClient, db: Session, tenant: Oem, tenant_h: dict[str, str]
) -> None:
    user = make_user(db, tenant, "operator")
    victim = bearer_headers(db, user)
    listed = client.get(f"{API}/sessions", headers=tenant_h, params={"user_id": user.id}).json()["data"]
    assert listed["total"] == 1
    session_id = listed["items"][0]["id"]
    assert client.delete(f"{API}/sessions/{session_id}", headers=tenant_h).status_code == 200
    assert_code(client.get(f"{API}/me", headers=victim), 401, 401)
    # An operator has no session keys.
    assert_code(
        client.get(f"{API}/sessions", headers=bearer_headers(db, make_user(db, tenant, "operator"))),
        1011,
        403,
    )
