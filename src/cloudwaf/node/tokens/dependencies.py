from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from cloudwaf.auth import Principal, require
from cloudwaf.db import DbSession
from cloudwaf.errors import NotFound
from cloudwaf.models import NodeToken
from cloudwaf.node.tokens.repository import NodeTokenRepository


def _load(session: DbSession, principal: Principal, token_id: int) -> NodeToken:
    token = NodeTokenRepository(session, principal.scope).get(token_id)
    if token is None:
        raise NotFound("enrollment token not found")
    return token


def readable_token(
    session: DbSession,
    token_id: Annotated[int, Path(ge=1)],
    principal: Annotated[Principal, Depends(require("node.token.read"))],
) -> NodeToken:
    return _load(session, principal, token_id)


def writable_token(
    session: DbSession,
    token_id: Annotated[int, Path(ge=1)],
    principal: Annotated[Principal, Depends(require("node.token.write"))],
) -> NodeToken:
    return _load(session, principal, token_id)


ReadableToken = Annotated[NodeToken, Depends(readable_token)]
WritableToken = Annotated[NodeToken, Depends(writable_token)]
