from __future__ import annotations

from fastapi.testclient import TestClient


def test_health_reports_database(client: TestClient) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["status"] == "ok"
    assert data["database"]["ok"] is True


def test_request_id_is_echoed_when_sane_and_replaced_when_not(client: TestClient) -> None:
    sane = client.get("/api/v1/health", headers={"X-Request-ID": "client-chosen-id-123"})
    assert sane.headers["x-request-id"] == "client-chosen-id-123"
    insane = client.get("/api/v1/health", headers={"X-Request-ID": "bad id\twith spaces"})
    assert insane.headers["x-request-id"] != "bad id\twith spaces"
    assert len(insane.headers["x-request-id"]) == 24


def test_openapi_has_stable_operation_ids(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert spec["paths"]["/api/v1/health"]["get"]["operationId"] == "get_health"
    assert spec["paths"]["/api/v1/error-codes"]["get"]["operationId"] == "list_error_codes"
    ids = [op["operationId"] for path in spec["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids)), "operation ids must be unique"


def test_docs_are_served_without_a_cdn(client: TestClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower() and "/api/docs-static/swagger-ui-bundle.js" in page.text
    assert client.get("/api/docs-static/swagger-ui-bundle.js").status_code == 200


def test_metrics_count_requests_by_route(client: TestClient) -> None:
    client.get("/api/v1/health")
    metrics = client.get("/metrics").text
    assert 'cloudwaf_http_requests_total{method="GET",route="/api/v1/health",status="200"}' in metrics
    assert "cloudwaf_http_request_duration_seconds_bucket" in metrics


def test_metrics_label_included_routes_with_their_full_template(client: TestClient) -> None:
    client.get("/api/v1/sys/users/12345")  # 401 without credentials, but routed
    metrics = client.get("/metrics").text
    assert 'route="/api/v1/sys/users/{user_id}"' in metrics


def test_console_history_fallback_only_for_page_navigations(client: TestClient) -> None:
    from cloudwaf.app import WEB_DIST

    if not (WEB_DIST / "index.html").exists():
        import pytest

        pytest.skip("console not built")
    page = client.get("/guard/domains", headers={"Accept": "text/html,application/xhtml+xml"})
    assert page.status_code == 200 and '<div id="app">' in page.text
    script = client.get("/guard/domains", headers={"Accept": "*/*"})
    assert (script.status_code, script.json()["code"]) == (404, 404)
    api = client.get("/api/v1/nope", headers={"Accept": "text/html"})
    assert (api.status_code, api.json()["code"]) == (404, 404)
