"""The product path, end to end, with nothing stood in: the real control plane (`cloudwaf serve`,
SQLite), a real loopback origin, and the real agent (`cloudwaf node run`) driving real nginx +
ModSecurity + CRS. Everything after start-up goes through the public API, as an operator would.

Order matters: the tests share one node and run top to bottom (each leaves the policy in block).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.agent.live import CLOUDWAF, ControlPlane, Origin, free_port, start_origin

ATTACK = "/?id=1%27%20OR%201=1--"
HOST = "shop.example"


def curl(port: int, path: str) -> tuple[int, str]:
    """Real curl: status and body (000 when nothing answers)."""
    result = subprocess.run(
        [
            "curl",
            "-s",
            "--max-time",
            "3",
            "-H",
            f"Host: {HOST}",
            "-w",
            "\n%{http_code}",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        timeout=10,
    )
    body, _, status = result.stdout.rpartition("\n")
    return int(status or 0), body


def wait_for(check: Callable[[], Any], timeout: float, interval: float = 0.05) -> float:
    """Seconds until `check()` is truthy; fails the test after `timeout`."""
    started = time.monotonic()
    while True:
        if check():
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            pytest.fail(f"not true after {timeout}s: {check.__doc__ or check}")
        time.sleep(interval)


@dataclass
class Product:
    plane: ControlPlane
    origin: Origin
    prefix: Path
    port: int
    agent: subprocess.Popen[bytes]
    node_id: int = 0
    domain: dict | None = None

    def enforced(self, attack_status: int) -> bool:
        return curl(self.port, "/") == (200, "origin-ok") and curl(self.port, ATTACK)[0] == attack_status

    def events(self, **filters: Any) -> list[dict]:
        query = "&".join(f"{k}={v}" for k, v in {"domain": HOST, "page_size": 100, **filters}.items())
        return self.plane.api("GET", f"chart/events?{query}")["items"]

    def set_mode(self, mode: str) -> None:
        self.plane.api("PUT", f"guard/policies/{self.domain['policy_id']}", json={"mode": mode})


@pytest.fixture(scope="module")
def product() -> Iterator[Product]:
    base = Path(tempfile.mkdtemp(prefix="cloudwaf-product-"))
    os.chmod(base, 0o755)  # nginx workers (nobody) traverse the node prefix
    plane = ControlPlane(base / "control-plane")
    plane.start()
    origin = start_origin()
    prefix = base / "node"
    log = open(base / "agent.log", "ab")  # noqa: SIM115 - handed to the child process
    agent = subprocess.Popen(
        [
            str(CLOUDWAF),
            "node",
            "run",
            "--server",
            plane.url,
            "--token",
            plane.enrollment_token(name="e2e-node"),
            "--prefix",
            str(prefix),
            "--listen",
            "127.0.0.1",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    product = Product(plane, origin, prefix, free_port(), agent)
    try:
        yield product
    finally:
        agent.send_signal(signal.SIGTERM)
        try:
            agent.wait(timeout=15)
        except subprocess.TimeoutExpired:
            agent.kill()
        pid_file = prefix / "logs" / "nginx.pid"
        if pid_file.exists():  # the agent leaves nginx serving on purpose; the test cleans up
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid_file.read_text()), signal.SIGQUIT)
        plane.stop()
        origin.stop()
        if os.environ.get("CLOUDWAF_KEEP_E2E") is None:
            shutil.rmtree(base, ignore_errors=True)


def test_the_agent_enrolls_and_heartbeats(product: Product) -> None:
    def node_reporting() -> bool:
        """the enrolled node heartbeats"""
        nodes = product.plane.api("GET", "node/nodes?keyword=e2e-node")["items"]
        if nodes and nodes[0]["status"] != "offline" and nodes[0]["agent_version"]:
            product.node_id = nodes[0]["id"]
            return True
        return False

    wait_for(node_reporting, 30, 0.2)
    credential = product.prefix / "agent" / "credential.json"
    assert credential.stat().st_mode & 0o777 == 0o600
    assert "cwn_" not in str(product.plane.api("GET", f"node/nodes/{product.node_id}"))


def test_a_domain_created_through_the_api_is_protected_within_seconds(product: Product) -> None:
    product.domain = product.plane.api(
        "POST",
        "guard/domains",
        json={"name": HOST, "http_ports": [product.port], "origins": [f"127.0.0.1:{product.origin.port}"]},
    )
    took = wait_for(lambda: product.enforced(403), 5)
    assert took < 3, f"protection took {took:.2f}s"
    assert curl(product.port, ATTACK)[0] == 403
    assert curl(product.port, "/") == (200, "origin-ok")

    def blocked_event() -> bool:
        """the attack appears in chart/events"""
        return any(e["action"] == "blocked" for e in product.events())

    wait_for(blocked_event, 20, 0.5)
    event = next(e for e in product.events() if e["action"] == "blocked")
    assert event["node"] == "e2e-node" and event["client_ip"] == "127.0.0.1" and event["method"] == "GET"
    assert "OR" in event["uri"] and event["rule_ids"] and event["anomaly_score"] >= 5 and event["event_id"]

    def node_online() -> bool:
        """the node reports the domain's version applied, without error"""
        node = product.plane.api("GET", f"node/nodes/{product.node_id}")
        return node["status"] == "online" and node["last_error"] is None and node["applied_version"]

    wait_for(node_online, 15, 0.2)


