"""The audit log, read-only: there is no route that changes or deletes it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from cloudwaf.auth import Principal, require
from cloudwaf.db import DbSession
from cloudwaf.errors import BadRequest, NotFound
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging
from cloudwaf.kit.time import parse_instant
from cloudwaf.system.audit.repository import AuditLogRepository
from cloudwaf.system.audit.schemas import AuditLogRead
from cloudwaf.system.tenancy import read_scope

router = APIRouter(prefix="/audit-logs", tags=["sys: audit"])


def _instant(name: str, value: str | None):  # noqa: ANN202 - datetime | None
    if value is None:
        return None
    try:
        return parse_instant(value)
    except ValueError as exc:
        raise BadRequest(f"{name}: RFC 3339 time or Unix seconds") from exc


@router.get("", response_model=Envelope[Page[AuditLogRead]])
def list_audit_logs(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.audit.read"))],
    paging: Paging,
    actor: Annotated[str | None, Query(max_length=64, description="actor username")] = None,
    actor_id: int | None = None,
    action: Annotated[str | None, Query(max_length=64, description="an action or a prefix: sys.user")] = None,
    target_type: Annotated[str | None, Query(max_length=64)] = None,
    target_id: Annotated[str | None, Query(max_length=64)] = None,
    stime: Annotated[str | None, Query(description="from (RFC 3339 or Unix seconds)")] = None,
    etime: Annotated[str | None, Query(description="until, exclusive")] = None,
    oem_id: Annotated[int | None, Query(description="platform admin only")] = None,
) -> Envelope[Page[AuditLogRead]]:
    since, until = _instant("stime", stime), _instant("etime", etime)
    if since and until and since > until:
        raise BadRequest("stime is after etime")
    repo = AuditLogRepository(session, read_scope(principal, oem_id))
    stmt = repo.search(
        actor=actor,
        actor_id=actor_id,
        action=action,
        target_type=target_type,
        target_id=target_id,
        since=since,
        until=until,
    )
    rows, total = repo.paginate(stmt, paging)
    return ok(
        Page(
            items=[AuditLogRead.model_validate(r, from_attributes=True) for r in rows],
            total=total,
            page=paging.page,
            page_size=paging.page_size,
        )
    )


@router.get("/{log_id}", response_model=Envelope[AuditLogRead])
def get_audit_log(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.audit.read"))],
    log_id: Annotated[int, Path(ge=1)],
) -> Envelope[AuditLogRead]:
    row = AuditLogRepository(session, read_scope(principal)).get(log_id)
    if row is None:
        raise NotFound("audit log entry not found")
    return ok(AuditLogRead.model_validate(row, from_attributes=True))
