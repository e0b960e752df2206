from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from sqlalchemy import delete, func, insert, select

from cloudwaf.guard.listing import apply_sort, like_pattern
from cloudwaf.guard.repository import GuardRepository
from cloudwaf.kit.pagination import PageParams
from cloudwaf.models import GuardAclRule, IpSet, IpSetEntry

INSERT_CHUNK = 5_000


class IpSetRepository(GuardRepository[IpSet]):
    model = IpSet
    sortable = {
        "id": IpSet.id,
        "name": IpSet.name,
        "created_at": IpSet.created_at,
        "updated_at": IpSet.updated_at,
    }

    def page(
        self, paging: PageParams, *, keyword: str | None, sort: str | None
    ) -> tuple[Sequence[IpSet], int]:
        stmt = self.base_query()
        if keyword:
            stmt = stmt.where(IpSet.name.ilike(like_pattern(keyword), escape="\\"))
        return self.paginate(apply_sort(stmt, self.sortable, sort, "name"), paging)

    def by_name(self, name: str) -> IpSet | None:
        return self.find_one(IpSet.name == name)

    def entry_counts(self, set_ids: Sequence[int]) -> dict[int, int]:
        if not set_ids:
            return {}
        rows = self.session.execute(
            select(IpSetEntry.ip_set_id, func.count())
            .where(IpSetEntry.oem_id == self.scope.oem_id, IpSetEntry.ip_set_id.in_(set_ids))
            .group_by(IpSetEntry.ip_set_id)
        )
        return {set_id: count for set_id, count in rows}

    def acl_rules_using(self, set_id: int) -> list[int]:
        rows = self.session.execute(
            select(GuardAclRule.id, GuardAclRule.conditions).where(GuardAclRule.oem_id == self.scope.oem_id)
        )
        return [
            rule_id
            for rule_id, conditions in rows
            if any(c.get("field") == "ip_set" and str(set_id) in _values(c.get("value")) for c in conditions)
        ]


def _values(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


class IpEntryRepository(GuardRepository[IpSetEntry]):
    model = IpSetEntry
    sortable = {
        "id": IpSetEntry.id,
        "ip": IpSetEntry.ip,
        "created_at": IpSetEntry.created_at,
        "expires_at": IpSetEntry.expires_at,
    }

    def page(
        self, set_id: int, paging: PageParams, *, keyword: str | None, sort: str | None
    ) -> tuple[Sequence[IpSetEntry], int]:
        stmt = self.base_query().where(IpSetEntry.ip_set_id == set_id)
        if keyword:
            pattern = like_pattern(keyword)
            stmt = stmt.where(
                IpSetEntry.ip.ilike(pattern, escape="\\") | IpSetEntry.comment.ilike(pattern, escape="\\")
            )
        return self.paginate(apply_sort(stmt, self.sortable, sort, "id"), paging)

    def find(self, set_id: int, ip: str) -> IpSetEntry | None:
        return self.find_one(IpSetEntry.ip_set_id == set_id, IpSetEntry.ip == ip)

    def ips(self, set_id: int) -> set[str]:
        return set(
            self.session.scalars(
                select(IpSetEntry.ip).where(
                    IpSetEntry.oem_id == self.scope.oem_id, IpSetEntry.ip_set_id == set_id
                )
            )
        )

    def count(self, set_id: int) -> int:
        return int(
            self.session.scalar(
                select(func.count()).where(
                    IpSetEntry.oem_id == self.scope.oem_id, IpSetEntry.ip_set_id == set_id
                )
            )
            or 0
        )

    def clear(self, set_id: int) -> None:
        self.session.execute(
            delete(IpSetEntry).where(IpSetEntry.oem_id == self.scope.oem_id, IpSetEntry.ip_set_id == set_id)
        )

    def bulk_insert(
        self, set_id: int, rows: Sequence[tuple[str, str, datetime | None]], now: datetime
    ) -> None:
        """Core multi-row INSERTs in chunks (no ORM unit of work); on PostgreSQL, COPY, which
        takes 100,000 entries in well under a second where INSERTs took ~6 s."""
        if self.session.get_bind().dialect.name == "postgresql":
            self._copy_rows(set_id, rows, now)
            return
        for start in range(0, len(rows), INSERT_CHUNK):
            self.session.execute(
                insert(IpSetEntry.__table__),
                [
                    {
                        "oem_id": self.scope.oem_id,
                        "ip_set_id": set_id,
                        "ip": ip,
                        "comment": comment,
                        "expires_at": expires_at,
                        "created_at": now,
                    }
                    for ip, comment, expires_at in rows[start : start + INSERT_CHUNK]
                ],
            )

    def _copy_rows(
        self, set_id: int, rows: Sequence[tuple[str, str, datetime | None]], now: datetime
    ) -> None:
        # The session's own connection: the COPY joins the request's transaction.
        driver = self.session.connection().connection.driver_connection
        table = IpSetEntry.__table__.name
        with driver.cursor() as cursor, cursor.copy(
            f"COPY {table} (oem_id, ip_set_id, ip, comment, expires_at, created_at) FROM STDIN"
        ) as copy:
            for ip, comment, expires_at in rows:
                copy.write_row((self.scope.oem_id, set_id, ip, comment, expires_at, now))

    def stream(
        self, set_id: int, *, unexpired_at: datetime | None = None
    ) -> Iterator[tuple[str, str, datetime | None]]:
        stmt = (
            select(IpSetEntry.ip, IpSetEntry.comment, IpSetEntry.expires_at)
            .where(IpSetEntry.oem_id == self.scope.oem_id, IpSetEntry.ip_set_id == set_id)
            .order_by(IpSetEntry.id)
            .execution_options(yield_per=5_000)
        )
        if unexpired_at is not None:
            stmt = stmt.where((IpSetEntry.expires_at.is_(None)) | (IpSetEntry.expires_at > unexpired_at))
        yield from self.session.execute(stmt)
