from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends

from cloudwaf.auth import require
from cloudwaf.auth.principal import Principal
from cloudwaf.guard.listing import KeywordParam
from cloudwaf.guard.responses import page_of
from cloudwaf.guard.rule_groups import service as rule_group_service
from cloudwaf.guard.rule_groups.schemas import RuleGroupRead
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging

router = APIRouter(prefix="/rule-groups", tags=["guard: rule groups"])

CanReadRuleGroups = Annotated[Principal, Depends(require("guard.rulegroup.read"))]


@router.get("", response_model=Envelope[Page[RuleGroupRead]])
def list_rule_groups(
    _: CanReadRuleGroups, paging: Paging, keyword: KeywordParam = None, phase: str | None = None
) -> Envelope[Page[RuleGroupRead]]:
    groups = [RuleGroupRead(**asdict(g)) for g in rule_group_service.catalogue()]
    if keyword:
        needle = keyword.lower()
        groups = [
            g
            for g in groups
            if needle in g.name.lower() or needle in g.description.lower() or needle == str(g.id)
        ]
    if phase:
        groups = [g for g in groups if g.phase == phase]
    return ok(page_of(groups[paging.offset : paging.offset + paging.page_size], len(groups), paging))


@router.get("/{group_id}", response_model=Envelope[RuleGroupRead])
def get_rule_group(group_id: int, _: CanReadRuleGroups) -> Envelope[RuleGroupRead]:
    return ok(RuleGroupRead(**asdict(rule_group_service.get_group(group_id))))
