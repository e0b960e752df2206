"""Agent-facing endpoints. Registration is open (the enrollment token in the body is the
credential); everything else needs `Authorization: Node <credential>`."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from cloudwaf.auth import Public
from cloudwaf.auth.authenticator import client_ip_of
from cloudwaf.chart.store import SqlEventStore
from cloudwaf.db import DbSession
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.node.agent import service as agent_service
from cloudwaf.node.agent.dependencies import AgentNode, CurrentNode
from cloudwaf.node.agent.schemas import (
    AgentConfigRead,
    HeartbeatIn,
    HeartbeatRead,
    LogBatchIn,
    LogBatchRead,
    RegisterIn,
    RegisterRead,
)

router = APIRouter(prefix="/agent", tags=["node agent"])

LONG_POLL_MAX_SECONDS = 25.0
# How often a waiting request re-reads the OEM's version from the database. The database is the
# only wake-up channel, so a write on any replica wakes waiters on every replica. Waiters of one OEM
# share each read (_VersionCache), so this costs ~10 tiny queries/s per OEM per replica, whatever
# the number of nodes, and keeps the wake-up delay at 50 ms on average.
VERSION_POLL_SECONDS = 0.1

T = TypeVar("T")


def _in_session(factory: sessionmaker[Session], fn: Callable[..., T], *args: Any) -> T:
    """A short transaction of its own, for work done while a long-poll waits."""
    with factory() as session:
        return fn(session, *args)


class _VersionCache:
    """Per-process: waiters of one OEM share one database read per poll interval."""

    def __init__(self) -> None:
        self._seen: dict[int, tuple[float, int]] = {}

    async def read(self, factory: sessionmaker[Session], node: AgentNode) -> int:
        now = time.monotonic()
        cached = self._seen.get(node.oem_id)
        if cached is not None and now - cached[0] < VERSION_POLL_SECONDS * 0.75:
            return cached[1]
        version = await run_in_threadpool(_in_session, factory, agent_service.current_version, node)
        self._seen[node.oem_id] = (time.monotonic(), version)
        return version


def _version_cache(request: Request) -> _VersionCache:
    cache = getattr(request.app.state, "node_version_cache", None)
    if cache is None:
        cache = request.app.state.node_version_cache = _VersionCache()
    return cache


@router.post("/register", response_model=Envelope[RegisterRead], status_code=201, dependencies=[Public])
def register_node_agent(body: RegisterIn, request: Request, session: DbSession) -> Envelope[RegisterRead]:
    return ok(agent_service.register(session, body, client_ip_of(request)))


@router.get("/config", response_model=Envelope[AgentConfigRead])
async def get_node_agent_config(
    request: Request,
    node: CurrentNode,
    version: Annotated[int, Query(ge=0, description="the version the node has applied")] = 0,
    wait: Annotated[
        float, Query(ge=0, le=LONG_POLL_MAX_SECONDS, description="seconds to wait")
    ] = LONG_POLL_MAX_SECONDS,
) -> Envelope[AgentConfigRead]:
    """Answers at once when the OEM's config version differs from `version`; otherwise waits up to
    `wait` seconds for it to change and answers `changed=false` if it does not."""
    factory = request.app.state.session_factory
    cache = _version_cache(request)
    deadline = time.monotonic() + wait
    current = await cache.read(factory, node)
    while current == version:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or await request.is_disconnected():
            return ok(AgentConfigRead(version=current, changed=False))
        await asyncio.sleep(min(VERSION_POLL_SECONDS, remaining))
        current = await cache.read(factory, node)
    secret_key = request.app.state.settings.secret_key
    return ok(
        await run_in_threadpool(_in_session, factory, agent_service.build_config, node, current, secret_key)
    )


@router.post("/heartbeat", response_model=Envelope[HeartbeatRead])
def node_agent_heartbeat(body: HeartbeatIn, node: CurrentNode, session: DbSession) -> Envelope[HeartbeatRead]:
    return ok(agent_service.heartbeat(session, node, body))


@router.post("/logs", response_model=Envelope[LogBatchRead])
def ship_node_agent_logs(body: LogBatchIn, node: CurrentNode, session: DbSession) -> Envelope[LogBatchRead]:
    return ok(agent_service.ingest_logs(session, SqlEventStore(session), node, body))
