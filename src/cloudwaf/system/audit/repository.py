from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select

from cloudwaf.kit.repository import Repository
from cloudwaf.models import AuditLog


class AuditLogRepository(Repository[AuditLog]):
    """Read-only on purpose: the audit log is written by `audit.service.record` and never changed."""

    model = AuditLog

    def search(
        self,
        *,
        actor: str | None,
        actor_id: int | None,
        action: str | None,
        target_type: str | None,
        target_id: str | None,
        since: datetime | None,
        until: datetime | None,
    ) -> Select[tuple[AuditLog]]:
        stmt = self.base_query()
        if actor:
            stmt = stmt.where(AuditLog.actor_name == actor)
        if actor_id is not None:
            stmt = stmt.where(AuditLog.actor_id == actor_id)
        if action:
            # "guard.domain" matches every guard.domain.* action; a full name matches itself.
            stmt = stmt.where(
                (AuditLog.action == action) | AuditLog.action.startswith(f"{action}.", autoescape=True)
            )
        if target_type:
            stmt = stmt.where(AuditLog.target_type == target_type)
        if target_id:
            stmt = stmt.where(AuditLog.target_id == target_id)
        if since is not None:
            stmt = stmt.where(AuditLog.created_at >= since)
        if until is not None:
            stmt = stmt.where(AuditLog.created_at < until)
        return stmt.order_by(AuditLog.id.desc())
