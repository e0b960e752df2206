"""The log shipper against a real control plane: buffering while it is away, the size cap,
exactly-once delivery, offsets kept across restarts."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from cloudwaf.agent.client import ControlPlaneClient
from cloudwaf.agent.shipper import LogShipper
from cloudwaf.agent.state import StateStore
from tests.agent.live import ControlPlane


def _audit_line(unique_id: str, uri: str) -> str:
    return (
        json.dumps(
            {
                "transaction": {
                    "client_ip": "192.0.2.9",
                    "time_stamp": "Thu Dec  3 14:39:47 2026",
                    "unique_id": unique_id,
                    "request": {
                        "method": "GET",
                        "uri": uri,
                        "headers": {"Host": "shop.example", "Cookie": "sid=1"},
                    },
                    "response": {"http_code": 403},
                    "messages": [
                        {
                            "message": "SQL Injection Attack Detected via libinjection",
                            "details": {"ruleId": "942100"},
                        },
                        {
                            "message": "Inbound Anomaly Score Exceeded (Total Score: 5)",
                            "details": {"ruleId": "949110"},
                        },
                    ],
                }
            }
        )
        + "\n"
    )


def _access_line(status: int, blocked: str = "") -> str:
    return (
        json.dumps(
            {
                "time": "2026-12-03T14:39:47+00:00",
                "domain_id": "7",
                "event_id": "7-x",
                "client_ip": "192.0.2.9",
                "host": "shop.example",
                "method": "GET",
                "uri": "/",
                "status": status,
                "bytes_sent": 100,
                "request_length": 50,
                "request_time": 0.001,
                "upstream_addr": "",
                "upstream_status": "",
                "upstream_response_time": "",
                "blocked": blocked,
            }
        )
        + "\n"
    )


class Node:
    def __init__(self, plane: ControlPlane, prefix: Path) -> None:
        client = ControlPlaneClient(plane.url)
        data = client.register(
            plane.enrollment_token(name="ship-node"),
            name=None,
            hostname="h",
            agent_version="test",
            nginx_version="test",
        )
        self.node_id = data["node_id"]
        self.credential = data["credential"]
        self.plane = plane
        self.store = StateStore(prefix)
        self.audit = prefix / "logs" / "modsec_audit.log"
        self.access = prefix / "logs" / "access.log"
        self.audit.parent.mkdir(parents=True)
        self.audit.touch()
        self.access.touch()

    def shipper(self, **kwargs: object) -> LogShipper:
        return LogShipper(
            self.store,
            self.store.load(),
            threading.Lock(),
            ControlPlaneClient(self.plane.url, self.credential, timeout=3),
            node_id=self.node_id,
            audit_log=self.audit,
            access_log=self.access,
            domain_names=lambda: {7: "shop.example"},
            **kwargs,
        )

    def write(self, path: Path, text: str) -> None:
        with open(path, "a") as handle:
            handle.write(text)

    def events(self) -> list[dict]:
        return self.plane.api("GET", f"chart/events?node_id={self.node_id}&page_size=100")["items"]


@pytest.fixture
def node(control_plane: ControlPlane, tmp_path: Path) -> Node:
    return Node(control_plane, tmp_path / "node")


def test_batches_wait_on_disk_while_the_control_plane_is_away(node: Node) -> None:
    shipper = node.shipper()
    node.write(node.audit, _audit_line("7-a", "/?id=1%27%20OR%201=1--"))
    node.write(node.access, _access_line(403, "waf") + _access_line(200) + '{"broken\n')
    node.plane.stop()
    assert shipper.collect() is True
    assert shipper.send_pending() == 0 and len(shipper.spool_files()) == 1 and shipper.backoff >= 1
    node.write(node.audit, _audit_line("7-b", "/?q=<script>"))
    node.write(node.audit, '{"transaction": {"partial')  # unfinished line: waits for its newline
    shipper.collect()
    assert shipper.send_pending() == 0 and len(shipper.spool_files()) == 2
    shipper.send_pending()
    assert shipper.backoff >= 2  # backs off while the control plane stays away

    node.plane.start()
    assert shipper.send_pending() == 2 and shipper.spool_files() == [] and shipper.backoff == 0
    events = node.events()
    assert sorted(e["event_id"] for e in events) == ["7-a", "7-b"]
    first = next(e for e in events if e["event_id"] == "7-a")
    assert (first["domain"], first["action"], first["rule_ids"], first["anomaly_score"]) == (
        "shop.example",
        "blocked",
        [942100, 949110],
        5,
    )

    # A restarted shipper resumes from the saved offsets: nothing is read or sent twice.
    again = node.shipper()
    assert again.collect() is False and again.send_pending() == 0
    node.write(node.audit, '"}}\n')  # completes the unfinished line (not an attack record)
    again.collect()
    again.send_pending()
    assert len(node.events()) == 2


def test_a_batch_sent_twice_is_stored_once(node: Node) -> None:
    shipper = node.shipper()
    node.write(node.audit, _audit_line("7-c", "/?id=1'--"))
    shipper.collect()
    batch = json.loads(shipper.spool_files()[0].read_text())
    assert shipper.send_pending() == 1
    ControlPlaneClient(node.plane.url, node.credential).ship(batch)  # e.g. the first answer was lost
    assert [e["event_id"] for e in node.events()] == ["7-c"]


def test_the_spool_cap_drops_the_oldest_batches_and_counts_them(node: Node) -> None:
    shipper = node.shipper(spool_cap_bytes=1)
    node.plane.stop()
    for n in range(3):
        node.write(node.audit, _audit_line(f"7-d{n}", "/?id=1'--"))
        shipper.collect()
    assert len(shipper.spool_files()) == 1  # only the newest survives a 1-byte cap
    assert node.store.load().logs_dropped == 2
    node.plane.start()
    shipper.send_pending()
    assert [e["event_id"] for e in node.events()] == ["7-d2"]


def test_rotated_log_is_read_from_its_start(node: Node) -> None:
    shipper = node.shipper()
    node.write(node.audit, _audit_line("7-e", "/?a=1'--"))
    shipper.collect()
    node.audit.rename(node.audit.with_suffix(".1"))
    node.write(node.audit, _audit_line("7-f", "/?a=2'--"))
    shipper.collect()
    shipper.send_pending()
    assert sorted(e["event_id"] for e in node.events()) == ["7-e", "7-f"]
