"""API keys: users manage their own. The secret is shown once; only its digest is stored."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from cloudwaf.auth.api_keys import KEY_PREFIX, new_api_key
from cloudwaf.auth.principal import AuthVia, Principal
from cloudwaf.auth.tokens import digest
from cloudwaf.errors import BadRequest
from cloudwaf.kit.pagination import PageParams
from cloudwaf.kit.repository import TenantScope
from cloudwaf.models import ApiKey
from cloudwaf.models.base import utcnow
from cloudwaf.system.api_keys.repository import ApiKeyRepository
from cloudwaf.system.api_keys.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyRead, ApiKeyUpdate
from cloudwaf.system.audit import service as audit
from cloudwaf.system.errors import (
    ApiKeyExpiryTooLong,
    ApiKeyNameRequired,
    ApiKeyNotFound,
    ApiKeyNotYours,
    ApiKeyScopeExceeded,
)

MAX_EXPIRES_IN_DAYS = 365
MAX_NAME_LENGTH = 64


def _status(row: ApiKey) -> str:
    if row.revoked_at is not None:
        return "revoked"
    return "expired" if utcnow() >= row.expires_at else "active"


def to_read(row: ApiKey) -> ApiKeyRead:
    return ApiKeyRead(
        id=row.id,
        name=row.name,
        prefix=f"{KEY_PREFIX}{row.public_id}",
        scopes=sorted(row.scopes),
        status=_status(row),
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
        last_used_at=row.last_used_at,
        last_used_ip=row.last_used_ip,
        created_at=row.created_at,
    )


def _checked_name(name: str | None) -> str:
    cleaned = (name or "").strip()
    if not cleaned:
        raise ApiKeyNameRequired()
    if len(cleaned) > MAX_NAME_LENGTH:
        raise BadRequest(f"name: at most {MAX_NAME_LENGTH} characters")
    return cleaned


def list_api_keys(session: Session, principal: Principal, paging: PageParams) -> tuple[list[ApiKeyRead], int]:
    repo = ApiKeyRepository(session, principal.scope)
    items, total = repo.paginate(repo.of_user(principal.user_id), paging)
    return [to_read(r) for r in items], total


def get_own(session: Session, principal: Principal, key_id: int) -> ApiKey:
    """The caller's key: unknown → 1051, someone else's (same or other OEM) → 1056."""
    # Looked up across OEMs on purpose, to tell "not yours" (1056) from "no such key" (1051);
    # nothing of the row is returned in either case.
    row = ApiKeyRepository(session, TenantScope.platform()).get(key_id)
    if row is None:
        raise ApiKeyNotFound()
    if row.user_id != principal.user_id or row.oem_id != principal.oem_id:
        raise ApiKeyNotYours()
    return row


def create_api_key(session: Session, principal: Principal, payload: ApiKeyCreate) -> ApiKeyCreated:
    name = _checked_name(payload.name)
    if payload.expires_in_days > MAX_EXPIRES_IN_DAYS:
        raise ApiKeyExpiryTooLong()
    if payload.expires_in_days < 1:
        raise BadRequest("expires_in_days: at least 1")
    scopes = set(payload.scopes)
    if not scopes:
        raise BadRequest("scopes: list at least one permission key")
    # A key made with a key can never reach beyond the key that made it.
    held = (
        (principal.api_key_scopes or frozenset())
        if principal.via is AuthVia.api_key
        else principal.permissions
    )
    beyond = sorted(scopes - held)
    if beyond:
        raise ApiKeyScopeExceeded(
            f"not held by you (exact keys only, no wildcards): {', '.join(beyond[:10])}"
        )
    key, public_id = new_api_key()
    now = utcnow()
    row = ApiKey(
        oem_id=principal.oem_id,
        user_id=principal.user_id,
        name=name,
        public_id=public_id,
        secret_hash=digest(key),
        scopes=sorted(scopes),
        expires_at=now + timedelta(days=payload.expires_in_days),
    )
    ApiKeyRepository(session, principal.scope).add(row)
    audit.record(session, principal, "sys.apikey.create", "api_key", row.id, after=to_read(row))
    return ApiKeyCreated(**to_read(row).model_dump(), key=key)


def update_api_key(session: Session, principal: Principal, row: ApiKey, payload: ApiKeyUpdate) -> ApiKey:
    before = to_read(row)
    row.name = _checked_name(payload.name)
    session.flush()
    audit.record(
        session, principal, "sys.apikey.update", "api_key", row.id, before=before, after=to_read(row)
    )
    return row


def revoke_api_key(session: Session, principal: Principal, row: ApiKey) -> ApiKey:
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.flush()
    audit.record(session, principal, "sys.apikey.revoke", "api_key", row.id, after=to_read(row))
    return row


def delete_api_key(session: Session, principal: Principal, row: ApiKey) -> None:
    before = to_read(row)
    ApiKeyRepository(session, principal.scope).delete(row)
    audit.record(session, principal, "sys.apikey.delete", "api_key", before.id, before=before)
