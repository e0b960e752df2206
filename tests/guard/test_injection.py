"""Injection through every string field that can reach nginx or ModSecurity: each payload is
refused with 400, or (free text and regexes, which the data plane escapes or quotes) stored
verbatim without the characters that could end a quoted value or a line."""

from __future__ import annotations

from cloudwaf.guard.snapshot import build_node_snapshot
from tests.guard.helpers import create_domain, ok_data, tenant

G = "/api/v1/guard"
PAYLOADS = [
    'a"b',
    "a'b",
    "a;b",
    "a{b}",
    "a\nb",
    "a$b",
    "a#b",
    "a\\b",
    "a\x00b",
    "a" * 2000,
    "a b",
    "a`b",
    "x%{tx.y}",
]
# Display names may hold spaces ("Office network"); everything else above is refused there too.
SPACES_ALLOWED = {"policy.name", "acl.name", "ipset.name"}
# Characters that can never reach a rendered config from a free-text field.
NEVER = ("\n", "\r", "\x00")


def _structural_cases(domain_id: int) -> list[tuple[str, dict, str]]:
    """(url, payload template with the field set to {}, label): every payload must answer 400."""
    origin = {"host": "PAYLOAD", "port": 80}
    return [
        (f"{G}/domains", {"name": "PAYLOAD", "origins": ["1.2.3.4:80"]}, "domain.name"),
        (f"{G}/domains", {"name": "x.example.com", "origins": [origin]}, "domain.origins.host"),
        (f"{G}/domains", {"name": "x.example.com", "origins": ["PAYLOAD:80"]}, "domain.origins text"),
        (f"{G}/policies", {"name": "PAYLOAD"}, "policy.name"),
        (
            f"{G}/policies",
            {"name": "p", "exclusions": [{"rule_ids": [1], "target": "ARGS:PAYLOAD"}]},
            "target",
        ),
        (
            f"{G}/policies",
            {"name": "p", "exclusions": [{"rule_ids": [1], "target": "PAYLOAD"}]},
            "target coll",
        ),
        (f"{G}/policies", {"name": "p", "exclusions": [{"tags": ["PAYLOAD"]}]}, "exclusion.tags"),
        (
            f"{G}/policies",
            {"name": "p", "exclusions": [{"rule_ids": [1], "path_prefix": "/PAYLOAD"}]},
            "excl.path",
        ),
        (f"{G}/policies", {"name": "p", "allowed_methods": ["PAYLOAD"]}, "allowed_methods"),
        (f"{G}/policies", {"name": "p", "allowed_content_types": ["text/PAYLOAD"]}, "content types"),
        (
            f"{G}/forwards",
            {"domain_id": domain_id, "path_prefix": "/PAYLOAD", "servers": ["1.2.3.4:80"]},
            "fw.path",
        ),
        (
            f"{G}/forwards",
            {"domain_id": domain_id, "path_prefix": "/f", "servers": [{"host": "PAYLOAD", "port": 1}]},
            "fw.server",
        ),
        (
            f"{G}/forwards",
            {
                "domain_id": domain_id,
                "path_prefix": "/f",
                "servers": ["1.2.3.4:80"],
                "host_header": "PAYLOAD",
            },
            "fw.host_header",
        ),
        (
            f"{G}/cc-rules",
            {"name": "c", "domain_id": domain_id, "path": "/PAYLOAD", "limit": 1, "window_seconds": 1},
            "cc.path",
        ),
        (
            f"{G}/cc-rules",
            {"name": "c", "domain_id": domain_id, "key": "header:PAYLOAD", "limit": 1, "window_seconds": 1},
            "cc.key",
        ),
        (
            f"{G}/cc-rules",
            {"name": "c", "domain_id": domain_id, "methods": ["PAYLOAD"], "limit": 1, "window_seconds": 1},
            "cc.methods",
        ),
        (
            f"{G}/schedules",
            {
                "name": "s",
                "timezone": "PAYLOAD",
                "windows": [{"days": [0], "start": "00:00", "end": "01:00"}],
            },
            "schedule.tz",
        ),
        (
            f"{G}/acl-rules",
            {
                "name": "a",
                "priority": 1,
                "action": "deny",
                "conditions": [{"field": "header", "name": "PAYLOAD", "op": "eq", "value": "x"}],
            },
            "acl.header name",
        ),
        (
            f"{G}/acl-rules",
            {
                "name": "a",
                "priority": 1,
                "action": "deny",
                "conditions": [{"field": "arg", "name": "PAYLOAD", "op": "eq", "value": "x"}],
            },
            "acl.arg name",
        ),
        (
            f"{G}/acl-rules",
            {
                "name": "PAYLOAD",
                "priority": 1,
                "action": "deny",
                "conditions": [{"field": "path", "op": "eq", "value": "/"}],
            },
            "acl.name",
        ),
        (f"{G}/ip-sets", {"name": "PAYLOAD"}, "ipset.name"),
    ]


def _fill(template: object, payload: str) -> object:
    if isinstance(template, dict):
        return {k: _fill(v, payload) for k, v in template.items()}
    if isinstance(template, list):
        return [_fill(v, payload) for v in template]
    if isinstance(template, str):
        return template.replace("PAYLOAD", payload)
    return template


def test_structural_fields_refuse_every_payload(client, db) -> None:
    t = tenant(db)
    domain = create_domain(client, t, "inj.example.com")
    for url, template, label in _structural_cases(domain["id"]):
        for payload in PAYLOADS:
            if payload == "a b" and label in SPACES_ALLOWED:
                continue
            response = client.post(url, json=_fill(template, payload), headers=t.headers)
            assert response.status_code == 400, (label, payload, response.text)


def test_free_text_and_regex_are_refused_or_inert(client, db, settings) -> None:
    t = tenant(db)
    domain = create_domain(client, t, "inj2.example.com")
    accepted = 0
    for index, payload in enumerate(PAYLOADS):
        for op, field in (("contains", "user_agent"), ("regex", "path"), ("eq", "header")):
            condition = {"field": field, "op": op, "value": payload}
            if field == "header":
                condition["name"] = "x-test"
            response = client.post(
                f"{G}/acl-rules",
                json={
                    "name": f"r{index}{op}",
                    "domain_id": domain["id"],
                    "priority": index * 10 + len(op),
                    "action": "log",
                    "conditions": [condition],
                },
                headers=t.headers,
            )
            if response.status_code == 400:
                continue
            stored = ok_data(response)["conditions"][0]["value"]
            assert stored == payload and not any(ch in stored for ch in NEVER) and len(stored) <= 1024
            if op == "regex":
                assert not any(ch in stored for ch in "\"'`") and "%{" not in stored
            accepted += 1
        comment = client.post(
            f"{G}/ip-sets", json={"name": f"set{index}", "description": payload}, headers=t.headers
        )
        assert comment.status_code == 400 or not any(ch in payload for ch in NEVER)
    assert accepted > 0
    snap = build_node_snapshot(db, domain["node_group_id"], 1, secret_key=settings.secret_key)
    assert [d.name for d in snap.domains] == ["inj2.example.com"]  # the data plane contract accepts them all
    assert len(snap.domains[0].acl_rules) == accepted
