"""The node module's routes, mounted under /api/v1/node."""

from __future__ import annotations

from cloudwaf.node.acl_policies.router import router as acl_policies_router
from cloudwaf.node.agent.router import router as agent_router
from cloudwaf.node.groups.router import router as groups_router
from cloudwaf.node.ips.router import router as ips_router
from cloudwaf.node.nodes.router import router as nodes_router
from cloudwaf.node.tokens.router import router as tokens_router

PREFIX = "/node"
ROUTERS = (nodes_router, groups_router, tokens_router, ips_router, acl_policies_router, agent_router)
