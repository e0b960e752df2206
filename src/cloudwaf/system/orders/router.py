from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from cloudwaf.auth import Principal, require
from cloudwaf.db import DbSession
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging
from cloudwaf.system.orders import service as order_service
from cloudwaf.system.orders.dependencies import VisibleOrder
from cloudwaf.system.orders.schemas import OrderCreate, OrderRead, OrderStatus, OrderTransition, OrderUpdate

router = APIRouter(prefix="/orders", tags=["sys: orders"])


@router.get("", response_model=Envelope[Page[OrderRead]])
def list_orders(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.order.read"))],
    paging: Paging,
    status: OrderStatus | None = None,
    plan_id: int | None = None,
    oem_id: Annotated[int | None, Query(description="platform admin only")] = None,
) -> Envelope[Page[OrderRead]]:
    items, total = order_service.list_orders(
        session, principal, paging, oem_id=oem_id, status=status, plan_id=plan_id
    )
    return ok(Page(items=items, total=total, page=paging.page, page_size=paging.page_size))


@router.post("", response_model=Envelope[OrderRead])
def create_order(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.order.write"))],
    payload: OrderCreate,
) -> Envelope[OrderRead]:
    return ok(order_service.to_read(order_service.create_order(session, principal, payload)))


@router.get("/{order_id}", response_model=Envelope[OrderRead])
def get_order(
    principal: Annotated[Principal, Depends(require("sys.order.read"))], order: VisibleOrder
) -> Envelope[OrderRead]:
    return ok(order_service.to_read(order))


@router.put("/{order_id}", response_model=Envelope[OrderRead])
def update_order(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.order.write"))],
    order: VisibleOrder,
    payload: OrderUpdate,
) -> Envelope[OrderRead]:
    return ok(order_service.to_read(order_service.update_order(session, principal, order, payload)))


@router.post("/{order_id}/transition", response_model=Envelope[OrderRead])
def transition_order(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.order.write"))],
    order: VisibleOrder,
    payload: OrderTransition,
) -> Envelope[OrderRead]:
    return ok(
        order_service.to_read(order_service.transition_order(session, principal, order, payload.status))
    )


@router.delete("/{order_id}", response_model=Envelope[None])
def delete_order(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.order.write"))],
    order: VisibleOrder,
) -> Envelope[None]:
    order_service.delete_order(session, principal, order)
    return ok(None)
