"""Plans: the platform catalogue. Every OEM reads the enabled plans; the super-admin edits them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cloudwaf.auth.principal import Principal
from cloudwaf.errors import Conflict
from cloudwaf.kit.pagination import PageParams
from cloudwaf.kit.repository import TenantScope
from cloudwaf.models import Plan
from cloudwaf.system.audit import service as audit
from cloudwaf.system.errors import PlanNameTaken, PlanNotFound
from cloudwaf.system.oems.service import require_platform_admin
from cloudwaf.system.plans.repository import PlanRepository
from cloudwaf.system.plans.schemas import PlanCreate, PlanRead, PlanUpdate

_CATALOGUE = TenantScope.platform()


def to_read(plan: Plan) -> PlanRead:
    return PlanRead.model_validate(plan, from_attributes=True)


def list_plans(session: Session, principal: Principal, paging: PageParams) -> tuple[list[PlanRead], int]:
    repo = PlanRepository(session, _CATALOGUE)
    items, total = repo.paginate(repo.search(enabled_only=not principal.is_platform_admin), paging)
    return [to_read(p) for p in items], total


def get_visible(session: Session, principal: Principal, plan_id: int) -> Plan:
    plan = PlanRepository(session, _CATALOGUE).get(plan_id)
    if plan is None or (not plan.enabled and not principal.is_platform_admin):
        raise PlanNotFound()
    return plan


def create_plan(session: Session, principal: Principal, payload: PlanCreate) -> Plan:
    require_platform_admin(principal)
    repo = PlanRepository(session, _CATALOGUE)
    if repo.name_taken(payload.name):
        raise PlanNameTaken()
    plan = repo.add(Plan(**payload.model_dump()))
    audit.record(session, principal, "sys.plan.create", "plan", plan.id, after=plan)
    return plan


def update_plan(session: Session, principal: Principal, plan: Plan, payload: PlanUpdate) -> Plan:
    require_platform_admin(principal)
    repo = PlanRepository(session, _CATALOGUE)
    before = audit.snapshot(plan)
    changes = payload.model_dump(exclude_unset=True, exclude_none=True)
    if "name" in changes and repo.name_taken(changes["name"], except_id=plan.id):
        raise PlanNameTaken()
    for field, value in changes.items():
        setattr(plan, field, value)
    session.flush()
    audit.record(session, principal, "sys.plan.update", "plan", plan.id, before=before, after=plan)
    return plan


def delete_plan(session: Session, principal: Principal, plan: Plan) -> None:
    require_platform_admin(principal)
    repo = PlanRepository(session, _CATALOGUE)
    if repo.has_orders(plan.id):
        raise Conflict("the plan has orders; disable it instead")
    before = audit.snapshot(plan)
    repo.delete(plan)
    audit.record(session, principal, "sys.plan.delete", "plan", before["id"], before=before)
