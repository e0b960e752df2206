"""Repository base of the guard tables: the kit's tenant-scoped repository, plus writes that turn
a lost race on a unique constraint (two requests creating the same name at once, both past the
existence check) into the resource's 409 instead of a 500."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from cloudwaf.errors import BizError, VersionConflict
from cloudwaf.kit.repository import Repository
from cloudwaf.models.base import Base

M = TypeVar("M", bound=Base)


class GuardRepository(Repository[M]):
    def add_unique(self, obj: M, error: type[BizError], detail: str | None = None) -> M:
        try:
            with self.session.begin_nested():
                self.add(obj)
        except IntegrityError as exc:
            raise error(detail) from exc
        return obj

    def save(self, obj: M, error: type[BizError] | None = None) -> M:
        """Flushes an update of `obj`. A concurrent writer that saved first (the version column
        moved) answers 409; a unique clash answers `error`."""
        try:
            with self.session.begin_nested():
                self.session.flush()
        except StaleDataError as exc:
            raise VersionConflict(getattr(obj, "version", 0)) from exc
        except IntegrityError as exc:
            if error is None:
                raise
            raise error() from exc
        return obj
