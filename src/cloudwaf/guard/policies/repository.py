from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from cloudwaf.guard.listing import apply_sort, like_pattern
from cloudwaf.guard.repository import GuardRepository
from cloudwaf.kit.pagination import PageParams
from cloudwaf.models import Domain, Policy


class PolicyRepository(GuardRepository[Policy]):
    model = Policy
    sortable = {
        "id": Policy.id,
        "name": Policy.name,
        "created_at": Policy.created_at,
        "updated_at": Policy.updated_at,
    }

    def page(
        self, paging: PageParams, *, keyword: str | None, mode: str | None, sort: str | None
    ) -> tuple[Sequence[Policy], int]:
        stmt = self.base_query()
        if keyword:
            stmt = stmt.where(Policy.name.ilike(like_pattern(keyword), escape="\\"))
        if mode:
            stmt = stmt.where(Policy.mode == mode)
        return self.paginate(apply_sort(stmt, self.sortable, sort, "name"), paging)

    def by_name(self, name: str) -> Policy | None:
        return self.find_one(Policy.name == name)

    def default(self) -> Policy | None:
        return self.find_one(Policy.is_default.is_(True))

    def domain_counts(self, policy_ids: Sequence[int]) -> dict[int, int]:
        if not policy_ids:
            return {}
        rows = self.session.execute(
            select(Domain.policy_id, func.count())
            .where(Domain.oem_id == self.scope.oem_id, Domain.policy_id.in_(policy_ids))
            .group_by(Domain.policy_id)
        )
        return {policy_id: count for policy_id, count in rows}
