"""Console figures: bundle sizes (gzipped, per chunk), the JavaScript the login page loads before
it can render, and the time to an interactive dashboard in headless Chromium against a real
`cloudwaf serve`. Run after `npm run build` in web/:  .venv/bin/python bench/console.py"""

from __future__ import annotations

import gzip
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "web" / "dist"
MANIFEST = DIST / ".vite" / "manifest.json"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PASSWORD = "Bench-Console-Passw0rd!"
BUDGET_KB = 300


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9))


def closure(manifest: dict, key: str, seen: set[str]) -> None:
    """Static imports only: dynamic imports (other routes) load later, on demand."""
    if key in seen:
        return
    seen.add(key)
    for dep in manifest[key].get("imports", []):
        closure(manifest, dep, seen)


def bundle_report() -> None:
    files = sorted((DIST / "assets").glob("*.js"), key=gz, reverse=True)
    total = sum(gz(f) for f in files)
    print(f"{'chunk':58} {'raw KB':>9} {'gzip KB':>9}")
    for f in files[:25]:
        print(f"{f.name:58} {f.stat().st_size / 1024:9.1f} {gz(f) / 1024:9.1f}")
    if len(files) > 25:
        print(f"... {len(files) - 25} smaller chunks")
    print(f"all JS: {len(files)} chunks, {total / 1024:.1f} KB gzipped")

    manifest = json.loads(MANIFEST.read_text())
    entry = next(k for k, v in manifest.items() if v.get("isEntry"))
    login = next(k for k in manifest if k.endswith("views/sys/login/index.vue"))
    needed: set[str] = set()
    closure(manifest, entry, needed)
    closure(manifest, login, needed)
    js = {manifest[k]["file"] for k in needed}
    css = {c for k in needed for c in manifest[k].get("css", [])}
    js_gz = sum(gz(DIST / f) for f in js)
    css_gz = sum(gz(DIST / f) for f in css)
    verdict = "OK" if js_gz / 1024 < BUDGET_KB else "OVER BUDGET"
    print(f"login page initial JS: {len(js)} files, {js_gz / 1024:.1f} KB gzipped "
          f"(budget {BUDGET_KB} KB: {verdict}); CSS {css_gz / 1024:.1f} KB gzipped")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dashboard_timing(runs: int = 5) -> None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("time to interactive dashboard: skipped (playwright not installed)")
        return
    if not Path(CHROMIUM).exists():
        print("time to interactive dashboard: skipped (no /usr/bin/chromium)")
        return
    data = tempfile.mkdtemp(prefix="cloudwaf-bench-console-")
    port = free_port()
    env = {**os.environ, "CLOUDWAF_DATA_DIR": data, "CLOUDWAF_CAPTCHA_ENABLED": "false",
           "CLOUDWAF_ADMIN_USERNAME": "admin", "CLOUDWAF_ADMIN_PASSWORD": PASSWORD}
    env.pop("CLOUDWAF_DATABASE_URL", None)
    cloudwaf_bin = str(Path(sys.executable).parent / "cloudwaf")
    proc = subprocess.Popen([cloudwaf_bin, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        login = httpx.post(f"{url}/api/v1/sys/login", json={"username": "admin", "password": PASSWORD})
        token = login.json()["data"]["token"]
        samples = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for i in range(runs + 1):  # the first run warms the server; not counted
                ctx = browser.new_context(locale="en-US", viewport={"width": 1440, "height": 900})
                ctx.add_init_script(f"localStorage.setItem('cloudwaf.token', {json.dumps(token)})")
                page = ctx.new_page()
                start = time.perf_counter()
                page.goto(f"{url}/dashboard")
                # Interactive: the dashboard is mounted and its first data load has finished.
                page.wait_for_selector("[data-test=dashboard] .el-radio-button")
                page.wait_for_function(
                    "!document.querySelector('[data-test=dashboard] .el-button.is-loading')"
                )
                elapsed = (time.perf_counter() - start) * 1000
                if i:
                    samples.append(elapsed)
                ctx.close()
            browser.close()
        print(f"time to interactive dashboard (cold browser context, loopback, {runs} runs): "
              f"median {statistics.median(samples):.0f} ms, min {min(samples):.0f} ms, "
              f"max {max(samples):.0f} ms")
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> None:
    if not MANIFEST.exists():
        sys.exit("web/dist/.vite/manifest.json missing: run `npm run build` in web/ first")
    bundle_report()
    dashboard_timing()


if __name__ == "__main__":
    main()
