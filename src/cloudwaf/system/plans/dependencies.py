from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from cloudwaf.auth import CurrentPrincipal
from cloudwaf.db import DbSession
from cloudwaf.models import Plan
from cloudwaf.system.plans import service as plan_service


def visible_plan(
    session: DbSession, principal: CurrentPrincipal, plan_id: Annotated[int, Path(ge=1)]
) -> Plan:
    return plan_service.get_visible(session, principal, plan_id)


VisiblePlan = Annotated[Plan, Depends(visible_plan)]
