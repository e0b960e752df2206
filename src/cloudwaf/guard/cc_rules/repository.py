from __future__ import annotations

from collections.abc import Sequence

from cloudwaf.guard.listing import apply_sort, like_pattern
from cloudwaf.guard.repository import GuardRepository
from cloudwaf.kit.pagination import PageParams
from cloudwaf.models import CcRule


class CcRuleRepository(GuardRepository[CcRule]):
    model = CcRule
    sortable = {"id": CcRule.id, "name": CcRule.name, "limit": CcRule.limit, "created_at": CcRule.created_at}

    def page(
        self, paging: PageParams, *, keyword: str | None, domain_id: int | None, sort: str | None
    ) -> tuple[Sequence[CcRule], int]:
        stmt = self.base_query()
        if keyword:
            stmt = stmt.where(CcRule.name.ilike(like_pattern(keyword), escape="\\"))
        if domain_id is not None:
            stmt = stmt.where(CcRule.domain_id == domain_id)
        return self.paginate(apply_sort(stmt, self.sortable, sort, "id"), paging)

    def for_domains(self, domain_ids: Sequence[int]) -> Sequence[CcRule]:
        if not domain_ids:
            return []
        return self.list(
            CcRule.domain_id.in_(list(domain_ids)), CcRule.enabled.is_(True), order_by=[CcRule.id]
        )
