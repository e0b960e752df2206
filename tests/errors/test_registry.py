"""The registry and the reference (shared/seed/error-codes.txt) can never drift."""

from __future__ import annotations

import re

from cloudwaf.errors.codes import REGISTRY
from tests.conftest import SHARED

ROW = re.compile(r"^(\d+) (\d{3}) ")


def reference_rows() -> dict[int, int]:
    text = (SHARED / "seed" / "error-codes.txt").read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        match = ROW.match(line)
        if match:
            rows[int(match.group(1))] = int(match.group(2))
    return rows


def test_reference_has_112_codes() -> None:
    assert len(reference_rows()) == 112


def test_every_reference_code_is_registered_with_its_status() -> None:
    reference = reference_rows()
    assert {code: entry.http_status for code, entry in REGISTRY.items()} == reference


def test_every_code_has_both_languages_and_a_module() -> None:
    for entry in REGISTRY.values():
        assert entry.message_en and entry.message_zh, entry.code
        assert entry.module in {"common", "sys", "guard", "node", "chart", "alert", "zdns", "notify",
                                "report", "assistant", "geoip", "channel"}
    assert REGISTRY[10002].module == "geoip"
    assert REGISTRY[2007].module == "guard"


def test_error_codes_endpoint_lists_the_reference(client) -> None:  # noqa: ANN001
    response = client.get("/api/v1/error-codes")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == 0 and body["message"] == "ok"
    listed = {row["code"]: row["http_status"] for row in body["data"]}
    assert listed == reference_rows()
    first = body["data"][0]
    assert set(first) == {"code", "http_status", "module", "message_en", "message_zh"}
