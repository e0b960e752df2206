from __future__ import annotations

from sqlalchemy import Select

from cloudwaf.kit.repository import Repository
from cloudwaf.models import BillingOrder


class OrderRepository(Repository[BillingOrder]):
    model = BillingOrder

    def search(self, *, status: str | None, plan_id: int | None) -> Select[tuple[BillingOrder]]:
        stmt = self.base_query()
        if status:
            stmt = stmt.where(BillingOrder.status == status)
        if plan_id is not None:
            stmt = stmt.where(BillingOrder.plan_id == plan_id)
        return stmt.order_by(BillingOrder.id.desc())
