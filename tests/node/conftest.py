from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import bearer_headers, default_oem, make_oem, make_user


@pytest.fixture
def admin(db: Session) -> dict[str, str]:
    """An OEM admin of the default OEM."""
    return bearer_headers(db, make_user(db, default_oem(db), "oem_admin"))


@pytest.fixture
def other_admin(db: Session) -> dict[str, str]:
    """An OEM admin of another tenant."""
    return bearer_headers(db, make_user(db, make_oem(db), "oem_admin"))


@pytest.fixture
def call(client: TestClient) -> Callable[..., Any]:
    """`call("POST", url, headers, json=...)` -> (http status, business code, data)."""

    def do(method: str, url: str, headers: dict[str, str], **kwargs: Any) -> tuple[int, int, Any]:
        response = client.request(method, f"/api/v1/node/{url}", headers=headers, **kwargs)
        body = response.json()
        return response.status_code, body["code"], body.get("data")

    return do
