from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from cloudwaf.auth import CurrentPrincipal
from cloudwaf.db import DbSession
from cloudwaf.models import BillingOrder
from cloudwaf.system.orders import service as order_service


def visible_order(
    session: DbSession, principal: CurrentPrincipal, order_id: Annotated[int, Path(ge=1)]
) -> BillingOrder:
    return order_service.get_visible(session, principal, order_id)


VisibleOrder = Annotated[BillingOrder, Depends(visible_order)]
