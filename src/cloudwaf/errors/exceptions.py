"""Domain errors carry their business code; one handler renders them (see handlers.py)."""

from __future__ import annotations

from typing import ClassVar

from cloudwaf.errors.codes import REGISTRY


class BizError(Exception):
    """Base of every error a service may raise. Subclasses set `code`; `detail` adds a precise,
    user-facing explanation (never internals) after the registry's message."""

    code: ClassVar[int] = 500

    def __init__(self, detail: str | None = None, *, retry_after: int | None = None) -> None:
        if self.code not in REGISTRY:  # pragma: no cover - caught by the registry test
            raise LookupError(f"business code {self.code} is not in the registry")
        super().__init__(detail or REGISTRY[self.code].message_en)
        self.detail = detail
        self.retry_after = retry_after


def biz_error(code: int, name: str) -> type[BizError]:
    """Declares a named error class for a registry code: `DomainNotFound = biz_error(2001, ...)`."""
    if code not in REGISTRY:
        raise LookupError(f"business code {code} is not in the registry")
    return type(name, (BizError,), {"code": code})


class BadRequest(BizError):
    code = 400


class Unauthenticated(BizError):
    code = 401


class Forbidden(BizError):
    code = 403


class NotFound(BizError):
    code = 404


class Conflict(BizError):
    code = 409


class PermissionDenied(BizError):
    code = 1011


class VersionConflict(Conflict):
    """Optimistic locking: the caller edited a stale version (If-Match / `version`)."""

    def __init__(self, current_version: int) -> None:
        super().__init__(f"the resource was changed meanwhile; current version is {current_version}")
        self.current_version = current_version
