from __future__ import annotations

from collections.abc import Sequence

from cloudwaf.guard.listing import apply_sort, like_pattern
from cloudwaf.guard.repository import GuardRepository
from cloudwaf.kit.pagination import PageParams
from cloudwaf.models import GuardAclRule


class AclRuleRepository(GuardRepository[GuardAclRule]):
    model = GuardAclRule
    sortable = {
        "id": GuardAclRule.id,
        "name": GuardAclRule.name,
        "priority": GuardAclRule.priority,
        "created_at": GuardAclRule.created_at,
    }

    def page(
        self,
        paging: PageParams,
        *,
        keyword: str | None,
        domain_id: int | None,
        oem_wide: bool | None,
        action: str | None,
        sort: str | None,
    ) -> tuple[Sequence[GuardAclRule], int]:
        stmt = self.base_query()
        if keyword:
            stmt = stmt.where(GuardAclRule.name.ilike(like_pattern(keyword), escape="\\"))
        if domain_id is not None:
            stmt = stmt.where(GuardAclRule.domain_id == domain_id)
        if oem_wide is not None:
            stmt = stmt.where(
                GuardAclRule.domain_id.is_(None) if oem_wide else GuardAclRule.domain_id.is_not(None)
            )
        if action:
            stmt = stmt.where(GuardAclRule.action == action)
        return self.paginate(apply_sort(stmt, self.sortable, sort, "priority"), paging)

    def priority_taken(self, domain_id: int | None, priority: int, except_id: int | None) -> bool:
        scope = GuardAclRule.domain_id.is_(None) if domain_id is None else GuardAclRule.domain_id == domain_id
        where = [scope, GuardAclRule.priority == priority]
        if except_id is not None:
            where.append(GuardAclRule.id != except_id)
        return self.exists(*where)

    def for_domains(self, domain_ids: Sequence[int]) -> Sequence[GuardAclRule]:
        """Enabled rules of those domains plus the OEM-wide ones."""
        scope = GuardAclRule.domain_id.is_(None)
        if domain_ids:
            scope = scope | GuardAclRule.domain_id.in_(list(domain_ids))
        return self.list(
            scope, GuardAclRule.enabled.is_(True), order_by=[GuardAclRule.priority, GuardAclRule.id]
        )
