from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cloudwaf.auth.permissions import ALL_KEYS
from tests.live_server import BIN_DIR, LiveServer, live_server

# Everything an automation key might do, except platform-only administration.
AUTOMATION_SCOPES = sorted(k for k in ALL_KEYS if k.split(".")[0] in {"guard", "node", "chart", "geoip"}
                           or k.startswith("sys.apikey"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("zcloud-server")) as running:
        yield running


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def json(self):  # noqa: ANN201
        return json.loads(self.stdout)


@dataclass
class Zcloud:
    env: dict[str, str]

    def __call__(self, *args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        proc = subprocess.run([str(BIN_DIR / "zcloud"), *args], capture_output=True, text=True,
                              env={**self.env, **(env or {})}, input=input, timeout=120)
        return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(scope="module")
def api_key(server: LiveServer) -> str:
    return server.api_key(AUTOMATION_SCOPES, name="zcloud-tests")


@pytest.fixture
def zcloud(server: LiveServer, api_key: str, tmp_path: Path) -> Zcloud:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZCLOUD_", "CLOUDWAF_"))}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), ZCLOUD_API_URL=server.url, ZCLOUD_API_KEY=api_key,
               COLUMNS="80")
    return Zcloud(env)
