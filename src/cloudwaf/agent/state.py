"""What the agent keeps in its prefix directory across restarts.

  agent/credential.json  server URL, node id and credential (mode 0600)
  agent/state.json       applied config version + content digest, last error, control port,
                         log offsets, dropped-record count
  agent/spool/           log batches not yet acknowledged by the control plane

Every write goes to a temporary file that is fsync'ed and renamed over the old one, so a
crash leaves either the old or the new state, never half of one.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_json(path: Path, value: Any, mode: int = 0o600) -> None:
    write_atomic(path, json.dumps(value, sort_keys=True, separators=(",", ":")).encode(), mode)


def read_json(path: Path) -> Any | None:
    try:
        return json.loads(path.read_bytes())
    except FileNotFoundError:
        return None


@dataclass
class Credential:
    server: str
    node_id: int
    name: str
    credential: str


@dataclass
class LogOffset:
    inode: int = 0
    offset: int = 0


@dataclass
class AgentState:
    applied_version: int = 0
    applied_digest: str = ""  # of the snapshot content without its version: unchanged -> no reload
    last_error: str | None = None
    control_port: int = 0
    offsets: dict[str, LogOffset] = field(default_factory=dict)
    logs_dropped: int = 0
    batch_seq: int = 0


class StateStore:
    def __init__(self, prefix: Path) -> None:
        self.dir = prefix / "agent"
        self.credential_file = self.dir / "credential.json"
        self.state_file = self.dir / "state.json"
        self.spool_dir = self.dir / "spool"

    def load_credential(self) -> Credential | None:
        raw = read_json(self.credential_file)
        return Credential(**raw) if raw else None

    def save_credential(self, credential: Credential) -> None:
        write_json(self.credential_file, asdict(credential), mode=0o600)

    def load(self) -> AgentState:
        raw = read_json(self.state_file) or {}
        offsets = {name: LogOffset(**value) for name, value in (raw.pop("offsets", None) or {}).items()}
        known = {k: v for k, v in raw.items() if k in AgentState.__dataclass_fields__}
        return AgentState(offsets=offsets, **known)

    def save(self, state: AgentState) -> None:
        write_json(self.state_file, asdict(state), mode=0o600)
