from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from cloudwaf.auth import Principal, require
from cloudwaf.db import DbSession
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging
from cloudwaf.node.common import SortParam
from cloudwaf.node.tokens import service as token_service
from cloudwaf.node.tokens.dependencies import ReadableToken, WritableToken
from cloudwaf.node.tokens.schemas import NodeTokenCreate, NodeTokenCreated, NodeTokenRead

router = APIRouter(prefix="/tokens", tags=["node enrollment tokens"])

TokenWriter = Annotated[Principal, Depends(require("node.token.write"))]


@router.get("", response_model=Envelope[Page[NodeTokenRead]])
def list_node_tokens(
    session: DbSession,
    paging: Paging,
    principal: Annotated[Principal, Depends(require("node.token.read"))],
    sort: SortParam = None,
) -> Envelope[Page[NodeTokenRead]]:
    return ok(token_service.list_tokens(session, principal, paging, sort=sort))


@router.post("", response_model=Envelope[NodeTokenCreated], status_code=201)
def create_node_token(
    body: NodeTokenCreate, session: DbSession, principal: TokenWriter
) -> Envelope[NodeTokenCreated]:
    return ok(token_service.create_token(session, principal, body))


@router.get("/{token_id}", response_model=Envelope[NodeTokenRead])
def get_node_token(token: ReadableToken) -> Envelope[NodeTokenRead]:
    return ok(token_service.to_read(token))


@router.delete("/{token_id}", response_model=Envelope[None])
def delete_node_token(token: WritableToken, session: DbSession, principal: TokenWriter) -> Envelope[None]:
    token_service.revoke_token(session, principal, token)
    return ok(None)
