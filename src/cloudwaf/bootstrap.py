"""First-run seed: the default OEM, its built-in roles and node group, and the first super-admin.
Idempotent: runs at every start and only fills what is missing."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cloudwaf.auth.passwords import hash_password
from cloudwaf.auth.permissions import BUILTIN_ROLES
from cloudwaf.config import Settings
from cloudwaf.models import NodeGroup, Oem, Role, User

log = logging.getLogger("cloudwaf.bootstrap")

DEFAULT_OEM_HOSTNAME = "default"


@dataclass
class BootstrapResult:
    admin_created: bool = False
    admin_password: str | None = None  # only when generated: printed once, never stored


def seed_oem(session: Session, oem: Oem) -> None:
    """What every OEM starts with: built-in roles and a default node group. Modules that need
    more per-OEM defaults (policies, schedules) add their own seed functions to OEM_SEEDERS."""
    existing = {r.code for r in session.scalars(select(Role).where(Role.oem_id == oem.id))}
    for code, (name, description, keys) in BUILTIN_ROLES.items():
        if code == "super_admin" and not oem.is_default:
            continue
        if code not in existing:
            session.add(Role(oem_id=oem.id, code=code, name=name, description=description,
                             builtin=True, permissions=sorted(keys)))
    has_group = session.scalars(
        select(NodeGroup).where(NodeGroup.oem_id == oem.id, NodeGroup.is_default.is_(True))
    ).first()
    if has_group is None:
        session.add(NodeGroup(oem_id=oem.id, name="default", description="Default node group",
                              is_default=True))
    session.flush()
    for seeder in OEM_SEEDERS:
        seeder(session, oem)


# Per-OEM seed functions registered by modules (guard: default policy and schedule, ...).
OEM_SEEDERS: list = []

from cloudwaf.guard.seed import seed_guard  # noqa: E402 - guard imports models only

OEM_SEEDERS.append(seed_guard)


def bootstrap(session: Session, settings: Settings) -> BootstrapResult:
    result = BootstrapResult()
    oem = session.scalars(select(Oem).where(Oem.is_default.is_(True))).first()
    if oem is None:
        oem = Oem(name="Cloud WAF", hostname=DEFAULT_OEM_HOSTNAME, is_default=True)
        session.add(oem)
        session.flush()
    seed_oem(session, oem)
    if session.scalars(select(User).limit(1)).first() is None:
        password = settings.admin_password or secrets.token_urlsafe(12)
        role = session.scalars(select(Role).where(Role.oem_id == oem.id, Role.code == "super_admin")).one()
        session.add(User(oem_id=oem.id, username=settings.admin_username, display_name="Administrator",
                         password_hash=hash_password(password), role_id=role.id, is_platform_admin=True))
        result.admin_created = True
        if not settings.admin_password:
            result.admin_password = password
    session.flush()
    return result
