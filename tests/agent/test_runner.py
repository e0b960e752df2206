"""The agent's apply path on real nginx + ModSecurity + CRS (no control plane needed): content that
did not change causes no reload, a refused config keeps the last good one serving and is
reported, and a restarted agent brings the last good config back before talking to anyone."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cloudwaf.agent.nginx import NGINX_BINARY, NginxProcess
from cloudwaf.agent.runner import Agent, AgentOptions, content_digest
from cloudwaf.dataplane.snapshot import (
    Branding,
    DomainSnapshot,
    Forward,
    NodeSnapshot,
    PolicySnapshot,
    UpstreamServer,
)
from tests.agent.live import Origin, free_port, start_origin

pytestmark = pytest.mark.skipif(not NGINX_BINARY.exists(), reason="needs nginx + ModSecurity + CRS")

ATTACK = "/?id=1%27%20OR%201=1--"


@pytest.fixture
def prefix() -> Iterator[Path]:
    # Workers run as nobody and must traverse the prefix: not pytest's 0700 tmp_path.
    path = Path(tempfile.mkdtemp(prefix="cloudwaf-agent-"))
    os.chmod(path, 0o755)
    yield path
    for agent_nginx in _started:
        agent_nginx.stop()
    _started.clear()
    shutil.rmtree(path, ignore_errors=True)


_started: list[NginxProcess] = []


@pytest.fixture(scope="module")
def origin() -> Iterator[Origin]:
    started = start_origin()
    yield started
    started.stop()


def _agent(prefix: Path) -> Agent:
    agent = Agent(AgentOptions(server="http://127.0.0.1:9", prefix=prefix, listen_address="127.0.0.1"))
    _started.append(agent.nginx)
    return agent


def _snapshot(
    version: int, port: int, origin: Origin, *, mode: str = "block", host: str = "127.0.0.1"
) -> dict:
    domain = DomainSnapshot(
        id=1,
        oem_id=1,
        name="shop.example",
        http_ports=[port],
        policy=PolicySnapshot(id=1, mode=mode),
        forwards=[Forward(servers=[UpstreamServer(host=host, port=origin.port)])],
    )
    return NodeSnapshot(
        version=version, domains=[domain], branding={1: Branding(name="Cloud WAF")}
    ).model_dump(mode="json")


def _get(port: int, path: str) -> int:
    return httpx.get(
        f"http://127.0.0.1:{port}{path}", headers={"Host": "shop.example"}, timeout=5
    ).status_code


def test_apply_then_no_reload_for_unchanged_content(prefix: Path, origin: Origin) -> None:
    agent = _agent(prefix)
    port = free_port()
    assert agent.apply_snapshot(1, _snapshot(1, port, origin)) is True
    assert (_get(port, "/"), _get(port, ATTACK)) == (200, 403)
    live = agent.layout.conf_dir.resolve()

    assert agent.apply_snapshot(2, _snapshot(2, port, origin)) is True  # another version, same content
    assert agent.layout.conf_dir.resolve() == live  # no new release, no reload
    assert agent.store.load().applied_version == 2

    assert agent.apply_snapshot(3, _snapshot(3, port, origin, mode="detect")) is True
    assert agent.layout.conf_dir.resolve() != live
    assert _get(port, ATTACK) == 200  # detect-only lets it through (and logs it)
    state = agent.store.load()
    assert (state.applied_version, state.last_error) == (3, None)
    assert state.applied_digest == content_digest(_snapshot(99, port, origin, mode="detect"))


def test_a_refused_config_keeps_the_last_good_one_serving(prefix: Path, origin: Origin) -> None:
    agent = _agent(prefix)
    port = free_port()
    assert agent.apply_snapshot(1, _snapshot(1, port, origin))
    # nginx -t refuses an upstream host it cannot resolve.
    assert agent.apply_snapshot(2, _snapshot(2, port, origin, host="no-such-origin.invalid")) is False
    state = agent.store.load()
    assert state.applied_version == 1 and "version 2" in (state.last_error or "")
    assert agent.heartbeat_payload(0)["last_error"] == state.last_error
    assert (_get(port, "/"), _get(port, ATTACK)) == (200, 403)
    # The next good version clears the error.
    assert agent.apply_snapshot(3, _snapshot(3, port, origin))
    assert agent.store.load().last_error is None


def test_a_restarted_agent_serves_the_last_good_config_before_any_contact(
    prefix: Path, origin: Origin
) -> None:
    port = free_port()
    first = _agent(prefix)
    assert first.apply_snapshot(5, _snapshot(5, port, origin))
    first.nginx.stop()
    with pytest.raises(httpx.HTTPError):
        _get(port, "/")
    second = _agent(prefix)  # the control plane at 127.0.0.1:9 is unreachable
    second.resume_last_good()
    assert (_get(port, "/"), _get(port, ATTACK)) == (200, 403)
    assert second.state.applied_version == 5 and second.domain_names() == {1: "shop.example"}
    assert second.layout.control_port == first.layout.control_port  # kept in the state file
