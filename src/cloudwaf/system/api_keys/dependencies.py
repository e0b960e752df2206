from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from cloudwaf.auth import CurrentPrincipal
from cloudwaf.db import DbSession
from cloudwaf.models import ApiKey
from cloudwaf.system.api_keys import service as api_key_service


def own_api_key(
    session: DbSession, principal: CurrentPrincipal, key_id: Annotated[int, Path(ge=1)]
) -> ApiKey:
    return api_key_service.get_own(session, principal, key_id)


OwnApiKey = Annotated[ApiKey, Depends(own_api_key)]
