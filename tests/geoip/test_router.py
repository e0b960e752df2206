"""GET /api/v1/geoip/{ip} on SQLite and PostgreSQL, with generated databases."""

from __future__ import annotations

from pathlib import Path

from cloudwaf.config import Settings
from tests.factories import bearer_headers, default_oem, make_user
from tests.geoip.helpers import limited_headers


def test_lookup_answers_country_asn_and_city(client, db) -> None:  # noqa: ANN001
    headers = bearer_headers(db, make_user(db, role="auditor"))
    body = client.get("/api/v1/geoip/8.8.8.8", headers=headers).json()
    assert body["code"] == 0
    assert body["data"] == {
        "ip": "8.8.8.8", "country_code": "US", "country_name": "United States", "asn": 15169,
        "as_org": "Google LLC", "city": "Mountain View", "region": "California", "latitude": 37.42,
        "longitude": -122.08, "network": "8.8.8.0/24"}
    six = client.get("/api/v1/geoip/2001:4860::8888", headers=headers).json()["data"]
    assert (six["country_code"], six["asn"]) == ("US", 15169)


def test_private_reserved_and_unlisted_addresses_are_10002(client, db) -> None:  # noqa: ANN001
    headers = bearer_headers(db, make_user(db))
    for ip in ("10.0.0.1", "192.168.1.1", "127.0.0.1", "fe80::1", "203.0.113.9", "5.5.5.5"):
        resp = client.get(f"/api/v1/geoip/{ip}", headers=headers)
        assert (resp.status_code, resp.json()["code"]) == (404, 10002), ip


def test_invalid_address_is_400(client, db) -> None:  # noqa: ANN001
    resp = client.get("/api/v1/geoip/not-an-ip", headers=bearer_headers(db, make_user(db)))
    assert (resp.status_code, resp.json()["code"]) == (400, 400)


def test_permission_is_required(client, db) -> None:  # noqa: ANN001
    assert client.get("/api/v1/geoip/8.8.8.8").status_code == 401
    headers = limited_headers(db, default_oem(db), ["chart.query.read"])
    resp = client.get("/api/v1/geoip/8.8.8.8", headers=headers)
    assert (resp.status_code, resp.json()["code"]) == (403, 1011)


def test_missing_database_is_10001_and_health_says_so(app, client, db, settings: Settings,  # noqa: ANN001
                                                      tmp_path: Path) -> None:
    settings.geoip_country_db.unlink()
    headers = bearer_headers(db, make_user(db))
    resp = client.get("/api/v1/geoip/8.8.8.8", headers=headers)
    assert (resp.status_code, resp.json()["code"]) == (500, 10001)
    assert "mmdb" not in resp.json()["message"]  # no file system details for API callers
    health = client.get("/api/v1/health").json()["data"]
    assert health["status"] == "degraded"
    assert health["components"]["geoip"]["ok"] is False


def test_corrupt_database_is_10001(client, db, settings: Settings) -> None:  # noqa: ANN001
    settings.geoip_country_db.write_bytes(b"\x00" * 1024)
    resp = client.get("/api/v1/geoip/8.8.8.8", headers=bearer_headers(db, make_user(db)))
    assert (resp.status_code, resp.json()["code"]) == (500, 10001)


def test_health_reports_loaded_databases(client) -> None:  # noqa: ANN001
    component = client.get("/api/v1/health").json()["data"]["components"]["geoip"]
    assert component["ok"] is True
