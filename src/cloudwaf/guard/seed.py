"""What every OEM starts with in guard: a default policy and the built-in "always" schedule.
Registered in bootstrap.OEM_SEEDERS; idempotent."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cloudwaf.guard.policies.service import seed_default_policy
from cloudwaf.guard.schedules.service import seed_always
from cloudwaf.models import Oem


def seed_guard(session: Session, oem: Oem) -> None:
    seed_default_policy(session, oem)
    seed_always(session, oem)
