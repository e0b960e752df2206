"""Every sys route, under /api/v1/sys (registered by cloudwaf.api)."""

from __future__ import annotations

from cloudwaf.system.announcements.router import router as announcements_router
from cloudwaf.system.api_keys.router import router as api_keys_router
from cloudwaf.system.audit.router import router as audit_router
from cloudwaf.system.auth.router import router as auth_router
from cloudwaf.system.oems.router import router as oems_router
from cloudwaf.system.orders.router import router as orders_router
from cloudwaf.system.plans.router import router as plans_router
from cloudwaf.system.roles.router import router as roles_router
from cloudwaf.system.sessions.router import router as sessions_router
from cloudwaf.system.settings.router import router as settings_router
from cloudwaf.system.users.router import router as users_router

PREFIX = "/sys"
ROUTERS = (
    auth_router,
    users_router,
    roles_router,
    sessions_router,
    api_keys_router,
    oems_router,
    settings_router,
    audit_router,
    plans_router,
    orders_router,
    announcements_router,
)
