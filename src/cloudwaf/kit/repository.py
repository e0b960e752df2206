"""Repository base: all SQL lives in repositories, and every repository of a tenant-owned table
starts from a query already filtered on the caller's OEM. Reading across OEMs needs the explicit
`TenantScope.platform()` that only platform routes construct."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from cloudwaf.kit.pagination import PageParams
from cloudwaf.models.base import Base

M = TypeVar("M", bound=Base)


@dataclass(frozen=True, slots=True)
class TenantScope:
    oem_id: int | None  # None only for platform-wide access

    @classmethod
    def of(cls, oem_id: int) -> TenantScope:
        return cls(oem_id=oem_id)

    @classmethod
    def platform(cls) -> TenantScope:
        return cls(oem_id=None)

    @property
    def is_platform(self) -> bool:
        return self.oem_id is None


class CrossTenantWrite(RuntimeError):
    """A programming error: an object of one OEM was about to be written through another's scope."""


class Repository(Generic[M]):
    model: ClassVar[type[Base]]
    # Columns a list may sort on, by public name; anything else is refused by the router.
    sortable: ClassVar[dict[str, str]] = {}

    def __init__(self, session: Session, scope: TenantScope) -> None:
        self.session = session
        self.scope = scope

    @property
    def _tenant_owned(self) -> bool:
        return hasattr(self.model, "oem_id")

    def base_query(self, *columns: Any) -> Select[Any]:
        """The tenant-filtered select of the model, or of some of its columns (read models that
        need no ORM object: loading entities costs more than the query on a page of rows)."""
        stmt = select(*columns) if columns else select(self.model)
        if self._tenant_owned and not self.scope.is_platform:
            stmt = stmt.where(self.model.oem_id == self.scope.oem_id)  # type: ignore[attr-defined]
        return stmt

    def get(self, id_: int, *, for_update: bool = False) -> M | None:
        stmt = self.base_query().where(self.model.id == id_)  # type: ignore[attr-defined]
        if for_update:
            stmt = stmt.with_for_update()
        return self.session.scalars(stmt).first()

    def find_one(self, *where: ColumnElement[bool]) -> M | None:
        return self.session.scalars(self.base_query().where(*where).limit(1)).first()

    def exists(self, *where: ColumnElement[bool]) -> bool:
        return self.find_one(*where) is not None

    def list(self, *where: ColumnElement[bool], order_by: Sequence[Any] = ()) -> Sequence[M]:
        stmt = self.base_query().where(*where)
        if order_by:
            stmt = stmt.order_by(*order_by)
        return self.session.scalars(stmt).all()

    def paginate(self, stmt: Select[tuple[M]], paging: PageParams) -> tuple[Sequence[M], int]:
        page = stmt.limit(paging.page_size).offset(paging.offset)
        if stmt._distinct or stmt._group_by_clauses:
            # A window is computed before DISTINCT / GROUP BY: count such statements apart.
            return self.session.scalars(page).all(), self._count(stmt)
        # One round trip: the total rides along each row as a window count. Only a page past
        # the end (no row to carry it) needs the separate count.
        rows = self.session.execute(page.add_columns(func.count().over())).all()
        if rows:
            return [row[0] for row in rows], int(rows[0][-1])
        return [], self._count(stmt) if paging.offset else 0

    def paginate_rows(self, stmt: Select[Any], paging: PageParams) -> tuple[Sequence[Row[Any]], int]:
        """Like `paginate`, for a select of columns: the rows as they come (read by name)."""
        page = stmt.limit(paging.page_size).offset(paging.offset)
        rows = self.session.execute(page.add_columns(func.count().over().label("_total"))).all()
        if rows:
            return rows, int(rows[0]._total)
        return [], self._count(stmt) if paging.offset else 0

    def _count(self, stmt: Select[tuple[M]]) -> int:
        return int(self.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0)

    def add(self, obj: M) -> M:
        if self._tenant_owned and not self.scope.is_platform:
            owner = getattr(obj, "oem_id", None)
            if owner is None:
                obj.oem_id = self.scope.oem_id  # type: ignore[attr-defined]
            elif owner != self.scope.oem_id:
                raise CrossTenantWrite(
                    f"{self.model.__name__} of OEM {owner} written in OEM {self.scope.oem_id}"
                )
        self.session.add(obj)
        self.session.flush()
        return obj

    def delete(self, obj: M) -> None:
        self._check_owner(obj)
        self.session.delete(obj)
        self.session.flush()

    def _check_owner(self, obj: M) -> None:
        """Like `add`: an object loaded through another scope never leaves through this one."""
        if self._tenant_owned and not self.scope.is_platform:
            owner = getattr(obj, "oem_id", None)
            if owner != self.scope.oem_id:
                raise CrossTenantWrite(
                    f"{self.model.__name__} of OEM {owner} deleted in OEM {self.scope.oem_id}"
                )
