from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from cloudwaf.auth import require
from cloudwaf.auth.principal import Principal
from cloudwaf.db import DbSession
from cloudwaf.guard.acl_rules import service as acl_service
from cloudwaf.models import GuardAclRule

CanReadAcl = Annotated[Principal, Depends(require("guard.acl.read"))]
CanWriteAcl = Annotated[Principal, Depends(require("guard.acl.write"))]


def readable_acl_rule(rule_id: int, session: DbSession, principal: CanReadAcl) -> GuardAclRule:
    return acl_service.get_rule(session, principal, rule_id)


def writable_acl_rule(rule_id: int, session: DbSession, principal: CanWriteAcl) -> GuardAclRule:
    return acl_service.get_rule(session, principal, rule_id)


ReadableAclRule = Annotated[GuardAclRule, Depends(readable_acl_rule)]
WritableAclRule = Annotated[GuardAclRule, Depends(writable_acl_rule)]
