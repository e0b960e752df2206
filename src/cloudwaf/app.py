"""The ASGI application factory."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from cloudwaf import __version__
from cloudwaf.api import include_routers
from cloudwaf.auth import Public
from cloudwaf.auth.principal_cache import PrincipalCache
from cloudwaf.chart import retention as chart_retention
from cloudwaf.config import Settings, get_settings
from cloudwaf.db import create_db_engine, create_session_factory, release_inline_for, write_bind_for
from cloudwaf.errors.handlers import install_error_handlers
from cloudwaf.geoip import lookup as geoip_lookup
from cloudwaf.observability import RequestContextMiddleware

log = logging.getLogger("cloudwaf.app")

_DOCS_STATIC = Path(fastapi_offline.__file__).parent / "static"
WEB_DIST = Path(__file__).resolve().parents[2] / "web" / "dist"


def _operation_id(route: APIRoute) -> str:
    # Endpoint function names are unique and stable (list_domains, create_domain ...): the
    # console's generated client depends on them. One function may serve PUT and PATCH; the
    # PATCH operation gets a suffix so the ids stay unique.
    methods = route.methods or set()
    return f"{route.name}_partial" if "PATCH" in methods and "PUT" not in methods else route.name


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    settings = settings or get_settings()
    settings.ensure_secret()
    engine = engine or create_db_engine(settings.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        chart_purge = chart_retention.start(settings, app.state.session_factory)
        yield
        if chart_purge is not None:
            chart_purge.cancel()
        engine.dispose()

    app = FastAPI(
        title="Cloud WAF API", version=__version__, lifespan=lifespan,
        openapi_url="/api/openapi.json", docs_url=None, redoc_url=None,
        generate_unique_id_function=_operation_id,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = create_session_factory(engine)
    app.state.write_bind = write_bind_for(engine)
    app.state.release_inline = release_inline_for(engine)
    app.state.principal_cache = PrincipalCache(settings.auth_cache_seconds)
    app.state.health_probes = {}
    app.state.health_probes["geoip"] = geoip_lookup.configure(settings).health

    install_error_handlers(app)
    include_routers(app)
    _mount_docs(app)
    _mount_console(app)
    app.add_middleware(RequestContextMiddleware)
    return app


def _mount_docs(app: FastAPI) -> None:
    app.mount("/api/docs-static", StaticFiles(directory=_DOCS_STATIC), name="docs-static")

    @app.get("/api/docs", include_in_schema=False, dependencies=[Public])
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json", title="Cloud WAF API",
            swagger_js_url="/api/docs-static/swagger-ui-bundle.js",
            swagger_css_url="/api/docs-static/swagger-ui.css",
            swagger_favicon_url="/api/docs-static/favicon.png",
        )


def _mount_console(app: FastAPI) -> None:
    """Serves the built console at / with history-mode fallback, when it has been built.

    The fallback lives in the 404 handler rather than in a catch-all route: routes added later
    (module routers, test probes) still win, and unknown API paths keep answering the JSON 404."""
    index = WEB_DIST / "index.html"
    if not index.exists():
        return
    app.mount("/assets", StaticFiles(directory=WEB_DIST / "assets"), name="console-assets")
    api_not_found = app.exception_handlers[StarletteHTTPException]

    async def console_or_not_found(request: Request, exc: StarletteHTTPException) -> Response:
        path = request.url.path
        if exc.status_code == 404 and request.method in ("GET", "HEAD") and not path.startswith("/api/"):
            candidate = (WEB_DIST / path.lstrip("/")).resolve()
            if candidate.is_file() and WEB_DIST in candidate.parents:
                return FileResponse(candidate)
            # Only page navigations (browsers ask for text/html) get the console's index;
            # scripts and curl keep the JSON 404 for unknown paths.
            if "text/html" in request.headers.get("accept", ""):
                return FileResponse(index)
        return await api_not_found(request, exc)

    app.add_exception_handler(StarletteHTTPException, console_or_not_found)
