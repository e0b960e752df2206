from __future__ import annotations

from collections.abc import Sequence

from cloudwaf.guard.listing import apply_sort, like_pattern
from cloudwaf.guard.repository import GuardRepository
from cloudwaf.kit.pagination import PageParams
from cloudwaf.models import ForwardRule


class ForwardRepository(GuardRepository[ForwardRule]):
    model = ForwardRule
    sortable = {
        "id": ForwardRule.id,
        "path_prefix": ForwardRule.path_prefix,
        "name": ForwardRule.name,
        "created_at": ForwardRule.created_at,
    }

    def page(
        self, paging: PageParams, *, keyword: str | None, domain_id: int | None, sort: str | None
    ) -> tuple[Sequence[ForwardRule], int]:
        stmt = self.base_query()
        if keyword:
            pattern = like_pattern(keyword)
            stmt = stmt.where(
                ForwardRule.name.ilike(pattern, escape="\\")
                | ForwardRule.path_prefix.ilike(pattern, escape="\\")
            )
        if domain_id is not None:
            stmt = stmt.where(ForwardRule.domain_id == domain_id)
        return self.paginate(apply_sort(stmt, self.sortable, sort, "id"), paging)

    def path_taken(self, domain_id: int, path_prefix: str, except_id: int | None) -> bool:
        where = [ForwardRule.domain_id == domain_id, ForwardRule.path_prefix == path_prefix]
        if except_id is not None:
            where.append(ForwardRule.id != except_id)
        return self.exists(*where)

    def for_domains(self, domain_ids: Sequence[int]) -> Sequence[ForwardRule]:
        if not domain_ids:
            return []
        return self.list(
            ForwardRule.domain_id.in_(list(domain_ids)),
            ForwardRule.enabled.is_(True),
            order_by=[ForwardRule.id],
        )
