from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from cloudwaf.auth import Principal, require
from cloudwaf.db import DbSession
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging
from cloudwaf.system.plans import service as plan_service
from cloudwaf.system.plans.dependencies import VisiblePlan
from cloudwaf.system.plans.schemas import PlanCreate, PlanRead, PlanUpdate

router = APIRouter(prefix="/plans", tags=["sys: plans"])


@router.get("", response_model=Envelope[Page[PlanRead]])
def list_plans(
    session: DbSession, principal: Annotated[Principal, Depends(require("sys.plan.read"))], paging: Paging
) -> Envelope[Page[PlanRead]]:
    items, total = plan_service.list_plans(session, principal, paging)
    return ok(Page(items=items, total=total, page=paging.page, page_size=paging.page_size))


@router.post("", response_model=Envelope[PlanRead])
def create_plan(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.plan.write"))],
    payload: PlanCreate,
) -> Envelope[PlanRead]:
    return ok(plan_service.to_read(plan_service.create_plan(session, principal, payload)))


@router.get("/{plan_id}", response_model=Envelope[PlanRead])
def get_plan(
    principal: Annotated[Principal, Depends(require("sys.plan.read"))], plan: VisiblePlan
) -> Envelope[PlanRead]:
    return ok(plan_service.to_read(plan))


@router.put("/{plan_id}", response_model=Envelope[PlanRead])
def update_plan(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.plan.write"))],
    plan: VisiblePlan,
    payload: PlanUpdate,
) -> Envelope[PlanRead]:
    return ok(plan_service.to_read(plan_service.update_plan(session, principal, plan, payload)))


@router.delete("/{plan_id}", response_model=Envelope[None])
def delete_plan(
    session: DbSession, principal: Annotated[Principal, Depends(require("sys.plan.write"))], plan: VisiblePlan
) -> Envelope[None]:
    plan_service.delete_plan(session, principal, plan)
    return ok(None)
