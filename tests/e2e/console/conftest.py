"""Browser tests of the console: the real control plane (`cloudwaf serve`, serving web/dist) on a
free loopback port, driven by Debian's Chromium through Playwright. Never downloads a browser."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import free_port

ROOT = Path(__file__).resolve().parents[3]
DIST = ROOT / "web" / "dist" / "index.html"
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-output" / "screenshots"
ADMIN_PASSWORD = "Console-E2e-Passw0rd!"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover - dev dependency missing
    sync_playwright = None

_needs = (("chromium", CHROMIUM.exists()), ("web/dist (npm run build)", DIST.exists()),
          ("playwright", sync_playwright is not None))
_missing = [what for what, ok in _needs if not ok]
pytestmark = pytest.mark.skipif(bool(_missing), reason=f"missing {', '.join(_missing)}")


@dataclass
class Server:
    url: str
    admin_token: str

    def api(self, method: str, path: str, token: str | None = None, **kw: object) -> dict:
        headers = {"Authorization": f"Bearer {token or self.admin_token}"}
        res = httpx.request(method, f"{self.url}/api/v1/{path}", headers=headers, timeout=10, **kw)
        body = res.json()
        assert body["code"] == 0, body
        return body["data"]

    def role_id(self, code: str) -> int:
        roles = self.api("GET", "sys/roles", params={"page_size": 100})["items"]
        return next(r["id"] for r in roles if r.get("code") == code)

    def create_user(self, username: str, role_code: str, password: str = "Us3r-Passw0rd!") -> str:
        self.api("POST", "sys/users", json={"username": username, "password": password,
                                            "role_id": self.role_id(role_code), "display_name": username})
        return password


def login_token(url: str, username: str, password: str) -> str:
    res = httpx.post(f"{url}/api/v1/sys/login", json={"username": username, "password": password}, timeout=10)
    return res.json()["data"]["token"]


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    data = tempfile.mkdtemp(prefix="cloudwaf-console-e2e-")
    port = free_port()
    env = {**os.environ, "CLOUDWAF_DATA_DIR": data, "CLOUDWAF_CAPTCHA_ENABLED": "false",
           "CLOUDWAF_ADMIN_USERNAME": "admin", "CLOUDWAF_ADMIN_PASSWORD": ADMIN_PASSWORD}
    env.pop("CLOUDWAF_DATABASE_URL", None)
    cli = Path(sys.executable).parent / "cloudwaf"
    with open(Path(data) / "serve.log", "wb") as log:  # the server keeps its own copy of the descriptor
        proc = subprocess.Popen([str(cli), "serve", "--host", "127.0.0.1", "--port", str(port)],
                                env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"cloudwaf serve did not start: {(Path(data) / 'serve.log').read_text()[-2000:]}")
        time.sleep(0.3)
    try:
        yield Server(url, login_token(url, "admin", ADMIN_PASSWORD))
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # English browser by default; the language test switches explicitly.
    context = browser.new_context(locale="en-US", viewport={"width": 1440, "height": 900})
    context.set_default_timeout(15_000)
    p = context.new_page()
    yield p
    context.close()


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(300)  # let transitions settle so screenshots are stable
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def login(page: Page, server: Server, username: str = "admin", password: str = ADMIN_PASSWORD) -> None:
    page.goto(f"{server.url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("[data-test=login-submit]")
    page.wait_for_url(lambda u: "/login" not in u)
    page.wait_for_selector("[data-test=user-menu]")
