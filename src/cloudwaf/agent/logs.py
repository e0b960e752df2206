"""Pure parsers for the two logs a node ships: no I/O, one record in, one dict out.

- ModSecurity JSON audit log (SecAuditLogFormat JSON, parts ABHZ): one attack event.
- nginx access log in the `cloudwaf` JSON format (templates/core/nginx.conf.j2): one record
  for the per-minute counters.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

MASKED_HEADERS = frozenset({"cookie", "authorization", "proxy-authorization", "x-api-key", "set-cookie"})
_SCORE_RE = re.compile(r"Total Score: (\d+)")
_BLOCKING_STATUSES = frozenset({400, 403, 413, 429})
_CLOUDWAF_MSG_RE = re.compile(r"^cloudwaf (acl|cc) (\d+) (\w+)$")


def _mask(headers: dict[str, Any]) -> dict[str, Any]:
    return {k: ("***" if k.lower() in MASKED_HEADERS else v) for k, v in headers.items()}


def _audit_time(value: str) -> str:
    """`Thu Dec  3 14:39:47 2026` (nginx runs in UTC) -> ISO 8601 UTC."""
    try:
        parsed = datetime.strptime(" ".join(value.split()), "%a %b %d %H:%M:%S %Y")
        return parsed.replace(tzinfo=UTC).isoformat()
    except ValueError:
        return value


def parse_audit_entry(entry: dict[str, Any] | str | bytes) -> dict[str, Any]:
    """One audit-log JSON object -> an attack event."""
    if isinstance(entry, (str, bytes)):
        entry = json.loads(entry)
    tx = entry["transaction"]
    request = tx.get("request") or {}
    headers = request.get("headers") or {}
    messages = tx.get("messages") or []
    rule_ids, texts, score, kind = [], [], 0, "waf"
    for message in messages:
        details = message.get("details") or {}
        rule_id = str(details.get("ruleId", ""))
        text = message.get("message", "")
        rule_ids.append(rule_id)
        texts.append(text)
        if match := _SCORE_RE.search(text):
            score = max(score, int(match.group(1)))
        if match := _CLOUDWAF_MSG_RE.match(text):
            kind = match.group(1)
    status = int((tx.get("response") or {}).get("http_code") or 0)
    unique_id = str(tx.get("unique_id", ""))
    domain_part, _, _ = unique_id.partition("-")
    host = next((v for k, v in headers.items() if k.lower() == "host"), "")
    if not messages and status == 429:
        kind = "cc"  # nginx limit_req: ModSecurity only saw the final status
    return {
        "time": _audit_time(tx.get("time_stamp", "")),
        "event_id": unique_id,
        "domain_id": int(domain_part) if domain_part.isdigit() else None,
        "host": host.split(":")[0],
        "client_ip": tx.get("client_ip", ""),
        "method": request.get("method", ""),
        "uri": request.get("uri", ""),
        "status": status,
        "kind": kind,  # waf (CRS) | acl | cc
        "rule_ids": rule_ids,
        "messages": texts,
        "anomaly_score": score,
        "action": "blocked" if status in _BLOCKING_STATUSES else "detected",
        "request_headers": _mask(headers),
    }


def parse_access_line(line: str | bytes) -> dict[str, Any] | None:
    """One access-log line -> a record for per-minute counters; None for a broken line."""
    try:
        raw = json.loads(line)
    except (ValueError, TypeError):
        return None
    if not isinstance(raw, dict) or "time" not in raw:
        return None

    def number(value: Any) -> float | None:
        # upstream times look like "0.004" or "0.002, 0.004" (retries) or "" (no upstream)
        if value in ("", "-", None):
            return None
        try:
            return sum(float(part) for part in str(value).replace(":", ",").split(",") if part.strip())
        except ValueError:
            return None

    time_ = datetime.fromisoformat(raw["time"])
    domain_id = raw.get("domain_id", "")
    return {
        "time": time_.astimezone(UTC).isoformat(),
        "minute": time_.astimezone(UTC).replace(second=0).strftime("%Y-%m-%dT%H:%MZ"),
        "domain_id": int(domain_id) if str(domain_id).isdigit() else None,
        "event_id": raw.get("event_id", ""),
        "client_ip": raw.get("client_ip", ""),
        "host": raw.get("host", ""),
        "method": raw.get("method", ""),
        "uri": raw.get("uri", ""),
        "status": int(raw.get("status", 0)),
        "bytes_sent": int(raw.get("bytes_sent", 0)),
        "request_length": int(raw.get("request_length", 0)),
        "request_time": float(raw.get("request_time", 0) or 0),
        "upstream_time": number(raw.get("upstream_response_time")),
        "upstream_status": raw.get("upstream_status") or None,
        "blocked": raw.get("blocked") or None,  # "waf" (403 page) | "cc" (429 page) | None
    }
