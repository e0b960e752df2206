"""Helpers for the sys tests: signed-in users of two OEMs and API keys made through the API."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from cloudwaf.models import Oem, User
from tests.factories import bearer_headers, default_oem, make_oem, make_user

API = "/api/v1/sys"


def code_of(response: Response) -> int:
    return response.json()["code"]


def assert_code(response: Response, code: int, status: int | None = None) -> None:
    body = response.json()
    assert body["code"] == code, body
    if status is not None:
        assert response.status_code == status, (response.status_code, body)


def login(client: TestClient, username: str, password: str, **extra: object) -> Response:
    return client.post(f"{API}/login", json={"username": username, "password": password, **extra})


def create_key(client: TestClient, headers: dict[str, str], scopes: list[str], **extra: object) -> dict:
    response = client.post(
        f"{API}/api-keys",
        headers=headers,
        json={"name": "automation", "scopes": scopes, "expires_in_days": 30, **extra},
    )
    assert response.status_code == 200, response.json()
    return response.json()["data"]


def key_headers(key: str) -> dict[str, str]:
    return {"Authorization": f"ApiKey {key}"}


@pytest.fixture
def admin(db: Session) -> User:
    """The bootstrap platform super-admin."""
    return db.scalars(select(User).where(User.username == "admin")).one()


@pytest.fixture
def admin_h(db: Session, admin: User) -> dict[str, str]:
    return bearer_headers(db, admin)


@pytest.fixture
def home(db: Session) -> Oem:
    return default_oem(db)


@pytest.fixture
def tenant(db: Session) -> Oem:
    return make_oem(db)


@pytest.fixture
def tenant_admin(db: Session, tenant: Oem) -> User:
    return make_user(db, tenant, "oem_admin")


@pytest.fixture
def tenant_h(db: Session, tenant_admin: User) -> dict[str, str]:
    return bearer_headers(db, tenant_admin)


@pytest.fixture
def other_tenant(db: Session) -> Oem:
    return make_oem(db)


@pytest.fixture
def other_admin(db: Session, other_tenant: Oem) -> User:
    return make_user(db, other_tenant, "oem_admin")


@pytest.fixture
def other_h(db: Session, other_admin: User) -> dict[str, str]:
    return bearer_headers(db, other_admin)
