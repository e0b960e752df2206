"""The console shows real attacks and fixes a false positive, end to end with nothing stood in:
the real control plane (serving web/dist), the real agent driving nginx + ModSecurity + CRS, a
loopback origin, and Debian's Chromium. The stack is test_product_path's `product` fixture (its own
instance, this module's scope); the browser helpers are the console conftest's."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.agent.live import ADMIN_PASSWORD

# `product` is the fixture itself: imported, it gives this module its own stack.
from tests.e2e.test_product_path import ATTACK, HOST, Product, curl, product, wait_for  # noqa: F401

from .conftest import Server, login, shot

pytestmark = pytest.mark.e2e

# A documentation site's search box: someone looks for a shell tutorial. The default policy
# (balanced profile) blocks it on CRS's Unix command rules (932150, 932160) plus the node's
# evaluation rule. Benign, so it is the false positive to fix. (Plain English that reads like SQL,
# "select the best union of colors", is let through by this profile.)
FALSE_POSITIVE = "/search?q=/bin/bash%20tutorial"


def _attack_count(page: Page) -> int:
    text = page.locator(".stats .stat", has_text="Attacks").locator(".value").inner_text()
    return int(re.sub(r"\D", "", text) or 0)


def test_the_console_shows_attacks_and_fixes_a_false_positive(product: Product, page: Page) -> None:  # noqa: F811
    plane = product.plane

    def node_reporting() -> bool:
        """the enrolled node heartbeats"""
        nodes = plane.api("GET", "node/nodes?keyword=e2e-node")["items"]
        return bool(nodes) and nodes[0]["status"] != "offline"

    wait_for(node_reporting, 30, 0.2)
    product.domain = plane.api(
        "POST", "guard/domains",
        json={"name": HOST, "http_ports": [product.port], "origins": [f"127.0.0.1:{product.origin.port}"]},
    )  # fmt: skip
    wait_for(lambda: product.enforced(403), 15)
    assert curl(product.port, ATTACK)[0] == 403
    assert curl(product.port, FALSE_POSITIVE)[0] == 403, (
        "the default policy no longer blocks the benign search"
    )

    def shipped() -> bool:
        """both events reached chart/events"""
        uris = [e["uri"] for e in product.events()]
        return any(u.startswith("/search") for u in uris) and any("OR" in u for u in uris)

    wait_for(shipped, 30, 0.5)

    # ---- the dashboard counts the attacks and ranks them --------------------------------------
    login(page, Server(plane.url, ""), "admin", ADMIN_PASSWORD)
    page.goto(f"{plane.url}/dashboard")
    expect(page.locator("[data-test=dashboard]")).to_be_visible()
    deadline = time.monotonic() + 30
    while True:  # the analytics side may lag the event store: refresh like an operator would
        page.wait_for_load_state("networkidle")
        # Loopback has no country, so "Top attacking countries" stays empty on purpose.
        filled = [
            page.locator(".tops .top", has_text=title).locator("ol li").count()
            for title in ("Top attacking IPs", "Top triggered rules", "Most attacked domains")
        ]
        if _attack_count(page) >= 2 and all(filled):
            break
        assert time.monotonic() < deadline, (
            f"dashboard still empty: attacks={_attack_count(page)}, tops={filled}"
        )
        page.wait_for_timeout(1000)
        page.get_by_role("button", name="Refresh").click()
    expect(page.locator(".tops .top", has_text="Most attacked domains")).to_contain_text(HOST)
    expect(page.locator(".tops .top", has_text="Top attacking IPs")).to_contain_text("127.0.0.1")
    shot(page, "attack-flow-dashboard")

    # ---- the events page lists the false positive; its drawer adds the exclusion --------------
    page.goto(f"{plane.url}/events")
    table = page.locator("[data-test=event-table]")
    row = table.locator(".el-table__row", has_text="/search?q=/bin/bash")
    expect(row.first).to_be_visible()
    expect(table.locator(".el-table__row", has_text="OR%201=1").first).to_be_visible()
    shot(page, "attack-flow-events")
    row.first.click()
    drawer = page.locator(".el-drawer", has_text="Attack event")
    expect(drawer).to_be_visible()
    expect(drawer).to_contain_text("/search?q=/bin/bash")
    shot(page, "attack-flow-drawer")
    drawer.locator("[data-test=false-positive]").click()
    dialog = page.locator(".el-dialog", has_text="This is a false positive")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("/search")  # scoped to the event's path, not the whole domain
    checked = [int(v) for v in dialog.locator(".el-checkbox.is-checked").all_inner_texts()]
    assert checked, "no rule preselected"
    dialog.locator("[data-test=false-positive-confirm]").click()
    expect(page.get_by_text("Exclusion added to the policy")).to_be_visible()
    expect(drawer.locator("[data-test=false-positive]")).to_have_text("Exclusion added")
    shot(page, "attack-flow-false-positive")

    # ---- the policy has the exclusion; the node lets the search through, still blocks SQLi ----
    policy = plane.api("GET", f"guard/policies/{product.domain['policy_id']}")
    path = urlsplit(FALSE_POSITIVE).path
    exclusion = next((e for e in policy["exclusions"] if e.get("path_prefix") == path), None)
    assert exclusion is not None, policy["exclusions"]
    assert sorted(exclusion["rule_ids"]) == sorted(checked)
    wait_for(lambda: curl(product.port, FALSE_POSITIVE) == (200, "origin-ok"), 10, 0.2)
    assert curl(product.port, ATTACK)[0] == 403
    assert curl(product.port, "/?q=/bin/bash%20tutorial")[0] == 403  # only under /search
