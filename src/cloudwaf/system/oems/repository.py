from __future__ import annotations

from sqlalchemy import Select, delete, func, or_, select

from cloudwaf.kit.repository import Repository
from cloudwaf.models import Base, Oem


class OemRepository(Repository[Oem]):
    """OEMs are the tenants themselves: only platform routes (TenantScope.platform()) list them."""

    model = Oem

    def default(self) -> Oem:
        return self.session.scalars(select(Oem).where(Oem.is_default.is_(True))).one()

    def by_hostname(self, hostname: str) -> Oem | None:
        return self.find_one(Oem.hostname == hostname)

    def hostname_taken(self, hostname: str, *, except_id: int | None = None) -> bool:
        stmt = select(Oem.id).where(func.lower(Oem.hostname) == hostname.lower())
        if except_id is not None:
            stmt = stmt.where(Oem.id != except_id)
        return self.session.scalar(stmt.limit(1)) is not None

    def search(self, *, keyword: str | None) -> Select[tuple[Oem]]:
        stmt = self.base_query()
        if keyword:
            like = f"%{keyword.lower()}%"
            stmt = stmt.where(or_(func.lower(Oem.name).like(like), func.lower(Oem.hostname).like(like)))
        return stmt.order_by(Oem.id)

    def delete_tenant_rows(self, oem_id: int) -> None:
        """Deletes everything the OEM owns, in every module: each table whose `oem_id` references
        `oem`, children before parents. The audit log (no foreign key) is kept on purpose. A row of
        another table still pointing at one of these makes the database refuse (caller: 409)."""
        for table in reversed(Base.metadata.sorted_tables):
            column = table.c.get("oem_id")
            if column is not None and any(fk.column.table.name == "oem" for fk in column.foreign_keys):
                self.session.execute(delete(table).where(column == oem_id))
