"""The success envelope of API.md: {"code": 0, "message": "ok", "data": ...}."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class Envelope(BaseModel, Generic[T]):
    code: int = 0
    message: str = "ok"
    data: T


def ok(data: T) -> Envelope[T]:
    return Envelope(data=data)
