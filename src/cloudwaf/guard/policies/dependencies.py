from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from cloudwaf.auth import require
from cloudwaf.auth.principal import Principal
from cloudwaf.db import DbSession
from cloudwaf.guard.policies import service as policy_service
from cloudwaf.models import Policy

CanReadPolicies = Annotated[Principal, Depends(require("guard.policy.read"))]
CanWritePolicies = Annotated[Principal, Depends(require("guard.policy.write"))]


def readable_policy(policy_id: int, session: DbSession, principal: CanReadPolicies) -> Policy:
    return policy_service.get_policy(session, principal, policy_id)


def writable_policy(policy_id: int, session: DbSession, principal: CanWritePolicies) -> Policy:
    return policy_service.get_policy(session, principal, policy_id)


ReadablePolicy = Annotated[Policy, Depends(readable_policy)]
WritablePolicy = Annotated[Policy, Depends(writable_policy)]
