"""Every route declares the permission key it needs, or is explicitly public."""

from __future__ import annotations

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from cloudwaf.auth.permissions import ALL_KEYS


def _markers(dependant: Dependant) -> list[object]:
    found = []
    for dep in dependant.dependencies:
        call = dep.call
        # Node-authenticated routes (node/agent/*) accept only a node credential, nothing else.
        if (getattr(call, "is_public", False) or getattr(call, "permission_key", None)
                or getattr(call, "is_node_auth", False)):
            found.append(call)
        found += _markers(dep)
    return found


def _api_routes(app) -> list[tuple[str, APIRoute, Dependant]]:  # noqa: ANN001
    """(path, route, dependant) of every API route, with the dependencies that include_router()
    added (FastAPI keeps those on the route's include context, not on the route itself)."""
    out = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute):
            effective = getattr(context, "_route_context", None)
            dependant = getattr(effective, "dependant", None) or route.dependant
            out.append((context.path or route.path, route, dependant))
    return out


def test_every_route_declares_a_permission_or_is_public(app) -> None:  # noqa: ANN001
    routes = _api_routes(app)
    assert len(routes) > 30
    missing = []
    for path, route, dependant in routes:
        markers = _markers(dependant)
        if not markers:
            missing.append(f"{sorted(route.methods)} {path}")
            continue
        for marker in markers:
            key = getattr(marker, "permission_key", None)
            assert key is None or key in ALL_KEYS, (path, key)
    assert not missing, "routes without require(...) or Public: " + ", ".join(missing)
