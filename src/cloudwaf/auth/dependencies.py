"""Access is a typed parameter: `Annotated[Principal, Depends(require("guard.domain.write"))]`.

`require` registers the key on the dependency, so a test can walk every route and prove that
each one declares a permission (or is explicitly public)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from cloudwaf.auth.api_keys import authenticate_api_key
from cloudwaf.auth.authenticator import authenticate_bearer, client_ip_of
from cloudwaf.auth.permissions import ALL_KEYS
from cloudwaf.auth.principal import AuthVia, Principal
from cloudwaf.auth.principal_cache import PrincipalCache, identity_generation
from cloudwaf.auth.tokens import digest
from cloudwaf.db import DbSession
from cloudwaf.errors import PermissionDenied, Unauthenticated, biz_error

ApiKeyScopeInsufficient = biz_error(1053, "ApiKeyScopeInsufficient")


async def authenticate(request: Request, session: DbSession) -> Principal:
    # async: a credential resolved in the last moments is answered from the worker's cache with
    # no thread hop and no query; only a miss goes to the database (see principal_cache).
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    header = request.headers.get("authorization", "")
    scheme, _, credential = header.partition(" ")
    credential = credential.strip()
    if not credential:
        raise Unauthenticated("missing Authorization header (Bearer <token> or ApiKey <key>)")
    scheme = scheme.lower()
    if scheme not in ("bearer", "apikey"):
        raise Unauthenticated("unsupported authorization scheme")
    cache: PrincipalCache = request.app.state.principal_cache
    key = (digest(f"{scheme} {credential}"), client_ip_of(request))
    principal = cache.get(key)
    if principal is None:
        generation = identity_generation()
        principal, valid_until = await run_in_threadpool(_resolve, request, session, scheme, credential)
        cache.put(key, principal, valid_until=valid_until, generation=generation)
    request.state.principal = principal
    return principal


def _resolve(request: Request, session: Session, scheme: str, credential: str) -> tuple[Principal, datetime]:
    if scheme == "bearer":
        idle_minutes = request.app.state.settings.session_idle_minutes
        return authenticate_bearer(session, request, credential, idle_minutes)
    return authenticate_api_key(session, request, credential)


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
