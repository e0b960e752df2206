from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from cloudwaf.auth import require
from cloudwaf.auth.principal import Principal
from cloudwaf.db import DbSession
from cloudwaf.guard.cc_rules import service as cc_service
from cloudwaf.models import CcRule

CanReadCc = Annotated[Principal, Depends(require("guard.cc.read"))]
CanWriteCc = Annotated[Principal, Depends(require("guard.cc.write"))]


def readable_cc_rule(rule_id: int, session: DbSession, principal: CanReadCc) -> CcRule:
    return cc_service.get_rule(session, principal, rule_id)


def writable_cc_rule(rule_id: int, session: DbSession, principal: CanWriteCc) -> CcRule:
    return cc_service.get_rule(session, principal, rule_id)


ReadableCcRule = Annotated[CcRule, Depends(readable_cc_rule)]
WritableCcRule = Annotated[CcRule, Depends(writable_cc_rule)]
