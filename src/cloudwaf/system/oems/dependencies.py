from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from cloudwaf.auth import CurrentPrincipal
from cloudwaf.db import DbSession
from cloudwaf.models import Oem
from cloudwaf.system.oems import service as oem_service


def visible_oem(session: DbSession, principal: CurrentPrincipal, oem_id: Annotated[int, Path(ge=1)]) -> Oem:
    return oem_service.get_visible(session, principal, oem_id)


VisibleOem = Annotated[Oem, Depends(visible_oem)]
