"""Where a node keeps things. Paths end up in configuration text, so they are checked."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_SAFE_PATH = re.compile(r"^/[A-Za-z0-9._/-]*$")
PACKAGE_LUA_DIR = Path(__file__).resolve().parent / "lua"

# Files the agent must write with mode 0600.
SECRET_SUFFIXES = (".key",)


def is_secret(relative_path: str) -> bool:
    return relative_path.endswith(SECRET_SUFFIXES)


@dataclass(frozen=True)
class Layout:
    prefix: Path  # nginx -p; logs, temp and state live below it
    control_port: int  # loopback-only status server the agent uses to verify a reload
    listen_address: str = ""  # "" = every address; tests use "127.0.0.1"
    worker_user: str | None = None  # e.g. "nobody nogroup" when the master runs as root
    worker_processes: str = "auto"
    modsecurity_module: Path = Path("/usr/lib/nginx/modules/ngx_http_modsecurity_module.so")
    crs_rules_dir: Path = Path("/usr/share/modsecurity-crs/rules")
    unicode_mapping: Path = Path("/usr/share/nginx/docs/modsecurity/unicode.mapping")
    geoip_db: Path | None = None  # legacy GeoIP country .dat; country conditions need it
    lua_dir: Path = PACKAGE_LUA_DIR
    conf_dir: Path = field(default=None)  # type: ignore[assignment]  # live config: prefix/conf/live

    def __post_init__(self) -> None:
        if self.conf_dir is None:
            object.__setattr__(self, "conf_dir", self.prefix / "conf" / "live")
        for path in (self.prefix, self.conf_dir, self.modsecurity_module, self.crs_rules_dir,
                     self.unicode_mapping, self.lua_dir, self.geoip_db):  # fmt: skip
            if path is not None and not _SAFE_PATH.match(str(path)):
                raise ValueError(f"unsafe path for configuration text: {path}")
        if self.listen_address and not re.match(r"^[0-9.]+$|^\[[0-9a-fA-F:]+\]$", self.listen_address):
            raise ValueError(f"listen_address must be an IP literal: {self.listen_address}")
        if self.worker_user and not re.match(r"^[a-z_][a-z0-9_-]*( [a-z_][a-z0-9_-]*)?$", self.worker_user):
            raise ValueError(f"invalid worker user: {self.worker_user}")
        if not re.match(r"^(auto|[1-9][0-9]?)$", self.worker_processes):
            raise ValueError("worker_processes must be auto or 1..99")

    @property
    def log_dir(self) -> Path:
        return self.prefix / "logs"

    @property
    def temp_dir(self) -> Path:
        return self.prefix / "tmp"

    @property
    def state_dir(self) -> Path:
        """Writable by workers: CC counters and bans."""
        return self.prefix / "state" / "cc"

    @property
    def access_log(self) -> Path:
        return self.log_dir / "access.log"

    @property
    def audit_log(self) -> Path:
        return self.log_dir / "modsec_audit.log"

    @property
    def error_log(self) -> Path:
        return self.log_dir / "error.log"

    @property
    def pid_file(self) -> Path:
        return self.log_dir / "nginx.pid"
