from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from cloudwaf.guard.listing import apply_sort, like_pattern
from cloudwaf.guard.repository import GuardRepository
from cloudwaf.kit.pagination import PageParams
from cloudwaf.models import CcRule, GuardAclRule, ScheduleGroup


class ScheduleRepository(GuardRepository[ScheduleGroup]):
    model = ScheduleGroup
    sortable = {"id": ScheduleGroup.id, "name": ScheduleGroup.name, "created_at": ScheduleGroup.created_at}

    def page(
        self, paging: PageParams, *, keyword: str | None, sort: str | None
    ) -> tuple[Sequence[ScheduleGroup], int]:
        stmt = self.base_query()
        if keyword:
            stmt = stmt.where(ScheduleGroup.name.ilike(like_pattern(keyword), escape="\\"))
        return self.paginate(apply_sort(stmt, self.sortable, sort, "id"), paging)

    def by_name(self, name: str) -> ScheduleGroup | None:
        return self.find_one(ScheduleGroup.name == name)

    def builtin(self) -> ScheduleGroup | None:
        return self.find_one(ScheduleGroup.builtin.is_(True))

    def users(self, schedule_id: int) -> int:
        acl = self.session.scalars(
            select(GuardAclRule.id)
            .where(GuardAclRule.oem_id == self.scope.oem_id, GuardAclRule.schedule_id == schedule_id)
            .limit(1)
        ).first()
        cc = self.session.scalars(
            select(CcRule.id)
            .where(CcRule.oem_id == self.scope.oem_id, CcRule.schedule_id == schedule_id)
            .limit(1)
        ).first()
        return int(acl is not None) + int(cc is not None)
