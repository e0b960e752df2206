"""Every sys resource, attacked from another OEM: reads and writes are refused, nothing leaks."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from cloudwaf.models import Oem, User
from tests.factories import bearer_headers, builtin_role, make_user
from tests.system.conftest import API, assert_code, create_key


def _ids(client: TestClient, url: str, headers: dict[str, str]) -> set[int]:
    return {item["id"] for item in client.get(url, headers=headers).json()["data"]["items"]}


def test_users_of_another_oem(
    client: TestClient,
    db: Session,
    tenant: Oem,
    tenant_h: dict[str, str],
    other_h: dict[str, str],
    other_tenant: Oem,
) -> None:
    victim = make_user(db, tenant, "operator")
    url = f"{API}/users/{victim.id}"
    assert_code(client.get(url, headers=other_h), 1001, 404)
    assert_code(client.put(url, headers=other_h, json={"enabled": False}), 1001, 404)
    assert_code(client.delete(url, headers=other_h), 1001, 404)
    assert_code(client.post(f"{url}/unlock", headers=other_h), 1001, 404)
    assert victim.id not in _ids(client, f"{API}/users", other_h)
    # Naming the other OEM explicitly does not help.
    assert_code(client.get(f"{API}/users", headers=other_h, params={"oem_id": tenant.id}), 1020, 404)
    role = builtin_role(db, other_tenant, "operator")
    assert_code(
        client.post(
            f"{API}/users",
            headers=other_h,
            json={
                "username": "smuggled",
                "password": "Sup3r-secret",
                "role_id": role.id,
                "oem_id": tenant.id,
            },
        ),
        1020,
        404,
    )
    db.expire_all()
    assert db.get(User, victim.id).enabled is True


def test_roles_of_another_oem(
    client: TestClient,
    db: Session,
    tenant: Oem,
    tenant_h: dict[str, str],
    other_h: dict[str, str],
    other_tenant: Oem,
    other_admin: User,
) -> None:
    role = client.post(f"{API}/roles", headers=tenant_h, json={"name": "Private", "permissions": []}).json()[
        "data"
    ]
    url = f"{API}/roles/{role['id']}"
    assert_code(client.get(url, headers=other_h), 1007, 404)
    assert_code(client.put(url, headers=other_h, json={"name": "Mine"}), 1007, 404)
    assert_code(client.delete(url, headers=other_h), 1007, 404)
    assert role["id"] not in _ids(client, f"{API}/roles", other_h)
    # A foreign role cannot be assigned either.
    assert_code(
        client.put(
            f"{API}/users/{make_user(db, other_tenant, 'operator').id}",
            headers=other_h,
            json={"role_id": role["id"]},
        ),
        1007,
        404,
    )


def test_sessions_of_another_oem(
    client: TestClient, db: Session, tenant: Oem, tenant_admin: User, other_h: dict[str, str]
) -> None:
    victim_h = bearer_headers(db, tenant_admin)
    session_id = client.get(f"{API}/sessions", headers=victim_h).json()["data"]["items"][0]["id"]
    assert client.get(f"{API}/sessions/{session_id}", headers=other_h).status_code == 404
    assert client.delete(f"{API}/sessions/{session_id}", headers=other_h).status_code == 404
    assert session_id not in _ids(client, f"{API}/sessions", other_h)
    assert client.get(f"{API}/me", headers=victim_h).status_code == 200


def test_api_keys_of_another_oem(
    client: TestClient, tenant_h: dict[str, str], other_h: dict[str, str]
) -> None:
    key = create_key(client, tenant_h, ["sys.user.read"])
    url = f"{API}/api-keys/{key['id']}"
    assert_code(client.get(url, headers=other_h), 1056, 403)
    assert_code(client.post(f"{url}/revoke", headers=other_h), 1056, 403)
    assert_code(client.delete(url, headers=other_h), 1056, 403)
    assert key["id"] not in _ids(client, f"{API}/api-keys", other_h)
    assert client.get(url, headers=tenant_h).json()["data"]["status"] == "active"


def test_settings_of_another_oem(
    client: TestClient, tenant_h: dict[str, str], other_h: dict[str, str]
) -> None:
    client.put(f"{API}/settings/timezone", headers=tenant_h, json={"value": "Europe/Berlin"})
    client.put(f"{API}/settings/timezone", headers=other_h, json={"value": "America/Lima"})
    assert client.get(f"{API}/settings/timezone", headers=tenant_h).json()["data"]["value"] == "Europe/Berlin"
    assert client.get(f"{API}/settings/timezone", headers=other_h).json()["data"]["value"] == "America/Lima"


def test_audit_logs_of_another_oem(
    client: TestClient, tenant_h: dict[str, str], other_h: dict[str, str]
) -> None:
    client.post(f"{API}/roles", headers=tenant_h, json={"name": "Secret project", "permissions": []})
    mine = client.get(f"{API}/audit-logs", headers=tenant_h).json()["data"]["items"]
    entry_id = mine[0]["id"]
    assert_code(client.get(f"{API}/audit-logs/{entry_id}", headers=other_h), 404, 404)
    theirs = client.get(f"{API}/audit-logs", headers=other_h).json()["data"]
    assert entry_id not in {i["id"] for i in theirs["items"]} and "Secret project" not in str(theirs)
    assert_code(client.get(f"{API}/audit-logs", headers=other_h, params={"oem_id": 1}), 1020, 404)


def test_oems_and_branding_of_another_oem(client: TestClient, tenant: Oem, other_h: dict[str, str]) -> None:
    assert_code(client.get(f"{API}/oems/{tenant.id}", headers=other_h), 1011, 403)
    assert_code(client.put(f"{API}/oems/{tenant.id}", headers=other_h, json={"name": "Taken"}), 1011, 403)
    assert_code(
        client.post(
            f"{API}/oems/{tenant.id}/logo",
            headers=other_h,
            files={"file": ("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml")},
        ),
        1011,
        403,
    )
    assert_code(client.delete(f"{API}/oems/{tenant.id}", headers=other_h), 1011, 403)


def test_platform_admin_sees_across_oems(
    client: TestClient, db: Session, tenant: Oem, admin_h: dict[str, str]
) -> None:
    victim = make_user(db, tenant, "operator")
    assert client.get(f"{API}/users/{victim.id}", headers=admin_h).status_code == 200
    assert victim.id in _ids(client, f"{API}/users", admin_h)
    assert _ids(client, f"{API}/users?oem_id={tenant.id}", admin_h) == {victim.id}
