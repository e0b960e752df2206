from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from cloudwaf.models import Oem, User
from tests.factories import bearer_headers, builtin_role, make_user
from tests.system.conftest import API, assert_code, login


def test_create_user_then_log_in(
    client: TestClient, db: Session, tenant: Oem, tenant_h: dict[str, str]
) -> None:
    role = builtin_role(db, tenant, "operator")
    response = client.post(
        f"{API}/users",
        headers=tenant_h,
        json={"username": "ops-alice", "password": "Sup3r-secret", "role_id": role.id},
    )
    assert response.status_code == 200, response.json()
    data = response.json()["data"]
    assert (
        data["oem_id"] == tenant.id
        and data["role_name"] == role.name
        and "Sup3r-secret" not in str(data)
        and "password_hash" not in data
    )
    assert db.get(User, data["id"]).password_hash.startswith("$argon2id$")
    assert login(client, "ops-alice", "Sup3r-secret").status_code == 200


def test_usernames_are_unique_across_the_platform(
    client: TestClient, db: Session, tenant: Oem, tenant_h: dict[str, str], admin: User
) -> None:
    role = builtin_role(db, tenant, "operator")
    assert_code(
        client.post(
            f"{API}/users",
            headers=tenant_h,
            json={"username": admin.username, "password": "Sup3r-secret", "role_id": role.id},
        ),
        1006,
        409,
    )
    assert_code(
        client.post(
            f"{API}/users",
            headers=tenant_h,
            json={"username": "ADMIN", "password": "Sup3r-secret", "role_id": role.id},
        ),
        1006,
    )


def test_password_policy_on_create(
    client: TestClient, db: Session, tenant: Oem, tenant_h: dict[str, str]
) -> None:
    role = builtin_role(db, tenant, "operator")
    short = client.post(
        f"{API}/users",
        headers=tenant_h,
        json={"username": "bob-the-user", "password": "abc", "role_id": role.id},
    )
    assert_code(short, 400, 400)
    same = client.post(
        f"{API}/users",
        headers=tenant_h,
        json={"username": "bob-the-user", "password": "Bob-The-User", "role_id": role.id},
    )
    assert_code(same, 400, 400)
    assert "username" in same.json()["message"]


def test_user_without_the_key_gets_1011(client: TestClient, db: Session, tenant: Oem) -> None:
    auditor = bearer_headers(db, make_user(db, tenant, "auditor"))
    assert client.get(f"{API}/users", headers=auditor).status_code == 200
    role = builtin_role(db, tenant, "operator")
    assert_code(
        client.post(
            f"{API}/users",
            headers=auditor,
            json={"username": "x-user-1", "password": "Sup3r-secret", "role_id": role.id},
        ),
        1011,
        403,
    )


def test_cannot_assign_a_role_of_another_oem_or_above_oneself(
    client: TestClient, db: Session, tenant: Oem, home: Oem, tenant_h: dict[str, str]
) -> None:
    foreign = builtin_role(db, home, "operator")
    assert_code(
        client.post(
            f"{API}/users",
            headers=tenant_h,
            json={"username": "x-user-2", "password": "Sup3r-secret", "role_id": foreign.id},
        ),
        1007,
        404,
    )
    operator = make_user(db, tenant, "operator")
    op_role = builtin_role(db, tenant, "operator")
    admin_role = builtin_role(db, tenant, "oem_admin")
    op_h = bearer_headers(db, operator)
    # An operator holding sys.user.write through a custom role still cannot hand out oem_admin.
    op_role.permissions = sorted(set(op_role.permissions) | {"sys.user.write", "sys.user.read"})
    db.flush()
    assert_code(
        client.post(
            f"{API}/users",
            headers=op_h,
            json={"username": "x-user-3", "password": "Sup3r-secret", "role_id": admin_role.id},
        ),
        1011,
        403,
    )


def test_update_disable_and_delete(
    client: TestClient, db: Session, tenant: Oem, tenant_h: dict[str, str]
) -> None:
    user = make_user(db, tenant, "operator")
    user_h = bearer_headers(db, user)
    auditor_role = builtin_role(db, tenant, "auditor")
    updated = client.put(
        f"{API}/users/{user.id}", headers=tenant_h, json={"display_name": "Ops", "role_id": auditor_role.id}
    )
    assert updated.json()["data"]["role_id"] == auditor_role.id
    assert client.put(f"{API}/users/{user.id}", headers=tenant_h, json={"enabled": False}).status_code == 200
    assert_code(client.get(f"{API}/me", headers=user_h), 401, 401)
    assert client.delete(f"{API}/users/{user.id}", headers=tenant_h).status_code == 200
    assert_code(client.get(f"{API}/users/{user.id}", headers=tenant_h), 1001, 404)


def test_list_filters(client: TestClient, db: Session, tenant: Oem, tenant_h: dict[str, str]) -> None:
    make_user(db, tenant, "operator", username="findme-operator")
    data = client.get(f"{API}/users", headers=tenant_h, params={"keyword": "findme"}).json()["data"]
    assert [u["username"] for u in data["items"]] == ["findme-operator"]
