"""Declarative configuration through the real executable: export -> apply on an empty OEM ->
export again gives the same YAML; applying twice changes nothing; --dry-run and --prune."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest
import yaml

from tests.live_server import LiveServer
from tests.zcloud.conftest import AUTOMATION_SCOPES, Zcloud


def _api(server: LiveServer, headers: dict[str, str]):  # noqa: ANN202
    def call(method: str, path: str, **kwargs):  # noqa: ANN003, ANN202
        merged = {**headers, **kwargs.pop("headers", {})}
        response = httpx.request(method, f"{server.url}/api/v1/{path}", headers=merged, **kwargs)
        assert response.status_code < 300, response.text
        return response.json()["data"]
    return call


@pytest.fixture(scope="module")
def source_config(server: LiveServer) -> dict[str, int]:
    """A realistic configuration in the default OEM, made through the API."""
    api = _api(server, server.login())
    schedule = api("POST", "guard/schedules", json={"name": "office-hours", "timezone": "Asia/Shanghai",
                                                    "windows": [{"days": [0, 1, 2, 3, 4], "start": "09:00",
                                                                 "end": "18:00"}]})
    blocklist = api("POST", "guard/ip-sets", json={"name": "blocklist", "description": "known scanners"})
    api("POST", f"guard/ip-sets/{blocklist['id']}/import",
        content=b"203.0.113.7\n198.51.100.0/24 # scanner net\n", headers={"Content-Type": "text/plain"})
    strict = api("POST", "guard/policies", json={
        "name": "strict-shop", "mode": "block", "paranoia_level": 2, "inbound_threshold": 7,
        "exclusions": [{"rule_ids": [942100], "path_prefix": "/search", "target": "ARGS:q"}],
    })
    shop = api("POST", "guard/domains", json={"name": "shop.example", "origins": ["127.0.0.1:9001"],
                                              "policy_id": strict["id"]})
    api("POST", "guard/forwards", json={"domain_id": shop["id"], "path_prefix": "/api",
                                        "servers": [{"host": "127.0.0.1", "port": 9002, "weight": 2}]})
    api("POST", "guard/cc-rules", json={
        "name": "login-flood", "domain_id": shop["id"], "path": "/login", "limit": 20, "window_seconds": 60,
        "action": "ban", "ban_seconds": 600, "schedule_id": schedule["id"],
    })
    api("POST", "guard/acl-rules", json={
        "name": "drop-blocklist", "domain_id": shop["id"], "priority": 10, "action": "deny",
        "conditions": [{"field": "ip_set", "op": "eq", "value": str(blocklist["id"])}],
    })
    api("POST", "guard/acl-rules", json={
        "name": "admin-only-office", "priority": 20, "action": "deny",
        "conditions": [{"field": "path", "op": "prefix", "value": "/admin"}],
    })
    return {"domain": shop["id"]}


def _tenant_zcloud(server: LiveServer, zcloud: Zcloud) -> Zcloud:
    """A fresh, empty OEM with its own admin and API key."""
    suffix = uuid.uuid4().hex[:8]
    api = _api(server, server.login())
    api("POST", "sys/oems", json={"name": f"Tenant {suffix}", "hostname": f"t{suffix}.example",
                                  "admin": {"username": f"admin-{suffix}", "password": "Tenant-Passw0rd!"}})
    tenant = LiveServer(server.url, server.data_dir, server.process)
    headers = tenant.login(f"admin-{suffix}", "Tenant-Passw0rd!")
    tenant_api = _api(server, headers)
    key = tenant_api("POST", "sys/api-keys", json={"name": "apply", "scopes": AUTOMATION_SCOPES})["key"]
    return Zcloud({**zcloud.env, "ZCLOUD_API_KEY": key})


def test_export_apply_export_round_trip(server: LiveServer, zcloud: Zcloud, source_config: dict,
                                        tmp_path: Path) -> None:
    site = tmp_path / "site.yaml"
    exported = zcloud("export", "-o", str(site))
    assert exported.code == 0, exported.stderr
    doc = yaml.safe_load(site.read_text())
    assert doc["apiVersion"] == "cloudwaf/v1"
    shop = next(d for d in doc["domains"] if d["name"] == "shop.example")
    assert shop["policy"] == "strict-shop" and shop["forwards"][0]["path_prefix"] == "/api"
    assert shop["cc_rules"][0]["schedule"] == "office-hours"
    acl = next(r for r in doc["acl_rules"] if r["name"] == "drop-blocklist")
    assert acl["conditions"][0]["value"] == "blocklist"  # by name, not id
    assert "key_pem" not in site.read_text() and "id:" not in site.read_text()

    tenant = _tenant_zcloud(server, zcloud)
    dry = tenant("apply", "-f", str(site), "--dry-run")
    assert dry.code == 0, dry.stderr
    assert "+ domain shop.example" in dry.stderr
    assert tenant("--output", "json", "domain", "list").json()["total"] == 0  # dry run changed nothing

    applied = tenant("apply", "-f", str(site))
    assert applied.code == 0, applied.stderr
    again = tenant("export")
    assert again.code == 0, again.stderr
    assert yaml.safe_load(again.stdout) == doc
    assert again.stdout == site.read_text()

    second = tenant("apply", "-f", str(site))
    assert second.code == 0, second.stderr
    assert "to create" in second.stderr and " 0 to create, 0 to update, 0 to delete" in second.stderr


def test_apply_updates_and_prunes(server: LiveServer, zcloud: Zcloud, tmp_path: Path) -> None:
    tenant = _tenant_zcloud(server, zcloud)
    site = tmp_path / "site.yaml"
    doc = {
        "apiVersion": "cloudwaf/v1", "kind": "GuardConfig",
        "domains": [{"name": "a.example", "origins": [{"host": "127.0.0.1", "port": 8081}]},
                    {"name": "b.example", "origins": [{"host": "127.0.0.1", "port": 8082}]}],
    }
    site.write_text(yaml.safe_dump(doc))
    assert tenant("apply", "-f", str(site)).code == 0
    doc["domains"] = [
        {"name": "a.example", "origins": [{"host": "127.0.0.1", "port": 9090}], "enabled": False}
    ]
    site.write_text(yaml.safe_dump(doc))
    kept = tenant("apply", "-f", str(site))
    assert "~ domain a.example (enabled, origins)" in kept.stderr
    assert "- domain" not in kept.stderr  # without --prune nothing is deleted
    pruned = tenant("apply", "-f", str(site), "--prune")
    assert pruned.code == 0, pruned.stderr
    assert "- domain b.example" in pruned.stderr
    names = [d["name"] for d in tenant("--output", "json", "domain", "list").json()["items"]]
    assert names == ["a.example"]


def test_apply_refuses_unknown_references(zcloud: Zcloud, tmp_path: Path) -> None:
    site = tmp_path / "bad.yaml"
    site.write_text(yaml.safe_dump({"apiVersion": "cloudwaf/v1", "kind": "GuardConfig", "domains": [
        {"name": "c.example", "origins": ["127.0.0.1:80"], "policy": "no-such-policy"}]}))
    result = zcloud("apply", "-f", str(site))
    assert result.code == 1
    assert "no-such-policy" in result.stderr
