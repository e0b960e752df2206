from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from cloudwaf.auth.permissions import ALL_KEYS
from cloudwaf.models import Oem
from tests.factories import bearer_headers, builtin_role, make_user
from tests.system.conftest import API, assert_code


def test_permission_catalogue_is_grouped_by_module(client: TestClient, admin_h: dict[str, str]) -> None:
    groups = client.get(f"{API}/permissions", headers=admin_h).json()["data"]
    modules = [g["module"] for g in groups]
    assert modules[0] == "sys" and "guard" in modules and "node" in modules
    keys = {p["key"] for g in groups for p in g["permissions"]}
    assert keys == set(ALL_KEYS)


def test_permission_descriptions_follow_accept_language(client: TestClient, admin_h: dict[str, str]) -> None:
    def described(language: str | None) -> dict[str, str]:
        headers = {**admin_h, **({"Accept-Language": language} if language else {})}
        groups = client.get(f"{API}/permissions", headers=headers).json()["data"]
        return {p["key"]: p["description"] for g in groups for p in g["permissions"]}

    english, chinese = described("en-US,en;q=0.9"), described("zh-CN,zh;q=0.9,en;q=0.8")
    assert english["guard.domain.write"] == "Create, change and delete protected domains"
    assert chinese["guard.domain.write"] == "创建、修改和删除防护域名"
    assert chinese["sys.user.unlock"] == "解锁被锁定的用户"
    assert described(None) == english and described("de-DE") == english  # anything not Chinese: English
    assert described("zh-TW") == chinese
    assert chinese.keys() == english.keys() == set(ALL_KEYS)
    # Every key has a real translation: Chinese text, never the English one copied over.
    def has_han(text: str) -> bool:
        return any("\u4e00" <= ch <= "\u9fff" for ch in text)

    assert all(chinese[k] != english[k] and has_han(chinese[k]) for k in ALL_KEYS)


def test_role_crud_and_codes(client: TestClient, db: Session, tenant: Oem, tenant_h: dict[str, str]) -> None:
    created = client.post(
        f"{API}/roles",
        headers=tenant_h,
        json={"name": "Viewers", "permissions": ["guard.domain.read", "chart.query.read"]},
    )
    assert created.status_code == 200, created.json()
    role_id = created.json()["data"]["id"]
    assert_code(
        client.post(f"{API}/roles", headers=tenant_h, json={"name": "viewers", "permissions": []}), 1008, 409
    )
    updated = client.put(
        f"{API}/roles/{role_id}", headers=tenant_h, json={"permissions": ["guard.domain.read"]}
    )
    assert updated.json()["data"]["permissions"] == ["guard.domain.read"]
    assert_code(client.get(f"{API}/roles/999999", headers=tenant_h), 1007, 404)
    user = make_user(db, tenant, "operator")
    user.role_id = role_id
    db.flush()
    assert_code(client.delete(f"{API}/roles/{role_id}", headers=tenant_h), 1009, 403)  # in use
    db.delete(user)
    db.flush()
    assert client.delete(f"{API}/roles/{role_id}", headers=tenant_h).status_code == 200
    builtin = builtin_role(db, tenant, "auditor")
    assert_code(client.delete(f"{API}/roles/{builtin.id}", headers=tenant_h), 1009, 403)


def test_role_keys_are_bounded_by_the_creator(
    client: TestClient, db: Session, tenant: Oem, home: Oem, tenant_h: dict[str, str], admin_h: dict[str, str]
) -> None:
    # An OEM admin does not hold the platform-only keys.
    assert_code(
        client.post(f"{API}/roles", headers=tenant_h, json={"name": "Up", "permissions": ["sys.oem.write"]}),
        1011,
        403,
    )
    assert_code(
        client.post(f"{API}/roles", headers=tenant_h, json={"name": "Odd", "permissions": ["guard.*"]}),
        400,
        400,
    )
    # The platform admin may not put a platform-only key into a role outside the default OEM ...
    assert_code(
        client.post(
            f"{API}/roles",
            headers=admin_h,
            json={"name": "Up", "permissions": ["sys.oem.write"], "oem_id": tenant.id},
        ),
        400,
        400,
    )
    # ... but may in the default OEM.
    assert (
        client.post(
            f"{API}/roles",
            headers=admin_h,
            json={"name": "Tenant managers", "permissions": ["sys.oem.write"]},
        ).status_code
        == 200
    )


def test_role_change_takes_effect_on_the_next_request(
    client: TestClient, db: Session, tenant: Oem, tenant_h: dict[str, str]
) -> None:
    role = client.post(
        f"{API}/roles",
        headers=tenant_h,
        json={"name": "Readers", "permissions": ["guard.domain.read", "sys.user.read"]},
    ).json()["data"]
    user = make_user(db, tenant, "operator")
    user.role_id = role["id"]
    db.flush()
    user_h = bearer_headers(db, user)
    assert client.get(f"{API}/users", headers=user_h).status_code == 200
    client.put(f"{API}/roles/{role['id']}", headers=tenant_h, json={"permissions": ["guard.domain.read"]})
    assert_code(client.get(f"{API}/users", headers=user_h), 1011, 403)
