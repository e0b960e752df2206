"""Routes are registered flat on the app, and a sync endpoint costs one worker-thread hop."""

from __future__ import annotations

import inspect
import threading
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Query
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import BaseModel

from cloudwaf.kit.routing import include_flat


class Echo(BaseModel):
    value: int
    thread: int


def _tag() -> str:
    return "dep"


def _app() -> tuple[FastAPI, dict[str, int]]:
    seen: dict[str, int] = {}
    items = APIRouter(prefix="/items", tags=["items"], dependencies=[Depends(_tag)])

    @items.get("/{item_id}", response_model=Echo)
    def read_item(item_id: int, scale: Annotated[int, Query(ge=1)] = 1) -> Echo:
        seen["endpoint"] = threading.get_ident()
        return Echo(value=item_id * scale, thread=threading.get_ident())

    @items.get("", response_model=list[int])
    async def list_items() -> list[int]:
        seen["async_endpoint"] = threading.get_ident()
        return [1, 2]

    app = FastAPI(generate_unique_id_function=lambda route: f"op_{route.name}")
    include_flat(app, [items], prefix="/api/v1")
    return app, seen


def test_every_route_sits_on_the_app_itself_under_its_full_path() -> None:
    app, _ = _app()
    api_routes = [route for route in app.routes if isinstance(route, APIRoute)]
    assert sorted(route.path for route in api_routes) == ["/api/v1/items", "/api/v1/items/{item_id}"]
    schema = app.openapi()
    operation = schema["paths"]["/api/v1/items/{item_id}"]["get"]
    assert operation["operationId"] == "op_read_item" and operation["tags"] == ["items"]
    assert [p["name"] for p in operation["parameters"]] == ["item_id", "scale"]
    # FastAPI sees coroutines only: it neither hops to a thread to validate the return value nor
    # runs the endpoint on the loop (the wrapper does the one hop).
    assert all(inspect.iscoroutinefunction(route.endpoint) for route in api_routes)


def test_a_sync_endpoint_runs_off_the_event_loop_with_its_parameters_validated() -> None:
    app, seen = _app()
    with TestClient(app) as client:
        response = client.get("/api/v1/items/21", params={"scale": 2})
        assert response.status_code == 200 and response.json()["value"] == 42
        assert client.get("/api/v1/items/21", params={"scale": 0}).status_code == 422
        assert client.get("/api/v1/items").json() == [1, 2]
    # The loop's thread ran the async endpoint; the sync one ran in a worker thread.
    assert seen["endpoint"] != seen["async_endpoint"]
