"""Run nginx under a private prefix: start, test, reload (HUP), stop (QUIT), version.

Every call names the prefix and the configuration file explicitly (`-p`, `-c`), so a node
never touches the system nginx in /etc/nginx or /run.
"""

from __future__ import annotations

import os
import pwd
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from cloudwaf.dataplane.layout import Layout

NGINX_BINARY = Path("/usr/sbin/nginx")


class NginxError(RuntimeError):
    pass


def default_worker_user() -> str | None:
    """Workers never run as root: as root we drop them to nobody; otherwise nginx cannot
    switch users and the `user` directive must be absent."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("nobody")
    except KeyError:
        return None
    return "nobody nogroup"


@dataclass
class NginxProcess:
    layout: Layout
    binary: Path = NGINX_BINARY

    @property
    def main_conf(self) -> Path:
        return self.layout.conf_dir / "nginx.conf"

    def _env(self) -> dict[str, str]:
        # ModSecurity's TIME_* variables use the worker's local time; schedules are compiled
        # to UTC, so nginx must run in UTC.
        return {"PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin:/bin"), "TZ": "UTC"}

    def _run(self, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.binary), "-p", f"{self.layout.prefix}/", *args],
            capture_output=True, text=True, timeout=timeout, env=self._env(),
        )  # fmt: skip

    def version(self) -> str:
        result = self._run("-v")
        return (result.stderr or result.stdout).strip().removeprefix("nginx version: ")

    def prepare_dirs(self) -> None:
        """Create the folders nginx writes to. Workers write temp files, CC state and the
        ModSecurity audit log (libmodsecurity opens it in the worker, measured), so only
        those are handed to the worker user; the prefix must be traversable by it."""
        self.layout.log_dir.mkdir(parents=True, exist_ok=True)
        self.layout.conf_dir.parent.mkdir(parents=True, exist_ok=True)
        self.layout.audit_log.touch(mode=0o640, exist_ok=True)
        worker = self.layout.worker_user.split()[0] if self.layout.worker_user else None
        for path in (self.layout.temp_dir, self.layout.state_dir):
            path.mkdir(parents=True, exist_ok=True)
        if worker is not None:
            entry = pwd.getpwnam(worker)
            for path in (self.layout.temp_dir, self.layout.state_dir, self.layout.audit_log):
                os.chown(path, entry.pw_uid, entry.pw_gid)

    def test(self, conf: Path | None = None) -> tuple[bool, str]:
        result = self._run("-t", "-q", "-c", str(conf or self.main_conf))
        return result.returncode == 0, result.stderr.strip()

    def pid(self) -> int | None:
        try:
            pid = int(self.layout.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        return pid

    def is_running(self) -> bool:
        return self.pid() is not None

    def start(self, timeout: float = 10) -> None:
        self.prepare_dirs()
        result = self._run("-c", str(self.main_conf))
        if result.returncode != 0:
            raise NginxError(result.stderr.strip())
        deadline = time.monotonic() + timeout
        while self.pid() is None:
            if time.monotonic() > deadline:
                raise NginxError("nginx did not write its pid file")
            time.sleep(0.02)

    def reload(self) -> frozenset[int]:
        """HUP the master; returns the workers that still run the old configuration."""
        pid = self.pid()
        if pid is None:
            raise NginxError("nginx is not running")
        old_workers = frozenset(self.serving_workers())
        os.kill(pid, signal.SIGHUP)
        return old_workers

    def serving_workers(self) -> set[int]:
        """Workers of our master that still accept connections. A worker that got QUIT
        retitles itself "worker process is shutting down" just before closing its
        listening sockets, so those are left out."""
        master = self.pid()
        if master is None:
            return set()
        workers = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) != master:
                    continue
                title = (stat.parent / "cmdline").read_bytes()
            except (OSError, IndexError, ValueError):
                continue  # the process exited while we looked
            if title.startswith(b"nginx: worker process") and b"shutting down" not in title:
                workers.add(int(stat.parent.name))
        return workers

    def stop(self, timeout: float = 10) -> None:
        """Graceful stop (QUIT lets workers finish their requests)."""
        pid = self.pid()
        if pid is None:
            return
        os.kill(pid, signal.SIGQUIT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.02)
        os.kill(pid, signal.SIGTERM)
