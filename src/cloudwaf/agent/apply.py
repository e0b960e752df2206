"""Apply compiled configuration: stage -> nginx -t -> atomic swap -> reload -> verify.

Folder layout under the prefix:
  conf/releases/<n>/    one complete configuration per apply
  conf/live             symlink to the release nginx serves (Layout.conf_dir)
  conf/previous         symlink to the release served before it (the last good one)

Compiled files name their own folder by absolute path (modsecurity_rules_file and Lua need
absolute paths), always `conf/live/...`. To test a candidate before it goes live, `nginx -t`
runs on a copy in which that folder name is replaced by the copy's own path: the copy is
identical except for that one path, so what passes the test is what will be served.

The swap is one rename() of a symlink. nginx re-reads `conf/live/nginx.conf` on HUP; if the
master does not serve the new configuration within a few seconds (bind error, bad
certificate ...), the symlink goes back and nginx is reloaded again, so the last good
configuration keeps serving and the error is returned.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cloudwaf.agent.nginx import NginxError, NginxProcess
from cloudwaf.dataplane.layout import is_secret

_STATUS_RE = re.compile(rb"return 200 '(\{\"version\":[0-9]+,\"config\":\"[0-9a-f]+\"\})';")


@dataclass(frozen=True)
class ApplyResult:
    ok: bool  # the requested configuration is the one being served
    changed: bool  # a reload (or first start) happened
    error: str | None = None


class ConfigApplier:
    def __init__(self, nginx: NginxProcess, verify_timeout: float = 5.0):
        self.nginx = nginx
        self.layout = nginx.layout
        self.conf_root = self.layout.conf_dir.parent
        self.releases = self.conf_root / "releases"
        self.previous = self.conf_root / "previous"
        self.verify_timeout = verify_timeout

    # ---- reading what is live ------------------------------------------------------------
    def live_files(self) -> dict[str, bytes] | None:
        live = self.layout.conf_dir
        if not live.exists():
            return None
        return {
            str(path.relative_to(live)): path.read_bytes()
            for path in sorted(live.rglob("*"))
            if path.is_file()
        }

    # ---- the one public operation ----------------------------------------------------------
    def apply(self, files: dict[str, bytes]) -> ApplyResult:
        with self._lock():
            if self.live_files() == files:
                if not self.nginx.is_running():
                    return self._start_or_rollback(None)
                return ApplyResult(ok=True, changed=False)
            release = self._write_release(files)
            ok, output = self._test(release, files)
            if not ok:
                shutil.rmtree(release, ignore_errors=True)
                return ApplyResult(
                    ok=False, changed=False, error=f"nginx -t refused the configuration: {output}"
                )
            old = self._swap(release)
            if not self.nginx.is_running():
                return self._start_or_rollback(old)
            old_workers = self.nginx.reload()
            error = self._verify(files, old_workers)
            if error is None:
                self._keep_as_previous(old)
                return ApplyResult(ok=True, changed=True)
            self._rollback(old, release)
            return ApplyResult(ok=False, changed=False, error=error)

    # ---- steps -----------------------------------------------------------------------------
    @contextmanager
    def _lock(self) -> Iterator[None]:
        self.conf_root.mkdir(parents=True, exist_ok=True)
        with open(self.conf_root / ".apply.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    def _write_tree(self, root: Path, files: dict[str, bytes]) -> None:
        for relative, content in files.items():
            target = root / relative
            if Path(relative).is_absolute() or ".." in Path(relative).parts:
                raise ValueError(f"refusing to write outside the release: {relative}")
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
            mode = 0o600 if is_secret(relative) else 0o644
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)

    def _write_release(self, files: dict[str, bytes]) -> Path:
        self.releases.mkdir(parents=True, exist_ok=True)
        release = self.releases / str(time.time_ns())
        release.mkdir(mode=0o755)
        self._write_tree(release, files)
        return release

    def _test(self, release: Path, files: dict[str, bytes]) -> tuple[bool, str]:
        check = release.with_name(release.name + ".check")
        live_path, check_path = str(self.layout.conf_dir).encode(), str(check).encode()
        check.mkdir(mode=0o755)
        try:
            self._write_tree(check, {k: v.replace(live_path, check_path) for k, v in files.items()})
            self.nginx.prepare_dirs()
            return self.nginx.test(check / "nginx.conf")
        finally:
            shutil.rmtree(check, ignore_errors=True)

    def _point_live_at(self, release: Path) -> None:
        temp = self.conf_root / f".live.{os.getpid()}"
        if temp.is_symlink():
            temp.unlink()
        os.symlink(os.path.relpath(release, self.conf_root), temp)
        os.replace(temp, self.layout.conf_dir)  # atomic: readers see the old or the new tree

    def _swap(self, release: Path) -> Path | None:
        live = self.layout.conf_dir
        old = live.resolve() if live.is_symlink() else None
        self._point_live_at(release)
        return old

    def _expected_status(self, files: dict[str, bytes]) -> bytes | None:
        match = _STATUS_RE.search(files.get("nginx.conf", b""))
        return match.group(1) if match else None

    def _verify(self, files: dict[str, bytes], old_workers: frozenset[int] = frozenset()) -> str | None:
        """Wait until a worker answers on the status port with the new config digest and
        no worker of the old configuration still accepts connections: nginx keeps the old
        workers accepting for ~100 ms after starting the new ones, and a request in that
        window would still meet the old rules."""
        expected = self._expected_status(files)
        url = f"http://127.0.0.1:{self.layout.control_port}/__cloudwaf/status"
        deadline = time.monotonic() + self.verify_timeout
        last = "no answer"
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=1) as response:
                    body = response.read()
                if expected is None or body == expected:
                    still_serving = old_workers & self.nginx.serving_workers()
                    if not still_serving:
                        return None
                    last = f"old workers {sorted(still_serving)} still accept connections"
                else:
                    last = f"status answered {body[:100]!r}, expected {expected!r}"
            except OSError as exc:
                last = str(exc)
            time.sleep(0.02)
        return f"nginx did not serve the new configuration: {last}; {self._error_log_tail()}"

    def _error_log_tail(self) -> str:
        try:
            lines = self.layout.error_log.read_text(errors="replace").splitlines()
        except FileNotFoundError:
            return ""
        return " | ".join(line for line in lines[-5:] if "[emerg]" in line or "[alert]" in line)

    def _start_or_rollback(self, old: Path | None) -> ApplyResult:
        try:
            self.nginx.start()
        except NginxError as exc:
            if old is not None:
                self._point_live_at(old)
            return ApplyResult(ok=False, changed=False, error=f"nginx failed to start: {exc}")
        files = self.live_files() or {}
        error = self._verify(files)
        return ApplyResult(ok=error is None, changed=True, error=error)

    def _rollback(self, old: Path | None, failed: Path) -> None:
        if old is not None:
            self._point_live_at(old)
            self.nginx.reload()
        shutil.rmtree(failed, ignore_errors=True)

    def _keep_as_previous(self, old: Path | None) -> None:
        """Keep the release we replaced as last-good; older ones are removed."""
        if old is None:
            return
        temp = self.conf_root / f".previous.{os.getpid()}"
        if temp.is_symlink():
            temp.unlink()
        os.symlink(os.path.relpath(old, self.conf_root), temp)
        os.replace(temp, self.previous)
        keep = {self.layout.conf_dir.resolve(), old.resolve()}
        for release in self.releases.iterdir():
            if release.resolve() not in keep:
                shutil.rmtree(release, ignore_errors=True)
