"""Public platform metadata: liveness, the error-code table, metrics."""

from __future__ import annotations

import time

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel
from sqlalchemy import text

from cloudwaf import __version__
from cloudwaf.auth import Public
from cloudwaf.errors.codes import REGISTRY
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.observability import REGISTRY as METRICS

router = APIRouter(tags=["meta"])


class ErrorCodeRead(BaseModel):
    code: int
    http_status: int
    module: str
    message_en: str
    message_zh: str


class ComponentHealth(BaseModel):
    ok: bool
    detail: str = ""
    latency_ms: float | None = None


class HealthRead(BaseModel):
    status: str
    version: str
    database: ComponentHealth
    components: dict[str, ComponentHealth] = {}


_ERROR_CODES = [ErrorCodeRead(code=c.code, http_status=c.http_status, module=c.module,
                              message_en=c.message_en, message_zh=c.message_zh)
                for c in sorted(REGISTRY.values(), key=lambda c: c.code)]


@router.get("/api/v1/error-codes", response_model=Envelope[list[ErrorCodeRead]],
            operation_id="list_error_codes", dependencies=[Public])
def list_error_codes() -> Envelope[list[ErrorCodeRead]]:
    return ok(_ERROR_CODES)


@router.get("/api/v1/health", response_model=Envelope[HealthRead], operation_id="get_health",
            dependencies=[Public])
def get_health(request: Request, response: Response) -> Envelope[HealthRead]:
    started = time.perf_counter()
    try:
        with request.app.state.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        database = ComponentHealth(ok=True, latency_ms=round((time.perf_counter() - started) * 1000, 2))
    except Exception as exc:  # noqa: BLE001 - health reports any failure, never raises
        database = ComponentHealth(ok=False, detail=type(exc).__name__)
    components = {name: probe() for name, probe in request.app.state.health_probes.items()}
    healthy = database.ok
    components_ok = all(c.ok for c in components.values())
    if not healthy:
        response.status_code = 503
    status = "ok" if healthy and components_ok else ("degraded" if healthy else "down")
    return ok(HealthRead(status=status, version=__version__, database=database, components=components))


@router.get("/metrics", include_in_schema=False, dependencies=[Public])
def metrics() -> Response:
    return Response(generate_latest(METRICS), media_type=CONTENT_TYPE_LATEST)
