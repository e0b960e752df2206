"""Plans, orders (state machine) and announcements."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from cloudwaf.models import Oem
from tests.system.conftest import API, assert_code


@pytest.fixture
def plan(client: TestClient, admin_h: dict[str, str]) -> dict:
    response = client.post(
        f"{API}/plans",
        headers=admin_h,
        json={"name": "Pro", "price_cents": 9900, "duration_days": 30, "features": ["cc"]},
    )
    assert response.status_code == 200, response.json()
    return response.json()["data"]


def test_plan_catalogue(
    client: TestClient, admin_h: dict[str, str], tenant_h: dict[str, str], plan: dict
) -> None:
    assert_code(client.post(f"{API}/plans", headers=admin_h, json={"name": "pro"}), 1033, 409)
    assert_code(client.get(f"{API}/plans/999999", headers=tenant_h), 1032, 404)
    assert_code(client.post(f"{API}/plans", headers=tenant_h, json={"name": "Mine"}), 1011, 403)
    assert plan["id"] in {
        p["id"] for p in client.get(f"{API}/plans", headers=tenant_h).json()["data"]["items"]
    }
    client.put(f"{API}/plans/{plan['id']}", headers=admin_h, json={"enabled": False})
    assert_code(client.get(f"{API}/plans/{plan['id']}", headers=tenant_h), 1032, 404)  # hidden when disabled


def _order(client: TestClient, headers: dict[str, str], plan: dict, **extra: object) -> dict:
    response = client.post(
        f"{API}/orders", headers=headers, json={"plan_id": plan["id"], "quantity": 2, **extra}
    )
    assert response.status_code == 200, response.json()
    return response.json()["data"]


def _move(client: TestClient, headers: dict[str, str], order: dict, status: str):  # noqa: ANN202
    return client.post(f"{API}/orders/{order['id']}/transition", headers=headers, json={"status": status})


def test_order_lifecycle(
    client: TestClient, admin_h: dict[str, str], tenant: Oem, tenant_h: dict[str, str], plan: dict
) -> None:
    order = _order(client, tenant_h, plan)
    assert order["status"] == "pending" and order["amount_cents"] == 19800 and order["oem_id"] == tenant.id
    assert_code(_move(client, tenant_h, order, "paid"), 1011, 403)  # only the platform confirms payment
    assert_code(_move(client, admin_h, order, "active"), 1031, 400)  # pending → active skips a step
    assert _move(client, admin_h, order, "paid").json()["data"]["paid_at"]
    active = _move(client, admin_h, order, "active").json()["data"]
    assert active["status"] == "active" and active["expires_at"]
    assert_code(client.delete(f"{API}/orders/{order['id']}", headers=admin_h), 1031, 400)
    assert _move(client, admin_h, order, "expired").json()["data"]["status"] == "expired"
    assert_code(_move(client, admin_h, order, "cancelled"), 1031, 400)  # final state
    assert_code(_move(client, admin_h, order, "bogus"), 400, 400)
    assert_code(client.get(f"{API}/orders/999999", headers=tenant_h), 1030, 404)


def test_tenant_cancels_and_deletes_a_pending_order(
    client: TestClient, tenant_h: dict[str, str], plan: dict
) -> None:
    order = _order(client, tenant_h, plan)
    assert _move(client, tenant_h, order, "cancelled").json()["data"]["status"] == "cancelled"
    assert client.delete(f"{API}/orders/{order['id']}", headers=tenant_h).status_code == 200
    assert_code(client.get(f"{API}/orders/{order['id']}", headers=tenant_h), 1030, 404)


def test_orders_of_another_oem(
    client: TestClient, tenant: Oem, tenant_h: dict[str, str], other_h: dict[str, str], plan: dict
) -> None:
    order = _order(client, tenant_h, plan)
    url = f"{API}/orders/{order['id']}"
    assert_code(client.get(url, headers=other_h), 1030, 404)
    assert_code(client.put(url, headers=other_h, json={"note": "mine"}), 1030, 404)
    assert_code(_move(client, other_h, order, "cancelled"), 1030, 404)
    assert_code(client.delete(url, headers=other_h), 1030, 404)
    assert order["id"] not in {
        o["id"] for o in client.get(f"{API}/orders", headers=other_h).json()["data"]["items"]
    }
    assert_code(
        client.post(f"{API}/orders", headers=other_h, json={"plan_id": plan["id"], "oem_id": tenant.id}),
        1020,
        404,
    )
    assert client.get(url, headers=tenant_h).json()["data"]["status"] == "pending"


def test_announcements(client: TestClient, tenant_h: dict[str, str], other_h: dict[str, str]) -> None:
    created = client.post(
        f"{API}/announcements",
        headers=tenant_h,
        json={"title": "Maintenance", "content": "Sunday 02:00", "level": "warning"},
    )
    assert created.status_code == 200, created.json()
    row = created.json()["data"]
    assert row["published"] is False and row["published_at"] is None
    published = client.put(f"{API}/announcements/{row['id']}", headers=tenant_h, json={"published": True})
    assert published.json()["data"]["published_at"]
    assert_code(client.get(f"{API}/announcements/999999", headers=tenant_h), 1040, 404)
    url = f"{API}/announcements/{row['id']}"
    assert_code(client.get(url, headers=other_h), 1040, 404)
    assert_code(client.put(url, headers=other_h, json={"title": "x"}), 1040, 404)
    assert_code(client.delete(url, headers=other_h), 1040, 404)
    assert client.get(f"{API}/announcements", headers=other_h).json()["data"]["total"] == 0
    assert client.delete(url, headers=tenant_h).status_code == 200
    assert_code(client.get(url, headers=tenant_h), 1040, 404)
