"""The guard module's routes, mounted under /api/v1/guard."""

from __future__ import annotations

from cloudwaf.guard.acl_rules.router import router as acl_rules_router
from cloudwaf.guard.cc_rules.router import router as cc_rules_router
from cloudwaf.guard.certs.router import router as certs_router
from cloudwaf.guard.domains.router import router as domains_router
from cloudwaf.guard.forwards.router import router as forwards_router
from cloudwaf.guard.ip_sets.router import router as ip_sets_router
from cloudwaf.guard.policies.router import router as policies_router
from cloudwaf.guard.rule_groups.router import router as rule_groups_router
from cloudwaf.guard.schedules.router import router as schedules_router

PREFIX = "/guard"
ROUTERS = (
    domains_router,
    certs_router,
    policies_router,
    rule_groups_router,
    forwards_router,
    schedules_router,
    cc_rules_router,
    acl_rules_router,
    ip_sets_router,
)
