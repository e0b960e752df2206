"""Helpers shared by the node module's resources: list sorting, name validation, and reading the
OEM config version that nodes long-poll on (writes bump it with cloudwaf.guard.config_version)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import Query
from sqlalchemy import select
from sqlalchemy.orm import Session

from cloudwaf.errors import BadRequest
from cloudwaf.models import Oem

SortParam = Annotated[str | None, Query(max_length=64, description="field, or -field for descending")]
KeywordParam = Annotated[str | None, Query(max_length=128)]

# Names are labels in the console and the CLI, never configuration: letters (any script),
# digits, space, dot, dash, underscore.
NAME_PATTERN = r"^[\w][\w .\-]{0,63}$"
_NAME_RE = re.compile(NAME_PATTERN)


def check_name(value: str) -> str:
    value = value.strip()
    if not _NAME_RE.match(value):
        raise ValueError("name: 1-64 letters, digits, spaces, '.', '-' or '_'")
    return value


def order_by(sort: str | None, columns: Mapping[str, Any], default: Any) -> list[Any]:
    """`sort=name` / `sort=-name` against a whitelist; the id keeps pages stable."""
    if not sort:
        return [default]
    descending = sort.startswith("-")
    column = columns.get(sort.lstrip("-"))
    if column is None:
        raise BadRequest(f"cannot sort on {sort.lstrip('-')!r}; one of {sorted(columns)}")
    return [column.desc() if descending else column.asc(), default]


def like_pattern(keyword: str) -> str:
    escaped = keyword.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def config_version(session: Session, oem_id: int) -> int:
    return int(session.scalar(select(Oem.config_version).where(Oem.id == oem_id)) or 0)
