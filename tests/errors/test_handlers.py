"""Every failure renders {"code", "message", "request_id"} with the reference's HTTP status."""

from __future__ import annotations

import logging

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from cloudwaf.auth import Public
from cloudwaf.errors import BizError, biz_error

RateLimited = biz_error(4005, "RateLimited")
DomainNotFound = biz_error(2001, "DomainNotFound")


class Body(BaseModel):
    name: str = Field(min_length=1)
    port: int = Field(ge=1, le=65535)


def _probe_router() -> APIRouter:
    router = APIRouter(prefix="/api/v1/probe", dependencies=[Public])

    @router.post("/validate")
    def validate(body: Body) -> dict:
        return {"code": 0, "message": "ok", "data": body.model_dump()}

    @router.get("/boom")
    def boom() -> dict:
        raise RuntimeError("SELECT secret FROM internals")

    @router.get("/limited")
    def limited() -> dict:
        raise RateLimited(retry_after=7)

    @router.get("/missing")
    def missing() -> dict:
        raise DomainNotFound()

    return router


@pytest.fixture
def probe_client(app: FastAPI) -> TestClient:
    app.include_router(_probe_router())
    return TestClient(app, raise_server_exceptions=False)


def test_malformed_json_is_400_with_code_400(probe_client: TestClient) -> None:
    response = probe_client.post("/api/v1/probe/validate", content=b"{bad",
                                 headers={"content-type": "application/json"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == 400
    assert "malformed JSON" in body["message"]
    assert body["request_id"] == response.headers["x-request-id"]


def test_field_validation_is_400_never_422(probe_client: TestClient) -> None:
    response = probe_client.post("/api/v1/probe/validate", json={"name": "", "port": 70000})
    assert response.status_code == 400
    assert response.json()["code"] == 400
    assert "port" in response.json()["message"]


def test_unknown_path_is_404(client: TestClient) -> None:
    response = client.get("/api/v1/does-not-exist")
    assert response.status_code == 404
    assert response.json()["code"] == 404


def test_business_error_uses_registry_status_and_language(probe_client: TestClient) -> None:
    response = probe_client.get("/api/v1/probe/missing")
    assert (response.status_code, response.json()["code"]) == (404, 2001)
    assert response.json()["message"] == "Domain not found"
    zh = probe_client.get("/api/v1/probe/missing", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert zh.json()["message"] == "域名不存在"
    en = probe_client.get("/api/v1/probe/missing", headers={"Accept-Language": "en-US,zh;q=0.5"})
    assert en.json()["message"] == "Domain not found"


def test_rate_limit_codes_carry_retry_after(probe_client: TestClient) -> None:
    response = probe_client.get("/api/v1/probe/limited")
    assert response.status_code == 429
    assert response.json()["code"] == 4005
    assert response.headers["retry-after"] == "7"


def test_unhandled_error_is_generic_500_with_detail_only_in_log(
    probe_client: TestClient, caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR, logger="cloudwaf.errors"):
        response = probe_client.get("/api/v1/probe/boom")
    assert response.status_code == 500
    body = response.json()
    assert body == {"code": 500, "message": "Internal server error", "request_id": body["request_id"]}
    assert "SELECT" not in response.text
    logged = [r for r in caplog.records if getattr(r, "request_id", None) == body["request_id"]]
    assert logged and "SELECT secret" in logged[0].exc_text


def test_biz_error_refuses_unregistered_codes() -> None:
    with pytest.raises(LookupError):
        biz_error(1999, "Invented")
    assert issubclass(DomainNotFound, BizError)