def test_switching_the_policy_to_detect_propagates_and_is_enforced(product: Product) -> None:
    product.set_mode("detect")
    wait_for(lambda: product.enforced(200), 5)
    wait_for(lambda: any(e["action"] == "detected" for e in product.events()), 20, 0.5)
    product.set_mode("block")
    wait_for(lambda: product.enforced(403), 5)


def test_the_node_keeps_serving_while_the_control_plane_is_away(product: Product) -> None:
    product.plane.stop()
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        assert product.enforced(403)
        time.sleep(0.3)
    curl(product.port, ATTACK + "&while=away")  # logged while nobody listens: buffered on the node
    product.plane.start()
    # Changes made after the control plane returns reach the node (the agent backs off <= 15 s).
    product.set_mode("detect")
    wait_for(lambda: product.enforced(200), 40, 0.2)
    product.set_mode("block")
    wait_for(lambda: product.enforced(403), 5)
    wait_for(lambda: any("while=away" in e["uri"] for e in product.events()), 40, 0.5)


def test_an_unchanged_version_does_not_reload(product: Product) -> None:
    """A write that does not touch this node's content bumps the version but keeps nginx as is."""
    live = (product.prefix / "conf" / "live").resolve()
    product.plane.api("POST", "node/acl-policies", json={"name": "unused"})  # no rule, no group: no content
    group = product.plane.api("POST", "node/groups", json={"name": "elsewhere"})
    version_before = product.plane.api("GET", f"node/nodes/{product.node_id}")["applied_version"]
    product.plane.api("PUT", f"node/groups/{group['id']}", json={"description": "bump"})
    policy = product.plane.api("POST", "node/acl-policies", json={"name": "other-group-acl"})
    product.plane.api(
        "POST", f"node/acl-policies/{policy['id']}/rules", json={"cidr": "10.0.0.0/8", "action": "deny"}
    )

    def acked() -> bool:
        """the node acknowledged the newer version"""
        return product.plane.api("GET", f"node/nodes/{product.node_id}")["applied_version"] > version_before

    wait_for(acked, 15, 0.2)
    assert (product.prefix / "conf" / "live").resolve() == live


def test_a_node_acl_applies_before_any_domain_rule(product: Product) -> None:
    """Network-level deny on the node's group: even a clean request never reaches the site."""
    policy = product.plane.api("POST", "node/acl-policies", json={"name": "no-loopback"})
    product.plane.api(
        "POST", f"node/acl-policies/{policy['id']}/rules", json={"cidr": "127.0.0.0/8", "action": "deny"}
    )
    group_id = product.plane.api("GET", f"node/nodes/{product.node_id}")["node_group_id"]
    product.plane.api("PUT", f"node/groups/{group_id}", json={"acl_policy_id": policy["id"]})
    wait_for(lambda: curl(product.port, "/")[0] == 403, 10)
    product.plane.api("PUT", f"node/groups/{group_id}", json={"acl_policy_id": None})
    wait_for(lambda: product.enforced(403), 10)
