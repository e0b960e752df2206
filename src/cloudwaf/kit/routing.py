"""One flat route table for the whole API.

Since 0.137, FastAPI's `include_router` keeps each included router as a node of a tree and walks
that tree on every request, re-matching a nested router's routes once per level: a 404 tested
316 route patterns, and routing was the largest single cost of a request (0.3-0.6 ms of CPU on
the 2-core reference machine). Registering every route on the app itself gives Starlette's flat
table: one compiled pattern per route, tested until the first match.

A sync endpoint is registered behind an async wrapper that runs it in a worker thread. FastAPI
would otherwise hop to a worker thread twice per request (once for the endpoint, once more to
validate its return value); each hop costs ~0.15 ms of CPU here, more than validating a page of
rows on the event loop.

Modules therefore export a tuple of their routers (`ROUTERS`) instead of one router that includes
the others, and `cloudwaf.api` registers them here."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.datastructures import DefaultPlaceholder
from fastapi.routing import APIRoute


def _resolved(route_value: object, app_default: object) -> object:
    return app_default if isinstance(route_value, DefaultPlaceholder) else route_value


def _one_hop(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.iscoroutinefunction(endpoint):
        return endpoint

    # functools.wraps keeps the signature and annotations FastAPI reads (it unwraps to resolve them).
    @functools.wraps(endpoint)
    async def in_worker_thread(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(endpoint, *args, **kwargs)

    return in_worker_thread


def include_flat(app: FastAPI, routers: Iterable[APIRouter], *, prefix: str = "") -> None:
    """Registers every route of `routers` on the app itself, under `prefix`. Each router's own
    prefix, tags and dependencies are already part of its routes."""
    target = app.router
    for router in routers:
        for route in router.routes:
            if not isinstance(route, APIRoute):
                raise TypeError(f"{route!r} is not an APIRoute: nested routers are not flattened")
            target.add_api_route(
                prefix + route.path,
                _one_hop(route.endpoint),
                response_model=route.response_model,
                status_code=route.status_code,
                tags=route.tags,
                dependencies=route.dependencies,
                summary=route.summary,
                description=route.description,
                response_description=route.response_description,
                responses=route.responses,
                deprecated=route.deprecated,
                methods=route.methods,
                operation_id=route.operation_id,
                response_model_include=route.response_model_include,
                response_model_exclude=route.response_model_exclude,
                response_model_by_alias=route.response_model_by_alias,
                response_model_exclude_unset=route.response_model_exclude_unset,
                response_model_exclude_defaults=route.response_model_exclude_defaults,
                response_model_exclude_none=route.response_model_exclude_none,
                include_in_schema=route.include_in_schema,
                response_class=_resolved(route.response_class, target.default_response_class),
                name=route.name,
                callbacks=route.callbacks,
                openapi_extra=route.openapi_extra,
                generate_unique_id_function=_resolved(
                    route.generate_unique_id_function, target.generate_unique_id_function
                ),
            )
