"""The one audit helper every module calls from its services:

    from cloudwaf.system.audit import service as audit
    audit.record(session, principal, "guard.domain.update", "domain", domain.id,
                 before=snapshot_taken_before_the_change, after=domain)

`before` / `after` accept ORM objects, Pydantic models, dataclasses, mappings or plain values.
Secret-looking fields are masked and long strings shortened before anything is stored. The row is
added to the caller's session, so it commits (or rolls back) with the change it describes.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from cloudwaf.auth.principal import Principal
from cloudwaf.models import AuditLog
from cloudwaf.observability import current_request_id

MASK = "***"
# A field is masked when its lower-cased name equals one of these ...
_SECRET_NAMES = frozenset({"key", "token", "secret", "password", "key_pem", "captcha_code", "answer"})
# ... or contains one of these.
_SECRET_PARTS = (
    "password",
    "secret",
    "token",
    "private_key",
    "key_pem",
    "passphrase",
    "credential",
    "api_key",
    "logo_data",
)
_MAX_STRING = 256
_MAX_ITEMS = 100
_MAX_DEPTH = 6


def is_secret_field(name: str) -> bool:
    lowered = name.lower()
    return lowered in _SECRET_NAMES or any(part in lowered for part in _SECRET_PARTS)


def snapshot(value: Any) -> Any:
    """A JSON-safe, masked copy of `value`. Call it *before* mutating an object whose old state
    you want to audit (ORM objects are live: a later snapshot sees the new values)."""
    return _clean(value, 0)


def _clean(value: Any, depth: int) -> Any:
    if depth > _MAX_DEPTH:
        return "…"
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return value if len(value) <= _MAX_STRING else f"{value[:_MAX_STRING]}…({len(value)} chars)"
    if isinstance(value, enum.Enum):
        return _clean(value.value, depth)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, BaseModel):
        return _clean_mapping(value.model_dump(), depth)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _clean_mapping({f.name: getattr(value, f.name) for f in dataclasses.fields(value)}, depth)
    if isinstance(value, Mapping):
        return _clean_mapping(value, depth)
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else list(value)
        cleaned = [_clean(v, depth + 1) for v in items[:_MAX_ITEMS]]
        if len(items) > _MAX_ITEMS:
            cleaned.append(f"…({len(items)} items)")
        return cleaned
    mapper = sa_inspect(value, raiseerr=False)
    if mapper is not None and hasattr(mapper, "mapper"):
        # An ORM instance: its column attributes only (relationships would load lazily).
        return _clean_mapping(
            {attr.key: getattr(value, attr.key) for attr in mapper.mapper.column_attrs}, depth
        )
    return _clean(str(value), depth)


def _clean_mapping(mapping: Mapping[Any, Any], depth: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, val in mapping.items():
        name = str(key)
        out[name] = MASK if is_secret_field(name) and val not in (None, "") else _clean(val, depth + 1)
    return out


def _changed_fields(before: Any, after: Any) -> list[str] | None:
    if not isinstance(before, dict) or not isinstance(after, dict):
        return None
    keys: Iterable[str] = sorted(set(before) | set(after))
    return [k for k in keys if before.get(k) != after.get(k) and k not in {"updated_at"}]


def build_summary(
    before: Any = None, after: Any = None, extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    clean_before = snapshot(before) if before is not None else None
    clean_after = snapshot(after) if after is not None else None
    if clean_before is not None:
        summary["before"] = clean_before
    if clean_after is not None:
        summary["after"] = clean_after
    changed = _changed_fields(clean_before, clean_after)
    if changed is not None:
        summary["changed"] = changed
    if extra:
        summary.update(_clean_mapping(extra, 0))
    return summary


def record(
    session: Session,
    principal: Principal | None,
    action: str,
    target_type: str = "",
    target_id: object = "",
    *,
    before: Any = None,
    after: Any = None,
    extra: Mapping[str, Any] | None = None,
    oem_id: int | None = None,
    actor_name: str | None = None,
    client_ip: str | None = None,
) -> AuditLog:
    """Adds one audit row to `session` (no flush, no commit: it lives and dies with the change).

    `action` is `<module>.<resource>.<verb>` (e.g. `guard.domain.create`, `sys.login.failed`).
    Without a principal (login failures, the scheduler) pass `oem_id` / `actor_name` / `client_ip`.
    `oem_id` defaults to the principal's OEM; pass the target's OEM when a platform admin acts on
    another tenant, so that tenant's admins see it in their log.
    """
    via = "system"
    if principal is not None:
        via = principal.via.value
    row = AuditLog(
        oem_id=oem_id if oem_id is not None else (principal.oem_id if principal else None),
        actor_id=principal.user_id if principal else None,
        actor_name=(actor_name if actor_name is not None else (principal.username if principal else ""))[:64],
        via=via,
        action=action[:64],
        target_type=target_type[:64],
        target_id=str(target_id if target_id is not None else "")[:64],
        summary=build_summary(before, after, extra),
        client_ip=(client_ip if client_ip is not None else (principal.client_ip if principal else ""))[:64],
        request_id=(current_request_id() or "")[:64],
    )
    session.add(row)
    return row
