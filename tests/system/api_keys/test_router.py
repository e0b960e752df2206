from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from cloudwaf.auth.tokens import digest
from cloudwaf.models import ApiKey, Oem, User
from cloudwaf.models.base import utcnow
from tests.factories import bearer_headers, builtin_role, make_user
from tests.system.conftest import API, assert_code, create_key, key_headers

KEYS = f"{API}/api-keys"


def test_key_is_shown_once_and_stored_hashed(
    client: TestClient, db: Session, tenant_h: dict[str, str]
) -> None:
    created = create_key(client, tenant_h, ["sys.user.read"])
    key = created["key"]
    assert key.startswith("cwk_") and created["prefix"] == key[:12]
    row = db.get(ApiKey, created["id"])
    assert row.secret_hash == digest(key) and key.split("_", 2)[2] not in str(row.__dict__)
    shown = client.get(f"{KEYS}/{created['id']}", headers=tenant_h).json()["data"]
    assert "key" not in shown and shown["prefix"] == created["prefix"]
    listed = client.get(KEYS, headers=tenant_h).json()["data"]["items"]
    assert [k["id"] for k in listed] == [created["id"]] and "key" not in listed[0]


def test_using_a_key(client: TestClient, db: Session, tenant_h: dict[str, str]) -> None:
    key = create_key(client, tenant_h, ["sys.user.read"])["key"]
    response = client.get(f"{API}/users", headers=key_headers(key))
    assert response.status_code == 200
    row = db.scalars(select(ApiKey).where(ApiKey.secret_hash == digest(key))).one()
    db.refresh(row)
    assert row.last_used_at is not None and row.last_used_ip == "testclient"
    # 1053: valid key, route key not in its scopes.
    assert_code(client.get(f"{API}/roles", headers=key_headers(key)), 1053, 403)


def test_invalid_revoked_and_expired_keys_are_1050(
    client: TestClient, db: Session, tenant_h: dict[str, str]
) -> None:
    assert_code(client.get(f"{API}/users", headers=key_headers("garbage")), 1050, 401)
    assert_code(client.get(f"{API}/users", headers=key_headers("cwk_abcdefgh_" + "x" * 43)), 1050, 401)
    created = create_key(client, tenant_h, ["sys.user.read"])
    tampered = created["key"][:-4] + "AAAA"
    assert_code(client.get(f"{API}/users", headers=key_headers(tampered)), 1050, 401)
    assert (
        client.post(f"{KEYS}/{created['id']}/revoke", headers=tenant_h).json()["data"]["status"] == "revoked"
    )
    assert_code(client.get(f"{API}/users", headers=key_headers(created["key"])), 1050, 401)
    other = create_key(client, tenant_h, ["sys.user.read"])
    row = db.get(ApiKey, other["id"])
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.flush()
    assert_code(client.get(f"{API}/users", headers=key_headers(other["key"])), 1050, 401)


def test_create_validation_codes(client: TestClient, tenant_h: dict[str, str]) -> None:
    body = {"scopes": ["sys.user.read"], "expires_in_days": 30}
    assert_code(client.post(KEYS, headers=tenant_h, json=body), 1055, 400)
    assert_code(client.post(KEYS, headers=tenant_h, json={**body, "name": "   "}), 1055, 400)
    assert_code(
        client.post(KEYS, headers=tenant_h, json={**body, "name": "k", "expires_in_days": 366}), 1054, 400
    )
    assert (
        client.post(KEYS, headers=tenant_h, json={**body, "name": "k", "expires_in_days": 365}).status_code
        == 200
    )
    assert_code(
        client.post(KEYS, headers=tenant_h, json={**body, "name": "k", "scopes": ["guard.*"]}), 1052, 400
    )
    # An OEM admin does not hold the platform-only keys.
    assert_code(
        client.post(KEYS, headers=tenant_h, json={**body, "name": "k", "scopes": ["sys.oem.write"]}), 1052
    )


def test_a_key_loses_what_its_owner_loses(
    client: TestClient, db: Session, tenant: Oem, tenant_h: dict[str, str]
) -> None:
    owner = make_user(db, tenant, "oem_admin")
    owner_h = bearer_headers(db, owner)
    key = create_key(client, owner_h, ["sys.user.read", "guard.domain.read"])["key"]
    assert client.get(f"{API}/users", headers=key_headers(key)).status_code == 200
    operator = builtin_role(db, tenant, "operator")  # no sys.user.read
    assert (
        client.put(f"{API}/users/{owner.id}", headers=tenant_h, json={"role_id": operator.id}).status_code
        == 200
    )
    assert client.get(f"{API}/users", headers=key_headers(key)).status_code == 403
    assert client.put(f"{API}/users/{owner.id}", headers=tenant_h, json={"enabled": False}).status_code == 200
    assert_code(client.get(f"{API}/users", headers=key_headers(key)), 1050, 401)


def test_other_users_keys_are_1056_and_unknown_are_1051(
    client: TestClient, db: Session, tenant: Oem, tenant_h: dict[str, str], other_h: dict[str, str]
) -> None:
    mine = create_key(client, tenant_h, ["sys.user.read"])
    colleague_h = bearer_headers(db, make_user(db, tenant, "oem_admin"))
    for headers in (colleague_h, other_h):  # same OEM, other user / other OEM
        assert_code(client.get(f"{KEYS}/{mine['id']}", headers=headers), 1056, 403)
        assert_code(client.post(f"{KEYS}/{mine['id']}/revoke", headers=headers), 1056, 403)
        assert_code(client.delete(f"{KEYS}/{mine['id']}", headers=headers), 1056, 403)
        assert_code(client.put(f"{KEYS}/{mine['id']}", headers=headers, json={"name": "x"}), 1056, 403)
        assert mine["id"] not in [k["id"] for k in client.get(KEYS, headers=headers).json()["data"]["items"]]
    assert_code(client.get(f"{KEYS}/999999", headers=tenant_h), 1051, 404)
    assert client.delete(f"{KEYS}/{mine['id']}", headers=tenant_h).status_code == 200
    assert_code(client.get(f"{KEYS}/{mine['id']}", headers=tenant_h), 1051, 404)
    assert_code(client.get(f"{API}/users", headers=key_headers(mine["key"])), 1050, 401)


def test_a_key_cannot_mint_a_broader_key(client: TestClient, tenant_h: dict[str, str]) -> None:
    key = create_key(client, tenant_h, ["sys.apikey.write"])["key"]
    response = client.post(
        KEYS,
        headers=key_headers(key),
        json={"name": "child", "scopes": ["sys.user.write"], "expires_in_days": 1},
    )
    assert_code(response, 1052, 400)


def test_owner_rows_are_found_by_prefix(
    db: Session, client: TestClient, tenant_admin: User, tenant_h: dict[str, str]
) -> None:
    created = create_key(client, tenant_h, ["sys.user.read"])
    row = db.get(ApiKey, created["id"])
    assert created["key"].startswith(f"cwk_{row.public_id}_") and row.user_id == tenant_admin.id
    assert ApiKey.__table__.c.public_id.unique
