"""Orders of plans and their state machine:

    pending ─► paid ─► active ─► expired
       │         │        │
       └─────────┴────────┴──► cancelled

A tenant may cancel its own pending order; every other move (payment confirmed, activation,
expiry, cancelling a paid or active order) is the platform super-admin's. Anything else is 1031.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from cloudwaf.auth.principal import Principal
from cloudwaf.errors import PermissionDenied
from cloudwaf.kit.pagination import PageParams
from cloudwaf.models import BillingOrder
from cloudwaf.models.base import utcnow
from cloudwaf.system.audit import service as audit
from cloudwaf.system.errors import InvalidOrderTransition, OrderNotFound
from cloudwaf.system.orders.repository import OrderRepository
from cloudwaf.system.orders.schemas import OrderCreate, OrderRead, OrderStatus, OrderUpdate
from cloudwaf.system.plans import service as plan_service
from cloudwaf.system.tenancy import read_scope, target_oem

S = OrderStatus
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    S.pending: frozenset({S.paid, S.cancelled}),
    S.paid: frozenset({S.active, S.cancelled}),
    S.active: frozenset({S.expired, S.cancelled}),
    S.expired: frozenset(),
    S.cancelled: frozenset(),
}
# The only move a tenant makes on its own.
TENANT_TRANSITIONS = frozenset({(S.pending, S.cancelled)})


def to_read(order: BillingOrder) -> OrderRead:
    return OrderRead.model_validate(order, from_attributes=True)


def list_orders(
    session: Session,
    principal: Principal,
    paging: PageParams,
    *,
    oem_id: int | None,
    status: OrderStatus | None,
    plan_id: int | None,
) -> tuple[list[OrderRead], int]:
    repo = OrderRepository(session, read_scope(principal, oem_id))
    items, total = repo.paginate(
        repo.search(status=status.value if status else None, plan_id=plan_id), paging
    )
    return [to_read(o) for o in items], total


def get_visible(session: Session, principal: Principal, order_id: int) -> BillingOrder:
    order = OrderRepository(session, read_scope(principal)).get(order_id)
    if order is None:
        raise OrderNotFound()
    return order


def create_order(session: Session, principal: Principal, payload: OrderCreate) -> BillingOrder:
    oem = target_oem(session, principal, payload.oem_id)
    plan = plan_service.get_visible(session, principal, payload.plan_id)
    order = BillingOrder(
        oem_id=oem.id,
        plan_id=plan.id,
        status=S.pending.value,
        quantity=payload.quantity,
        amount_cents=plan.price_cents * payload.quantity,
        currency=plan.currency,
        note=payload.note,
        created_by=principal.user_id,
    )
    OrderRepository(session, read_scope(principal)).add(order)
    audit.record(session, principal, "sys.order.create", "order", order.id, after=order, oem_id=oem.id)
    return order


def update_order(
    session: Session, principal: Principal, order: BillingOrder, payload: OrderUpdate
) -> BillingOrder:
    before = audit.snapshot(order)
    if payload.note is not None:
        order.note = payload.note
    session.flush()
    audit.record(
        session,
        principal,
        "sys.order.update",
        "order",
        order.id,
        before=before,
        after=order,
        oem_id=order.oem_id,
    )
    return order


def transition_order(
    session: Session, principal: Principal, order: BillingOrder, target: OrderStatus
) -> BillingOrder:
    current = S(order.status)
    if target not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(TRANSITIONS[current])) or "none (final state)"
        raise InvalidOrderTransition(f"{current} → {target}; allowed from {current}: {allowed}")
    if (current, target) not in TENANT_TRANSITIONS and not principal.is_platform_admin:
        raise PermissionDenied(f"only the platform super-admin moves an order from {current} to {target}")
    before = audit.snapshot(order)
    now = utcnow()
    order.status = target.value
    if target is S.paid:
        order.paid_at = now
    elif target is S.active:
        plan = plan_service.get_visible(session, principal, order.plan_id)
        order.activated_at = now
        order.expires_at = now + timedelta(days=plan.duration_days * order.quantity)
    else:  # expired, cancelled
        order.closed_at = now
    session.flush()
    audit.record(
        session,
        principal,
        f"sys.order.{target.value}",
        "order",
        order.id,
        before=before,
        after=order,
        oem_id=order.oem_id,
    )
    return order


def delete_order(session: Session, principal: Principal, order: BillingOrder) -> None:
    # Paid, active and expired orders are accounting records: cancel them, never delete them.
    if order.status not in (S.pending.value, S.cancelled.value):
        raise InvalidOrderTransition(f"a {order.status} order cannot be deleted; cancel it instead")
    before = audit.snapshot(order)
    OrderRepository(session, read_scope(principal)).delete(order)
    audit.record(
        session, principal, "sys.order.delete", "order", before["id"], before=before, oem_id=before["oem_id"]
    )
