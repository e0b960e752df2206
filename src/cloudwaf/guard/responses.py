"""Response helpers shared by the guard routers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from fastapi import Response
from pydantic import BaseModel

from cloudwaf.kit.pagination import Page, PageParams

T = TypeVar("T")


class Deleted(BaseModel):
    id: int


def page_of(items: Sequence[T], total: int, paging: PageParams) -> Page[T]:
    return Page(items=list(items), total=total, page=paging.page, page_size=paging.page_size)


def set_etag(response: Response, version: int) -> None:
    """The version a client sends back in If-Match."""
    response.headers["ETag"] = f'"{version}"'
