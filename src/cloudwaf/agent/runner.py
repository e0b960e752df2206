"""`cloudwaf node run`: register once, then keep nginx serving the newest good configuration.

Three loops share one state file:
- config: long-poll the control plane for a version other than the last one handled, compile
  the snapshot, apply it (stage -> nginx -t -> swap -> reload -> verify, see apply.py); content
  equal to what is live (a version bump elsewhere in the OEM) causes no reload;
- heartbeat: every HEARTBEAT seconds, and at once after an apply: applied version, last error,
  versions, load, dropped log records;
- shipper: see shipper.py.
At start the live configuration on disk is brought up before the control plane is contacted, so
a node protects its sites across agent restarts and control-plane outages alike.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cloudwaf import __version__
from cloudwaf.agent.apply import ConfigApplier
from cloudwaf.agent.client import ControlPlaneClient, Rejected, Unreachable
from cloudwaf.agent.nginx import NginxProcess, default_worker_user
from cloudwaf.agent.shipper import LogShipper
from cloudwaf.agent.state import AgentState, Credential, StateStore, read_json, write_json
from cloudwaf.dataplane.compiler import compile_snapshot
from cloudwaf.dataplane.layout import Layout
from cloudwaf.dataplane.snapshot import NodeSnapshot

log = logging.getLogger("cloudwaf.agent")

HEARTBEAT_SECONDS = 10.0
LONG_POLL_SECONDS = 25.0
BACKOFF_MAX_SECONDS = 15.0  # a returning control plane is noticed within 15 s


class AgentError(RuntimeError):
    """The agent cannot start (no credential and no token, token refused ...)."""


@dataclass
class AgentOptions:
    server: str
    prefix: Path
    token: str | None = None
    name: str | None = None
    listen_address: str = ""
    control_port: int = 0  # 0: keep the one in the state file, or pick a free one
    heartbeat_seconds: float = HEARTBEAT_SECONDS
    spool_cap_bytes: int = 64 * 1024 * 1024
    # Node-local listen ports: {80: 8080} serves the domains' port 80 on 8080 here, for a node
    # that shares its machine with other web servers (the local node of scripts/up does).
    port_map: dict[int, int] = field(default_factory=dict)


def remap_ports(snapshot: NodeSnapshot, port_map: dict[int, int]) -> NodeSnapshot:
    if not port_map:
        return snapshot
    domains = [
        d.model_copy(update={"http_ports": [port_map.get(p, p) for p in d.http_ports],
                             "https_ports": [port_map.get(p, p) for p in d.https_ports]})
        for d in snapshot.domains
    ]
    return snapshot.model_copy(update={"domains": domains})


def content_digest(snapshot: dict[str, Any]) -> str:
    """What the node would serve, independent of the version label and generation time."""
    content = {k: v for k, v in snapshot.items() if k not in ("version", "generated_at")}
    return hashlib.sha256(json.dumps(content, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _load_figures(spool_bytes: int) -> dict[str, float]:
    figures: dict[str, float] = {"cpus": float(os.cpu_count() or 1), "spool_bytes": float(spool_bytes)}
    with contextlib.suppress(OSError):
        figures["load1"], figures["load5"], figures["load15"] = os.getloadavg()
    try:
        meminfo = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
        total = float(meminfo["MemTotal"].split()[0])
        available = float(meminfo["MemAvailable"].split()[0])
        figures["mem_used_pct"] = round(100 * (1 - available / total), 1)
    except (OSError, KeyError, ValueError, ZeroDivisionError):
        pass
    return figures


class Agent:
    def __init__(self, options: AgentOptions) -> None:
        self.options = options
        self.prefix = options.prefix.resolve()
        self.store = StateStore(self.prefix)
        self.state_lock = threading.Lock()
        self.state: AgentState = self.store.load()
        self.stop_event = threading.Event()
        self.wake_heartbeat = threading.Event()
        self.snapshot_file = self.store.dir / "snapshot.json"
        self._domain_names: dict[int, str] = {}
        self._poll_version = self.state.applied_version  # last version handled, applied or failed
        with self.state_lock:
            if options.control_port:
                self.state.control_port = options.control_port
            elif not self.state.control_port:
                self.state.control_port = _free_port()
            self.store.save(self.state)
        self.layout = Layout(
            prefix=self.prefix,
            control_port=self.state.control_port,
            listen_address=options.listen_address,
            worker_user=default_worker_user(),
        )
        self.nginx = NginxProcess(self.layout)
        self.applier = ConfigApplier(self.nginx)
        self.credential: Credential | None = None
        self._nginx_version = ""

    # ---- start-up ----------------------------------------------------------------------------
    def enroll(self) -> Credential:
        credential = self.store.load_credential()
        if credential is not None:
            if credential.server != self.options.server:
                credential.server = self.options.server
                self.store.save_credential(credential)
            return credential
        if not self.options.token:
            raise AgentError("this node is not registered yet: pass --token with an enrollment token")
        client = ControlPlaneClient(self.options.server)
        try:
            data = client.register(
                self.options.token,
                name=self.options.name,
                hostname=socket.gethostname(),
                agent_version=__version__,
                nginx_version=self.nginx.version(),
            )
        except Rejected as exc:
            raise AgentError(f"registration refused: {exc}") from exc
        finally:
            client.close()
        credential = Credential(
            server=self.options.server,
            node_id=data["node_id"],
            name=data["name"],
            credential=data["credential"],
        )
        self.store.save_credential(credential)
        log.info("registered as node %s (%s)", credential.node_id, credential.name)
        return credential

    def resume_last_good(self) -> None:
        """Serve what is on disk before talking to anyone."""
        saved = read_json(self.snapshot_file)
        if saved is not None:
            self._remember_domains(saved)
        live = self.applier.live_files()
        if live is None:
            return
        result = self.applier.apply(live)
        if not result.ok:
            self._set_error(f"could not start the last good configuration: {result.error}")

    # ---- config ------------------------------------------------------------------------------
    def _remember_domains(self, snapshot: dict[str, Any]) -> None:
        self._domain_names = {d["id"]: d["name"] for d in snapshot.get("domains", [])}

    def domain_names(self) -> dict[int, str]:
        return self._domain_names

    def _set_error(self, error: str | None) -> None:
        with self.state_lock:
            self.state.last_error = error
            self.store.save(self.state)
        if error:
            log.error("%s", error)

    def apply_snapshot(self, version: int, data: dict[str, Any]) -> bool:
        """Applies one snapshot; True when it is what nginx serves now."""
        self._poll_version = version
        digest = content_digest(data)
        if digest == self.state.applied_digest and self.state.last_error is None and self.nginx.is_running():
            with self.state_lock:
                self.state.applied_version = version
                self.store.save(self.state)
            return True
        started = time.perf_counter()
        try:
            snapshot = remap_ports(NodeSnapshot.model_validate(data), self.options.port_map)
            files = compile_snapshot(snapshot, self.layout)
            compiled = time.perf_counter()
            result = self.applier.apply(files)
            error = result.error if not result.ok else None
        except Exception as exc:  # noqa: BLE001 - any failure is reported, the old config keeps serving
            log.exception("applying version %s failed", version)
            error = f"{type(exc).__name__}: {exc}"
        if error is not None:
            self._set_error(f"version {version}: {error}")
            return False
        write_json(self.snapshot_file, data)
        self._remember_domains(data)
        with self.state_lock:
            self.state.applied_version = version
            self.state.applied_digest = digest
            self.state.last_error = None
            self.store.save(self.state)
        log.info(
            "applied config version %s (compile %.0f ms, apply %.0f ms)",
            version,
            (compiled - started) * 1000,
            (time.perf_counter() - compiled) * 1000,
        )
        return True

    def config_loop(self, client: ControlPlaneClient) -> None:
        backoff = 0.0
        while not self.stop_event.is_set():
            try:
                answer = client.config(self._poll_version, wait=LONG_POLL_SECONDS)
                backoff = 0.0
                if answer.get("changed") and answer.get("snapshot") is not None:
                    self.apply_snapshot(int(answer["version"]), answer["snapshot"])
                    self.wake_heartbeat.set()
                continue
            except (Unreachable, Rejected) as exc:
                log.warning("config poll failed: %s", exc)
            except Exception:  # noqa: BLE001 - the loop must outlive any one bad answer
                log.exception("config poll failed")
            backoff = min(BACKOFF_MAX_SECONDS, max(1.0, backoff * 2))
            self.stop_event.wait(backoff)

    # ---- heartbeat ---------------------------------------------------------------------------
    def heartbeat_payload(self, spool_bytes: int) -> dict[str, Any]:
        with self.state_lock:
            applied, error, dropped = (
                self.state.applied_version,
                self.state.last_error,
                self.state.logs_dropped,
            )
        return {
            "applied_version": applied or None,
            "last_error": error,
            "agent_version": __version__,
            "nginx_version": self._nginx_version,
            "hostname": socket.gethostname(),
            "load": _load_figures(spool_bytes),
            "logs_dropped": dropped,
        }

    def heartbeat_loop(self, client: ControlPlaneClient, spool_bytes: Callable[[], int]) -> None:
        while not self.stop_event.is_set():
            try:
                client.heartbeat(self.heartbeat_payload(spool_bytes()))
            except (Unreachable, Rejected) as exc:
                log.info("heartbeat failed: %s", exc)
            except Exception:  # noqa: BLE001 - the heartbeat must outlive any one bad beat
                log.exception("heartbeat failed")
            self.wake_heartbeat.wait(self.options.heartbeat_seconds)
            self.wake_heartbeat.clear()

    # ---- main --------------------------------------------------------------------------------
    def run(self) -> None:
        self._nginx_version = self.nginx.version()
        self.resume_last_good()
        self.credential = self.enroll()
        clients = [ControlPlaneClient(self.options.server, self.credential.credential) for _ in range(3)]
        shipper = LogShipper(
            self.store,
            self.state,
            self.state_lock,
            clients[2],
            node_id=self.credential.node_id,
            audit_log=self.layout.audit_log,
            access_log=self.layout.access_log,
            domain_names=self.domain_names,
            spool_cap_bytes=self.options.spool_cap_bytes,
        )
        threads = [
            threading.Thread(target=self.config_loop, args=(clients[0],), name="config", daemon=True),
            threading.Thread(
                target=self.heartbeat_loop,
                args=(clients[1], shipper.spool_bytes),
                name="heartbeat",
                daemon=True,
            ),
            threading.Thread(target=shipper.run, args=(self.stop_event,), name="shipper", daemon=True),
        ]
        for thread in threads:
            thread.start()
        try:
            self.stop_event.wait()
        finally:
            self.stop_event.set()
            self.wake_heartbeat.set()
            # The config thread may sit in a long-poll: it is a daemon and dies with the process.
            for thread in threads[1:]:
                thread.join(timeout=5)
            for client in clients[1:]:
                client.close()

    def stop(self) -> None:
        self.stop_event.set()
