"""List helpers shared by the guard resources: `sort` (a public column name, `-` for descending)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query
from sqlalchemy import Select

from cloudwaf.errors import BadRequest

SortParam = Annotated[str | None, Query(max_length=40, description="column, or -column for descending")]
KeywordParam = Annotated[str | None, Query(max_length=100)]


def apply_sort(stmt: Select[Any], sortable: dict[str, Any], sort: str | None, default: str) -> Select[Any]:
    text = sort or default
    name = text.removeprefix("-")
    column = sortable.get(name)
    if column is None:
        raise BadRequest(f"cannot sort on {name!r}; use one of {', '.join(sorted(sortable))}")
    ordered = column.desc() if text.startswith("-") else column.asc()
    # The id breaks ties so that pages never overlap.
    tiebreak = sortable["id"]
    return stmt.order_by(ordered, tiebreak.desc() if text.startswith("-") else tiebreak.asc())


def like_pattern(keyword: str) -> str:
    escaped = keyword.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
