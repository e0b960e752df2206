from __future__ import annotations

from sqlalchemy import Select, func, select

from cloudwaf.kit.repository import Repository
from cloudwaf.models import BillingOrder, Plan


class PlanRepository(Repository[Plan]):
    """The platform's plan catalogue (not tenant-owned)."""

    model = Plan

    def name_taken(self, name: str, *, except_id: int | None = None) -> bool:
        stmt = select(Plan.id).where(func.lower(Plan.name) == name.lower())
        if except_id is not None:
            stmt = stmt.where(Plan.id != except_id)
        return self.session.scalar(stmt.limit(1)) is not None

    def search(self, *, enabled_only: bool) -> Select[tuple[Plan]]:
        stmt = self.base_query()
        if enabled_only:
            stmt = stmt.where(Plan.enabled.is_(True))
        return stmt.order_by(Plan.price_cents, Plan.id)

    def has_orders(self, plan_id: int) -> bool:
        return (
            self.session.scalar(select(BillingOrder.id).where(BillingOrder.plan_id == plan_id).limit(1))
            is not None
        )
