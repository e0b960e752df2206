"""What every guard write does besides the change itself: bump the OEM's config version (nodes
long-poll on it) and leave an audit row, in the same transaction as the change."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from cloudwaf.auth.principal import Principal
from cloudwaf.guard.config_version import bump
from cloudwaf.system.audit import service as audit


def written(
    session: Session,
    principal: Principal,
    action: str,
    target_type: str,
    target_id: object,
    *,
    before: Any = None,
    after: Any = None,
    extra: dict[str, Any] | None = None,
) -> int:
    """Records a committed-with-the-request guard change; returns the new config version."""
    audit.record(session, principal, action, target_type, target_id, before=before, after=after, extra=extra)
    return bump(session, principal.oem_id)
