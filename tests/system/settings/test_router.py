from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from cloudwaf.models import AuditLog, Oem
from tests.system.conftest import API, assert_code

SETTINGS = f"{API}/settings"


def test_settings_are_typed_and_file_only_ones_read_only(
    client: TestClient, tenant_h: dict[str, str]
) -> None:
    items = {s["key"]: s for s in client.get(SETTINGS, headers=tenant_h).json()["data"]}
    assert items["captcha_enabled"]["read_only"] is True and items["captcha_enabled"]["value"] is False
    assert items["lockout_threshold"]["value"] == 5 and items["lockout_threshold"]["read_only"] is True
    assert items["timezone"]["read_only"] is False


def test_file_only_settings_answer_1012(client: TestClient, admin_h: dict[str, str]) -> None:
    for key, value in (("captcha_enabled", True), ("session_idle_minutes", 5), ("lockout_threshold", 99)):
        assert_code(client.put(f"{SETTINGS}/{key}", headers=admin_h, json={"value": value}), 1012, 403)
    assert_code(
        client.put(SETTINGS, headers=admin_h, json={"values": {"timezone": "UTC", "captcha_enabled": True}}),
        1012,
        403,
    )
    # All or nothing: the valid key of the refused batch was not written.
    assert client.get(f"{SETTINGS}/timezone", headers=admin_h).json()["data"]["value"] == "Asia/Shanghai"


def test_oem_settings_are_per_oem_and_audited(
    client: TestClient, db: Session, tenant: Oem, tenant_h: dict[str, str], other_h: dict[str, str]
) -> None:
    response = client.put(f"{SETTINGS}/timezone", headers=tenant_h, json={"value": "Europe/Paris"})
    assert response.status_code == 200 and response.json()["data"]["value"] == "Europe/Paris"
    assert client.get(f"{SETTINGS}/timezone", headers=other_h).json()["data"]["value"] == "Asia/Shanghai"
    row = db.scalars(
        select(AuditLog).where(AuditLog.action == "sys.setting.update", AuditLog.oem_id == tenant.id)
    ).one()
    assert row.summary["after"] == {"timezone": "Europe/Paris"}


def test_values_are_validated(client: TestClient, tenant_h: dict[str, str]) -> None:
    assert_code(client.put(f"{SETTINGS}/console_page_size", headers=tenant_h, json={"value": 5000}), 400, 400)
    assert_code(client.put(f"{SETTINGS}/default_language", headers=tenant_h, json={"value": "fr"}), 400, 400)
    assert_code(
        client.put(f"{SETTINGS}/alert_email_sender", headers=tenant_h, json={"value": "nope"}), 400, 400
    )
    assert_code(client.put(f"{SETTINGS}/no_such_key", headers=tenant_h, json={"value": 1}), 404, 404)


def test_platform_settings_need_the_platform_admin(
    client: TestClient, tenant_h: dict[str, str], admin_h: dict[str, str]
) -> None:
    assert_code(client.put(f"{SETTINGS}/platform_name", headers=tenant_h, json={"value": "Mine"}), 1011, 403)
    assert (
        client.put(f"{SETTINGS}/platform_name", headers=admin_h, json={"value": "Shield"}).status_code == 200
    )
    assert client.get(f"{SETTINGS}/platform_name", headers=tenant_h).json()["data"]["value"] == "Shield"
