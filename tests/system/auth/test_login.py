from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from cloudwaf.models import AuditLog, CaptchaChallenge, Oem, User, UserSession
from cloudwaf.models.base import utcnow
from cloudwaf.system.auth import captcha_image
from tests.conftest import ADMIN_PASSWORD
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.system.conftest import API, assert_code, login


def test_login_returns_a_session_token_and_the_user(client: TestClient, db: Session) -> None:
    response = login(client, "admin", ADMIN_PASSWORD)
    assert response.status_code == 200
    data = response.json()["data"]
    assert len(data["token"]) >= 43  # 256 bits, URL-safe base64
    assert data["user"]["username"] == "admin" and data["expires_at"].endswith("Z")
    me = client.get(f"{API}/me", headers={"Authorization": f"Bearer {data['token']}"})
    assert me.status_code == 200
    # Only a digest is stored.
    assert db.scalars(select(UserSession).where(UserSession.token_hash == data["token"])).first() is None


def test_unknown_user_is_1001_and_audited(client: TestClient, db: Session) -> None:
    assert_code(login(client, "nobody-here", "whatever-123"), 1001, 404)
    row = db.scalars(
        select(AuditLog).where(AuditLog.action == "sys.login.failed", AuditLog.actor_name == "nobody-here")
    ).one()
    assert row.summary["reason"] == "unknown_user"


def test_wrong_password_is_1002_and_the_failure_survives_the_error(
    client: TestClient, db: Session, home: Oem
) -> None:
    user = make_user(db, home, "operator")
    assert_code(login(client, user.username, "not-the-password"), 1002, 401)
    rows = db.scalars(
        select(AuditLog).where(AuditLog.action == "sys.login.failed", AuditLog.target_id == str(user.id))
    ).all()
    assert len(rows) == 1 and rows[0].summary["reason"] == "wrong_password" and rows[0].oem_id == home.id
    assert "not-the-password" not in str(rows[0].summary)


def test_five_failures_lock_the_account_until_an_admin_unlocks(
    client: TestClient, db: Session, home: Oem, admin_h: dict[str, str]
) -> None:
    user = make_user(db, home, "operator")
    for _ in range(4):
        assert_code(login(client, user.username, "wrong-password"), 1002, 401)
    assert_code(login(client, user.username, "wrong-password"), 1003, 403)
    # Locked: even the right password is refused.
    assert_code(login(client, user.username, DEFAULT_PASSWORD), 1003, 403)
    db.expire_all()
    assert db.get(User, user.id).locked_until is not None
    assert db.scalars(
        select(AuditLog).where(AuditLog.action == "sys.user.lock", AuditLog.target_id == str(user.id))
    ).one()
    listed = client.get(f"{API}/users/{user.id}", headers=admin_h).json()["data"]
    assert listed["locked"] is True
    unlocked = client.post(f"{API}/users/{user.id}/unlock", headers=admin_h)
    assert unlocked.status_code == 200 and unlocked.json()["data"]["locked"] is False
    assert login(client, user.username, DEFAULT_PASSWORD).status_code == 200


def test_lock_expires_by_itself(client: TestClient, db: Session, home: Oem) -> None:
    user = make_user(db, home, "operator")
    for _ in range(5):
        login(client, user.username, "wrong-password")
    assert_code(login(client, user.username, DEFAULT_PASSWORD), 1003)
    db.expire_all()
    locked = db.get(User, user.id)
    locked.locked_until = utcnow() - timedelta(seconds=1)
    db.flush()
    assert login(client, user.username, DEFAULT_PASSWORD).status_code == 200


def test_success_resets_the_failure_count(client: TestClient, db: Session, home: Oem) -> None:
    user = make_user(db, home, "operator")
    for _ in range(4):
        login(client, user.username, "wrong-password")
    assert login(client, user.username, DEFAULT_PASSWORD).status_code == 200
    for _ in range(4):
        assert_code(login(client, user.username, "wrong-password"), 1002)


def test_disabled_user_cannot_log_in(client: TestClient, db: Session, home: Oem) -> None:
    user = make_user(db, home, "operator")
    user.enabled = False
    db.flush()
    assert_code(login(client, user.username, DEFAULT_PASSWORD), 1003, 403)


# --- captcha -------------------------------------------------------------------------------


@pytest.fixture
def captcha_client(app, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN001, ANN201
    app.state.settings.captcha_enabled = True
    monkeypatch.setattr(captcha_image, "random_answer", lambda: "K7PQX")
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _captcha(client: TestClient) -> str:
    response = client.get(f"{API}/captcha")
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["image"].startswith("data:image/png;base64,")
    return data["captcha_id"]


def test_captcha_is_required_when_enabled(captcha_client: TestClient) -> None:
    assert_code(login(captcha_client, "admin", ADMIN_PASSWORD), 1004, 400)


def test_captcha_answer_is_case_insensitive_and_single_use(captcha_client: TestClient) -> None:
    captcha_id = _captcha(captcha_client)
    ok = login(captcha_client, "admin", ADMIN_PASSWORD, captcha_id=captcha_id, captcha_code="k7pqx")
    assert ok.status_code == 200
    again = login(captcha_client, "admin", ADMIN_PASSWORD, captcha_id=captcha_id, captcha_code="K7PQX")
    assert_code(again, 1004, 400)


def test_wrong_captcha_burns_the_challenge(captcha_client: TestClient) -> None:
    captcha_id = _captcha(captcha_client)
    assert_code(
        login(captcha_client, "admin", ADMIN_PASSWORD, captcha_id=captcha_id, captcha_code="WRONG"), 1004
    )
    assert_code(
        login(captcha_client, "admin", ADMIN_PASSWORD, captcha_id=captcha_id, captcha_code="K7PQX"), 1004
    )


def test_expired_captcha_is_1004(captcha_client: TestClient, db: Session) -> None:
    captcha_id = _captcha(captcha_client)
    row = db.scalars(select(CaptchaChallenge).where(CaptchaChallenge.challenge_id == captcha_id)).one()
    assert "K7PQX" not in row.answer_hash  # stored hashed
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.flush()
    assert_code(
        login(captcha_client, "admin", ADMIN_PASSWORD, captcha_id=captcha_id, captcha_code="K7PQX"), 1004
    )


def test_captcha_is_off_without_fields_when_disabled(client: TestClient) -> None:
    assert client.get(f"{API}/branding").json()["data"]["captcha_enabled"] is False
    assert login(client, "admin", ADMIN_PASSWORD).status_code == 200


def test_captcha_image_is_a_real_png() -> None:
    import base64
    import io

    from PIL import Image

    url = captcha_image.render("ABCDE")
    image = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))
    assert image.format == "PNG" and image.size == (160, 56)
