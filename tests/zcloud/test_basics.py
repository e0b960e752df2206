"""The real `zcloud` executable against a live server: profiles, output, errors, exit statuses."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

from tests.zcloud.conftest import Zcloud


def test_configure_writes_a_private_profile_and_never_prints_the_key(zcloud: Zcloud, api_key: str,
                                                                      tmp_path: Path) -> None:
    env = {"ZCLOUD_API_URL": "", "ZCLOUD_API_KEY": ""}
    url = zcloud.env["ZCLOUD_API_URL"]
    result = zcloud("--profile", "ci", "configure", "--api-url", url, "--default-output", "json",
                    input=f"{api_key}\n", env=env)
    assert result.code == 0, result.stderr
    assert api_key not in result.stdout + result.stderr
    path = tmp_path / "config" / "zcloud" / "config.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    stored = tomllib.loads(path.read_text())["profiles"]["ci"]
    assert stored == {"api_url": url, "api_key": api_key, "output": "json"}
    # The profile alone is enough to talk to the server, in its default output.
    listed = zcloud("--profile", "ci", "apikey", "list", env={"ZCLOUD_API_URL": "", "ZCLOUD_API_KEY": ""})
    assert listed.code == 0, listed.stderr
    assert any(item["name"] == "zcloud-tests" for item in listed.json()["items"])
    assert api_key not in listed.stdout


def test_errors_lists_the_code_table(zcloud: Zcloud) -> None:
    result = zcloud("--output", "json", "errors")
    assert result.code == 0, result.stderr
    codes = {row["code"]: row["http_status"] for row in result.json()}
    assert len(codes) == 112 and codes[1053] == 403 and codes[4005] == 429


def test_table_output_fits_80_columns(zcloud: Zcloud) -> None:
    result = zcloud("errors")
    assert result.code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert "1050" in result.stdout


def test_invalid_key_is_an_auth_failure_with_the_business_code(zcloud: Zcloud) -> None:
    result = zcloud("apikey", "list", env={"ZCLOUD_API_KEY": "cwk_nope_notarealkey"})
    assert result.code == 3
    assert result.stderr.startswith("error 1050: ")


def test_scope_outside_the_key_is_1053(zcloud: Zcloud) -> None:
    result = zcloud("user", "list")  # sys.user.read is not among the automation scopes
    assert result.code == 3
    assert result.stderr.startswith("error 1053: ")


def test_not_found_has_its_own_status(zcloud: Zcloud) -> None:
    result = zcloud("apikey", "get", "999999")
    assert result.code == 4
    assert result.stderr.startswith("error 1051: ")


def test_usage_and_network_failures(zcloud: Zcloud) -> None:
    assert zcloud("apikey", "get").code == 2
    assert zcloud("--output", "xml", "apikey", "list").code == 2
    unreachable = zcloud("apikey", "list", env={"ZCLOUD_API_URL": "http://127.0.0.1:9"})
    assert unreachable.code == 8
    assert "cannot reach" in unreachable.stderr
    unconfigured = zcloud("--profile", "nowhere", "apikey", "list",
                          env={"ZCLOUD_API_URL": "", "ZCLOUD_API_KEY": ""})
    assert unconfigured.code == 9


def test_help_has_examples_everywhere(zcloud: Zcloud) -> None:
    for group in ("domain", "cert", "policy", "ipset", "acl", "cc", "node", "apikey"):
        result = zcloud(group, "--help")
        assert result.code == 0 and "Example" in result.stdout, group
