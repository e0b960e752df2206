"""API-key resolution for `Authorization: ApiKey <key>` (implemented by the sys module)."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.orm import Session

from cloudwaf.auth.principal import Principal
from cloudwaf.errors import biz_error

ApiKeyInvalid = biz_error(1050, "ApiKeyInvalid")


def authenticate_api_key(session: Session, request: Request, key: str) -> Principal:
    raise ApiKeyInvalid()
