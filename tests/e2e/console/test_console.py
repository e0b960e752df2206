"""The console in real Chromium against the real control plane."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from .conftest import ADMIN_PASSWORD, Server, login, shot

pytestmark = pytest.mark.e2e


def test_login_redirects_and_lands_on_dashboard(page: Page, server: Server) -> None:
    page.goto(f"{server.url}/guard/domains")
    expect(page).to_have_url(re.compile(r"/login\?redirect="))
    expect(page.locator("input[name=captcha]")).to_have_count(0)  # captcha is off on this server
    shot(page, "login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "wrong-password-1")
    page.click("[data-test=login-submit]")
    expect(page.locator("[data-test=login-error]")).to_contain_text("Wrong username or password")
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("[data-test=login-submit]")
    expect(page).to_have_url(re.compile(r"^http://[^/]+/guard/domains$"))  # back where the user wanted to go
    page.goto(f"{server.url}/dashboard")
    expect(page.locator("[data-test=dashboard]")).to_be_visible()
    page.wait_for_load_state("networkidle")
    shot(page, "dashboard")


def test_expired_session_goes_back_to_login(page: Page, server: Server) -> None:
    login(page, server)
    page.evaluate("localStorage.setItem('cloudwaf.token', 'not-a-valid-token')")
    page.goto(f"{server.url}/guard/domains")
    expect(page).to_have_url(re.compile(r"/login"))


def test_add_domain_with_origin(page: Page, server: Server) -> None:
    login(page, server)
    page.goto(f"{server.url}/guard/domains")
    page.click("[data-test=create]")
    form = page.locator("[data-test=domain-form]")
    form.locator("input[name=domain-name]").fill("shop.example.com")
    form.locator("input[name=origin-host]").first.fill("10.20.30.40")
    form.locator("[data-test=origin-0] input[name=origin-port]").fill("8080")
    shot(page, "domain-form")
    page.click("[data-test=domain-save]")
    row = page.locator("[data-test=domain-table] .el-table__row", has_text="shop.example.com")
    expect(row).to_be_visible()
    expect(row).to_contain_text("10.20.30.40:8080")
    shot(page, "domains")
    domains = server.api("GET", "guard/domains", params={"keyword": "shop.example.com"})["items"]
    assert domains[0]["origins"][0]["host"] == "10.20.30.40"
    assert domains[0]["origins"][0]["port"] == 8080


def test_add_forward_rule_to_a_domain(page: Page, server: Server) -> None:
    domain = server.api("POST", "guard/domains",
                        json={"name": "fwd.example.com", "origins": ["10.20.30.40:80"]})
    login(page, server)
    page.goto(f"{server.url}/guard/domains")
    row = page.locator("[data-test=domain-table] .el-table__row", has_text="fwd.example.com")
    row.get_by_role("button", name="Edit").click()
    section = page.locator("[data-test=forward-rules]")
    expect(section).to_contain_text("No forward rules")
    section.locator("[data-test=forward-add]").click()
    form = page.locator("[data-test=forward-form]")
    # The form refuses what the API would refuse before anything is sent.
    form.locator("input[name=forward-path]").fill("/")
    form.locator("input[name=forward-host]").fill("*.bad")
    page.click("[data-test=forward-save]")
    expect(form).to_contain_text("served by the origins")
    expect(form).to_contain_text("Each server needs a valid host")
    form.locator("input[name=forward-path]").fill("/api/")
    form.locator("input[name=forward-name]").fill("API backend")
    form.locator("input[name=forward-host]").fill("10.20.30.41")
    form.locator("[data-test=forward-server-0] input[name=forward-port]").fill("9001")
    form.locator("input[name=forward-host-header]").fill("api.internal")
    shot(page, "forward-form")
    page.click("[data-test=forward-save]")
    table = section.locator("[data-test=forward-table]")
    expect(table).to_contain_text("/api/")
    expect(table).to_contain_text("10.20.30.41:9001")
    shot(page, "domain-forwards")
    rules = server.api("GET", "guard/forwards", params={"domain_id": domain["id"]})["items"]
    assert len(rules) == 1
    rule = rules[0]
    assert rule["path_prefix"] == "/api/" and rule["name"] == "API backend"
    assert rule["servers"] == [{"host": "10.20.30.41", "port": 9001, "weight": 1}]
    assert rule["host_header"] == "api.internal" and rule["scheme"] == "http" and rule["enabled"] is True
    # A longer prefix is listed first: the order nginx tries them.
    server.api("POST", "guard/forwards", json={"domain_id": domain["id"], "path_prefix": "/api/v2/",
                                               "servers": ["10.20.30.42:9002"]})
    page.reload()
    page.locator("[data-test=domain-table] .el-table__row", has_text="fwd.example.com").get_by_role(
        "button", name="Edit").click()
    rows = page.locator("[data-test=forward-table] .el-table__row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("/api/v2/")
    expect(rows.nth(1)).to_contain_text("/api/")


def test_domain_form_validates_before_sending(page: Page, server: Server) -> None:
    login(page, server)
    page.goto(f"{server.url}/guard/domains")
    page.click("[data-test=create]")
    page.locator("input[name=domain-name]").fill("not a domain;")
    page.click("[data-test=domain-save]")
    expect(page.locator("[data-test=domain-form]")).to_contain_text("valid domain name")


def test_create_api_key_shows_the_secret_once(page: Page, server: Server) -> None:
    login(page, server)
    page.goto(f"{server.url}/sys/api-keys")
    page.click("[data-test=create]")
    page.locator("input[name=api-key-name]").fill("ci-deploy")
    page.locator("[data-test=permission-picker] [data-key='guard.domain.read']").click()
    shot(page, "api-key-form")
    page.click("[data-test=api-key-save]")
    secret = page.locator("[data-test=api-key-value]").inner_text().strip()
    assert len(secret) >= 20
    shot(page, "api-key-secret")
    page.click("[data-test=secret-done]")
    table = page.locator("[data-test=api-key-table]")
    expect(table).to_contain_text("ci-deploy")
    expect(page.get_by_text(secret)).to_have_count(0)  # never shown again
    # The key works for exactly its scope.
    ok = httpx.get(f"{server.url}/api/v1/guard/domains", headers={"Authorization": f"ApiKey {secret}"})
    assert ok.json()["code"] == 0
    denied = httpx.get(f"{server.url}/api/v1/sys/users", headers={"Authorization": f"ApiKey {secret}"})
    assert denied.json()["code"] != 0


def test_switch_language_is_remembered(page: Page, server: Server) -> None:
    login(page, server)
    page.goto(f"{server.url}/guard/domains")
    page.click("[data-test=locale-switch]")
    page.click("[data-test=locale-zh-CN]")
    expect(page.locator("aside")).to_contain_text("域名")
    page.reload()
    expect(page.locator("aside")).to_contain_text("防护策略")
    # The role permission picker shows the server's descriptions in the UI language.
    page.goto(f"{server.url}/sys/roles")
    page.click("[data-test=create]")
    picker = page.locator("[data-test=permission-picker]")
    expect(picker).to_contain_text("创建、修改和删除防护域名")
    expect(picker).not_to_contain_text("Create, change and delete protected domains")
    shot(page, "role-form-zh")
    page.goto(f"{server.url}/dashboard")
    page.wait_for_load_state("networkidle")
    shot(page, "dashboard-zh")


def test_chinese_browser_gets_chinese_login(browser, server: Server) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(f"{server.url}/login")
    expect(page.locator("[data-test=login-submit]")).to_contain_text("登录")
    shot(page, "login-zh")
    context.close()


@pytest.mark.parametrize("role", ["auditor", "operator"])
def test_roles_without_write_keys_see_no_write_buttons(page: Page, server: Server, role: str) -> None:
    username = f"e2e-{role}"
    password = server.create_user(username, role)
    login(page, server, username, password)
    if role == "auditor":
        # Read-only everywhere: lists show, but no create/edit/delete.
        for path in ("/guard/domains", "/guard/policies", "/node/nodes", "/sys/api-keys", "/sys/users"):
            page.goto(f"{server.url}{path}")
            page.wait_for_load_state("networkidle")
            expect(page.locator("[data-test=create]")).to_have_count(0)
            expect(page.get_by_role("button", name=re.compile(r"^(Edit|Delete)$"))).to_have_count(0)
        shot(page, "auditor-domains")
    else:
        # Operators run protection but hold no user/role keys: no System → Users, and no way in.
        expect(page.locator("aside")).not_to_contain_text("Users")
        page.goto(f"{server.url}/sys/users")
        expect(page.locator(".el-result")).to_contain_text("No access")
        page.goto(f"{server.url}/guard/domains")
        expect(page.locator("[data-test=create]")).to_be_visible()


def test_main_pages_render(page: Page, server: Server) -> None:
    """Every page opens without a load error; screenshots for a human look."""
    login(page, server)
    for path, name in [("/events", "events"), ("/guard/certs", "certs"), ("/guard/policies", "policies"),
                       ("/guard/ip-sets", "ip-sets"), ("/guard/acl-rules", "acl-rules"),
                       ("/guard/cc-rules", "cc-rules"), ("/guard/schedules", "schedules"),
                       ("/node/nodes", "nodes"), ("/node/groups", "node-groups"),
                       ("/sys/users", "users"), ("/sys/roles", "roles"), ("/sys/sessions", "sessions"),
                       ("/sys/audit-logs", "audit-logs"), ("/sys/oems", "oems"),
                       ("/sys/settings", "settings"), ("/profile", "profile")]:
        page.goto(f"{server.url}{path}")
        page.wait_for_load_state("networkidle")
        expect(page.locator(".el-alert--error")).to_have_count(0)
        shot(page, name)
    page.goto(f"{server.url}/guard/policies")
    page.get_by_role("button", name="Edit").first.click()
    shot(page, "policy-form")
    page.goto(f"{server.url}/sys/roles")
    page.get_by_role("button", name="New role").click()
    shot(page, "role-form")
