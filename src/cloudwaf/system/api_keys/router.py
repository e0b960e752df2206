from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from cloudwaf.auth import Principal, require
from cloudwaf.db import DbSession
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging
from cloudwaf.system.api_keys import service as api_key_service
from cloudwaf.system.api_keys.dependencies import OwnApiKey
from cloudwaf.system.api_keys.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyRead, ApiKeyUpdate

router = APIRouter(prefix="/api-keys", tags=["sys: api keys"])


@router.get("", response_model=Envelope[Page[ApiKeyRead]])
def list_api_keys(
    session: DbSession, principal: Annotated[Principal, Depends(require("sys.apikey.read"))], paging: Paging
) -> Envelope[Page[ApiKeyRead]]:
    items, total = api_key_service.list_api_keys(session, principal, paging)
    return ok(Page(items=items, total=total, page=paging.page, page_size=paging.page_size))


@router.post("", response_model=Envelope[ApiKeyCreated])
def create_api_key(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.apikey.write"))],
    payload: ApiKeyCreate,
) -> Envelope[ApiKeyCreated]:
    return ok(api_key_service.create_api_key(session, principal, payload))


@router.get("/{key_id}", response_model=Envelope[ApiKeyRead])
def get_api_key(
    principal: Annotated[Principal, Depends(require("sys.apikey.read"))], row: OwnApiKey
) -> Envelope[ApiKeyRead]:
    return ok(api_key_service.to_read(row))


@router.put("/{key_id}", response_model=Envelope[ApiKeyRead])
def update_api_key(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.apikey.write"))],
    row: OwnApiKey,
    payload: ApiKeyUpdate,
) -> Envelope[ApiKeyRead]:
    return ok(api_key_service.to_read(api_key_service.update_api_key(session, principal, row, payload)))


@router.post("/{key_id}/revoke", response_model=Envelope[ApiKeyRead])
def revoke_api_key(
    session: DbSession, principal: Annotated[Principal, Depends(require("sys.apikey.write"))], row: OwnApiKey
) -> Envelope[ApiKeyRead]:
    return ok(api_key_service.to_read(api_key_service.revoke_api_key(session, principal, row)))


@router.delete("/{key_id}", response_model=Envelope[None])
def delete_api_key(
    session: DbSession, principal: Annotated[Principal, Depends(require("sys.apikey.write"))], row: OwnApiKey
) -> Envelope[None]:
    api_key_service.delete_api_key(session, principal, row)
    return ok(None)
