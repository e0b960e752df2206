"""Optimistic locking of guard objects. A client sends the version it edited, as `If-Match: "7"`
(or `7`, or `W/"7"`) or as a `version` field; a stale one answers 409 with the current version.
Without either the write goes through (scripts that do not care about races). The models also
carry SQLAlchemy's version_id_col, so a race between two requests that both passed the check is
caught at flush time (GuardRepository.save)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header

from cloudwaf.errors import BadRequest, VersionConflict

IfMatch = Annotated[str | None, Header(alias="If-Match")]


def expected_version(header: str | None, body_version: int | None = None) -> int | None:
    from_header = None
    if header is not None and header.strip() not in ("", "*"):
        text = header.strip().removeprefix("W/").strip('"')
        if not text.isdigit():
            raise BadRequest('If-Match must carry the object\'s version, e.g. If-Match: "3"')
        from_header = int(text)
    if from_header is not None and body_version is not None and from_header != body_version:
        raise BadRequest("If-Match and version disagree")
    return from_header if from_header is not None else body_version


def check_version(current: int, expected: int | None) -> None:
    if expected is not None and expected != current:
        raise VersionConflict(current)
