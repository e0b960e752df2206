from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from cloudwaf.models import Oem
from tests.factories import bearer_headers, builtin_role, make_user
from tests.system.conftest import API, assert_code

LOGS = f"{API}/audit-logs"


def test_writes_are_audited_with_who_what_and_where(
    client: TestClient, db: Session, tenant: Oem, tenant_admin, tenant_h: dict[str, str]
) -> None:  # noqa: ANN001
    role = builtin_role(db, tenant, "operator")
    created = client.post(
        f"{API}/users",
        headers={**tenant_h, "X-Request-ID": "audit-test-0001"},
        json={"username": "audited-user", "password": "Sup3r-secret", "role_id": role.id},
    )
    user_id = created.json()["data"]["id"]
    items = client.get(LOGS, headers=tenant_h, params={"action": "sys.user.create"}).json()["data"]["items"]
    assert len(items) == 1
    entry = items[0]
    assert entry["actor_name"] == tenant_admin.username and entry["oem_id"] == tenant.id
    assert entry["target_type"] == "user" and entry["target_id"] == str(user_id)
    assert entry["request_id"] == "audit-test-0001" and entry["client_ip"] == "testclient"
    assert entry["summary"]["after"]["password_hash"] == "***" and "Sup3r-secret" not in str(entry)


def test_filters(
    client: TestClient, db: Session, tenant: Oem, tenant_admin, tenant_h: dict[str, str]
) -> None:  # noqa: ANN001
    client.post(f"{API}/roles", headers=tenant_h, json={"name": "R1", "permissions": []})
    client.put(f"{API}/settings/timezone", headers=tenant_h, json={"value": "UTC"})
    by_prefix = client.get(LOGS, headers=tenant_h, params={"action": "sys.role"}).json()["data"]
    assert {i["action"] for i in by_prefix["items"]} == {"sys.role.create"}
    by_target = client.get(LOGS, headers=tenant_h, params={"target_type": "setting"}).json()["data"]
    assert by_target["total"] == 1
    by_actor = client.get(LOGS, headers=tenant_h, params={"actor": tenant_admin.username}).json()["data"]
    assert by_actor["total"] == 2
    future = client.get(LOGS, headers=tenant_h, params={"stime": "2099-01-01T00:00:00Z"}).json()["data"]
    assert future["total"] == 0
    assert client.get(LOGS, headers=tenant_h, params={"etime": 4102444800}).json()["data"]["total"] == 2
    assert_code(client.get(LOGS, headers=tenant_h, params={"stime": "yesterday"}), 400, 400)


def test_the_log_cannot_be_changed(
    client: TestClient, db: Session, tenant: Oem, tenant_h: dict[str, str]
) -> None:
    client.post(f"{API}/roles", headers=tenant_h, json={"name": "R2", "permissions": []})
    entry = client.get(LOGS, headers=tenant_h).json()["data"]["items"][0]
    for method in ("put", "patch", "delete"):
        assert getattr(client, method)(f"{LOGS}/{entry['id']}", headers=tenant_h).status_code == 405
    assert client.post(LOGS, headers=tenant_h, json={}).status_code == 405
    assert client.get(f"{LOGS}/{entry['id']}", headers=tenant_h).status_code == 200


def test_auditor_reads_operator_does_not(client: TestClient, db: Session, tenant: Oem) -> None:
    assert client.get(LOGS, headers=bearer_headers(db, make_user(db, tenant, "auditor"))).status_code == 200
    assert_code(client.get(LOGS, headers=bearer_headers(db, make_user(db, tenant, "operator"))), 1011, 403)
