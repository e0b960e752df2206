"""The config long-poll across control-plane replicas: a node waiting on replica B wakes when an
operator writes through replica A (the database is the only channel between them)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cloudwaf.agent.client import ControlPlaneClient
from tests.agent.live import ControlPlane


@pytest.fixture
def replicas(tmp_path: Path) -> Iterator[tuple[ControlPlane, ControlPlane]]:
    first = ControlPlane(tmp_path / "shared")
    first.start()
    second = ControlPlane(tmp_path / "shared")  # same database, another process and port
    try:
        second.start()
        yield first, second
    finally:
        second.stop()
        first.stop()


def test_a_write_on_one_replica_wakes_a_node_waiting_on_another(
    replicas: tuple[ControlPlane, ControlPlane],
) -> None:
    writer, waiter = replicas
    registered = ControlPlaneClient(writer.url).register(
        writer.enrollment_token(name="replica-node"),
        name=None,
        hostname="h",
        agent_version="t",
        nginx_version="t",
    )
    node = ControlPlaneClient(waiter.url, registered["credential"])
    current = node.config(0)["version"]

    answer: dict = {}

    def wait() -> None:
        answer.update(node.config(current, wait=20))
        answer["at"] = time.monotonic()

    thread = threading.Thread(target=wait)
    thread.start()
    time.sleep(1.0)
    assert not answer, "the long-poll answered before anything changed"
    policy = writer.api("POST", "node/acl-policies", json={"name": "lb-only"})
    writer.api(
        "POST", f"node/acl-policies/{policy['id']}/rules", json={"cidr": "10.0.0.0/8", "action": "allow"}
    )
    group = registered["node_group_id"]
    written = time.monotonic()
    writer.api("PUT", f"node/groups/{group}", json={"acl_policy_id": policy["id"]})
    thread.join(timeout=20)
    assert answer["changed"] is True and answer["version"] > current
    assert answer["at"] - written < 2.0, f"woke {answer['at'] - written:.2f}s after the write"


def test_the_long_poll_times_out_with_no_change(replicas: tuple[ControlPlane, ControlPlane]) -> None:
    writer, waiter = replicas
    registered = ControlPlaneClient(writer.url).register(
        writer.enrollment_token(name="idle-node"),
        name=None,
        hostname="h",
        agent_version="t",
        nginx_version="t",
    )
    node = ControlPlaneClient(waiter.url, registered["credential"])
    current = node.config(0)["version"]
    started = time.monotonic()
    assert node.config(current, wait=1.5) == {"version": current, "changed": False, "snapshot": None}
    assert 1.4 <= time.monotonic() - started < 4
    # Over the limit is refused, not silently shortened.
    response = httpx.get(
        f"{waiter.url}/api/v1/node/agent/config",
        params={"version": current, "wait": 60},
        headers={"Authorization": f"Node {registered['credential']}"},
    )
    assert response.status_code == 400
