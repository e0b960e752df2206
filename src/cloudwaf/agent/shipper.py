"""Log shipping: tail the ModSecurity audit log and the nginx access log, turn them into batches
of attack events and per-minute counters, spool each batch on disk, then send the spool to the
control plane oldest first.

Delivery is exactly-once as long as the disk survives: a batch is written to the spool before
the file offsets move past its lines (a crash in between rebuilds the same batch under the same
id), and the control plane ignores a batch id it already stored. While the control plane is away
the spool grows up to `spool_cap_bytes`; past it the oldest batches are dropped and their records
counted in `AgentState.logs_dropped`, which the heartbeat reports.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cloudwaf.agent.client import ControlPlaneClient, Rejected, Unreachable
from cloudwaf.agent.logs import parse_access_line, parse_audit_entry
from cloudwaf.agent.state import AgentState, LogOffset, StateStore, read_json, write_json

log = logging.getLogger("cloudwaf.agent.shipper")

MAX_READ_BYTES = 4 * 1024 * 1024  # per source per cycle
MAX_RECORDS = 2000  # per source per cycle (the API takes up to 10,000 of each kind)
BACKOFF_MAX_SECONDS = 30.0


@dataclass(frozen=True)
class LogSource:
    name: str  # key of the offset in the state file
    path: Path


def _iso_or_now(value: Any) -> str:
    try:
        return datetime.fromisoformat(str(value)).astimezone(UTC).isoformat()
    except ValueError:
        return datetime.now(UTC).isoformat()


class LogShipper:
    def __init__(
        self,
        store: StateStore,
        state: AgentState,
        state_lock: threading.Lock,
        client: ControlPlaneClient,
        *,
        node_id: int,
        audit_log: Path,
        access_log: Path,
        domain_names: Callable[[], dict[int, str]],
        spool_cap_bytes: int = 64 * 1024 * 1024,
        interval: float = 1.0,
    ) -> None:
        self.store = store
        self.state = state
        self.state_lock = state_lock
        self.client = client
        self.node_id = node_id
        self.audit = LogSource("audit", audit_log)
        self.access = LogSource("access", access_log)
        self.domain_names = domain_names
        self.spool_cap_bytes = spool_cap_bytes
        self.interval = interval
        self.backoff = 0.0
        store.spool_dir.mkdir(parents=True, exist_ok=True, mode=0o700)

    # ---- the loop ----------------------------------------------------------------------------
    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self.collect()
                self.send_pending()
            except Exception:  # noqa: BLE001 - the shipper must outlive any one bad cycle
                log.exception("log shipping cycle failed")
            stop.wait(self.backoff or self.interval)

    # ---- reading -----------------------------------------------------------------------------
    def _read_new(self, source: LogSource) -> tuple[list[bytes], LogOffset]:
        """Complete lines after the saved offset, and the offset after them. A new inode or a
        shorter file means the log was rotated or truncated: start from its beginning."""
        with self.state_lock:
            saved = self.state.offsets.get(source.name, LogOffset())
        try:
            stat = source.path.stat()
        except FileNotFoundError:
            return [], saved
        offset = saved.offset if saved.inode == stat.st_ino and stat.st_size >= saved.offset else 0
        if stat.st_size == offset:
            return [], LogOffset(stat.st_ino, offset)
        with open(source.path, "rb") as handle:
            handle.seek(offset)
            chunk = handle.read(MAX_READ_BYTES)
        lines = chunk.split(b"\n")[:-1][:MAX_RECORDS]  # the part after the last newline is unfinished
        consumed = sum(len(line) + 1 for line in lines)
        if not lines and len(chunk) == MAX_READ_BYTES:
            # One line longer than the read window: skip it rather than stall forever.
            end = chunk.rfind(b"\n")
            consumed = len(chunk) if end < 0 else end + 1
        return lines, LogOffset(stat.st_ino, offset + consumed)

    def _events(self, lines: list[bytes], names: dict[int, str]) -> list[dict[str, Any]]:
        events = []
        for line in lines:
            try:
                raw = parse_audit_entry(line)
            except (ValueError, KeyError, TypeError):
                continue
            if not raw.get("rule_ids") and raw.get("status") != 429:
                continue  # an audit record without a rule match is no attack
            events.append(
                {
                    "time": _iso_or_now(raw.get("time")),
                    "domain": names.get(raw.get("domain_id") or -1) or raw.get("host", ""),
                    "client_ip": raw.get("client_ip", ""),
                    "method": raw.get("method", ""),
                    "uri": raw.get("uri", ""),
                    "status": raw.get("status", 0),
                    "rule_ids": [int(r) for r in raw.get("rule_ids", []) if str(r).isdigit()],
                    "messages": [m for m in raw.get("messages", []) if m],
                    "anomaly_score": raw.get("anomaly_score", 0),
                    "action": raw["action"],
                    "event_id": raw.get("event_id", ""),
                }
            )
        return events

    def _counters(self, lines: list[bytes], names: dict[int, str]) -> list[dict[str, Any]]:
        counters: dict[tuple[str, str], dict[str, Any]] = {}
        for line in lines:
            try:
                record = parse_access_line(line)
            except (ValueError, KeyError, TypeError):
                record = None
            if record is None:
                continue
            domain = names.get(record.get("domain_id") or -1) or record.get("host", "")
            row = counters.setdefault(
                (domain, record["minute"]),
                {
                    "domain": domain,
                    "minute": record["minute"],
                    "requests": 0,
                    "blocked": 0,
                    "bytes_in": 0,
                    "bytes_out": 0,
                    "status_2xx": 0,
                    "status_3xx": 0,
                    "status_4xx": 0,
                    "status_5xx": 0,
                },
            )
            row["requests"] += 1
            row["blocked"] += 1 if record.get("blocked") else 0
            row["bytes_in"] += record.get("request_length", 0)
            row["bytes_out"] += record.get("bytes_sent", 0)
            status_class = f"status_{record.get('status', 0) // 100}xx"
            if status_class in row:
                row[status_class] += 1
        return list(counters.values())

    def collect(self) -> bool:
        """Turns new log lines into one spooled batch; True when there was something."""
        audit_lines, audit_offset = self._read_new(self.audit)
        access_lines, access_offset = self._read_new(self.access)
        names = self.domain_names()
        events = self._events(audit_lines, names)
        counters = self._counters(access_lines, names)
        with self.state_lock:
            if events or counters:
                seq = self.state.batch_seq + 1
                batch = {"batch_id": f"n{self.node_id}-{seq}", "events": events, "counters": counters}
                write_json(self.store.spool_dir / f"{seq:012d}.json", batch)
                self.state.batch_seq = seq
            moved = (
                self.state.offsets.get("audit") != audit_offset
                or self.state.offsets.get("access") != access_offset
            )
            self.state.offsets["audit"] = audit_offset
            self.state.offsets["access"] = access_offset
            if moved or events or counters:
                self.store.save(self.state)
        self._enforce_cap()
        return bool(events or counters)

    # ---- spool -------------------------------------------------------------------------------
    def spool_files(self) -> list[Path]:
        return sorted(self.store.spool_dir.glob("*.json"))

    def spool_bytes(self) -> int:
        """Called from the heartbeat thread while this one may delete files."""
        total = 0
        for path in self.spool_files():
            with contextlib.suppress(FileNotFoundError):
                total += path.stat().st_size
        return total

    def _drop(self, path: Path, why: str) -> None:
        batch = read_json(path) or {}
        records = len(batch.get("events", [])) + sum(c.get("requests", 0) for c in batch.get("counters", []))
        path.unlink(missing_ok=True)
        with self.state_lock:
            self.state.logs_dropped += records
            self.store.save(self.state)
        log.warning("dropped log batch %s (%d records): %s", path.name, records, why)

    def _enforce_cap(self) -> None:
        files = self.spool_files()
        total = sum(p.stat().st_size for p in files)
        for path in files[:-1]:  # never the newest: it is what we just read
            if total <= self.spool_cap_bytes:
                break
            total -= path.stat().st_size
            self._drop(path, "spool over its size cap while the control plane is unreachable")

    def send_pending(self) -> int:
        """Sends spooled batches oldest first; stops at the first failure and backs off."""
        sent = 0
        for path in self.spool_files():
            batch = read_json(path)
            if batch is None:
                continue
            try:
                self.client.ship(batch)
            except Unreachable as exc:
                self.backoff = min(BACKOFF_MAX_SECONDS, max(1.0, self.backoff * 2))
                log.info(
                    "control plane unreachable, %d batches spooled, retry in %.0fs: %s",
                    len(self.spool_files()),
                    self.backoff,
                    exc,
                )
                return sent
            except Rejected as exc:
                if exc.status in (401, 403):
                    self.backoff = BACKOFF_MAX_SECONDS
                    return sent
                self._drop(path, f"refused by the control plane: {exc}")  # retrying cannot help
                continue
            os.unlink(path)
            sent += 1
        self.backoff = 0.0
        return sent
