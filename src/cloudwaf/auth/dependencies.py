"""Access is a typed parameter: `Annotated[Principal, Depends(require("guard.domain.write"))]`.

`require` registers the key on the dependency, so a test can walk every route and prove that
each one declares a permission (or is explicitly public)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

from cloudwaf.auth.api_keys import authenticate_api_key
from cloudwaf.auth.authenticator import authenticate_bearer
from cloudwaf.auth.permissions import ALL_KEYS
from cloudwaf.auth.principal import AuthVia, Principal
from cloudwaf.db import DbSession
from cloudwaf.errors import PermissionDenied, Unauthenticated, biz_error

ApiKeyScopeInsufficient = biz_error(1053, "ApiKeyScopeInsufficient")


def authenticate(request: Request, session: DbSession) -> Principal:
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    header = request.headers.get("authorization", "")
    scheme, _, credential = header.partition(" ")
    credential = credential.strip()
    if not credential:
        raise Unauthenticated("missing Authorization header (Bearer <token> or ApiKey <key>)")
    scheme = scheme.lower()
    if scheme == "bearer":
        settings = request.app.state.settings
        principal = authenticate_bearer(session, request, credential, settings.session_idle_minutes)
    elif scheme == "apikey":
        principal = authenticate_api_key(session, request, credential)
    else:
        raise Unauthenticated("unsupported authorization scheme")
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(authenticate)]


def require(key: str) -> Callable[..., Principal]:
    if key not in ALL_KEYS:
        raise LookupError(f"unknown permission key {key!r}: add it to the catalogue first")

    # async: a pure check, so FastAPI need not hop to a worker thread for it.
    async def dependency(principal: CurrentPrincipal) -> Principal:
        if principal.via is AuthVia.api_key and key not in (principal.api_key_scopes or frozenset()):
            raise ApiKeyScopeInsufficient(f"this key lacks the scope {key}")
        if not principal.holds(key):
            raise PermissionDenied(f"requires {key}")
        return principal

    dependency.permission_key = key  # type: ignore[attr-defined]
    dependency.__name__ = f"require_{key.replace('.', '_')}"
    return dependency


async def public() -> None:
    """Marks a route as deliberately open (no credentials)."""


public.permission_key = None  # type: ignore[attr-defined]
public.is_public = True  # type: ignore[attr-defined]

Public = Depends(public)
