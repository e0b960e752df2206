from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from cloudwaf.auth import require
from cloudwaf.auth.principal import Principal
from cloudwaf.db import DbSession
from cloudwaf.guard.domains import service as domain_service
from cloudwaf.models import Domain

CanReadDomains = Annotated[Principal, Depends(require("guard.domain.read"))]
CanWriteDomains = Annotated[Principal, Depends(require("guard.domain.write"))]


def readable_domain(domain_id: int, session: DbSession, principal: CanReadDomains) -> Domain:
    return domain_service.get_domain(session, principal, domain_id)


def writable_domain(domain_id: int, session: DbSession, principal: CanWriteDomains) -> Domain:
    return domain_service.get_domain(session, principal, domain_id)


ReadableDomain = Annotated[Domain, Depends(readable_domain)]
WritableDomain = Annotated[Domain, Depends(writable_domain)]
