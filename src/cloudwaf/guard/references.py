"""Checks that an object named by id in a request body belongs to the caller's OEM. A foreign or
missing id answers the referenced resource's not-found code: nothing tells another OEM's ids apart
from ids that do not exist."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from cloudwaf.guard.domains.repository import DomainRepository
from cloudwaf.guard.errors import DomainNotFound, IpSetNotFound, ScheduleNotFound
from cloudwaf.guard.ip_sets.repository import IpSetRepository
from cloudwaf.guard.schedules.repository import ScheduleRepository
from cloudwaf.kit.repository import TenantScope
from cloudwaf.models import Domain, IpSet


def domain(session: Session, scope: TenantScope, domain_id: int) -> Domain:
    found = DomainRepository(session, scope).get(domain_id)
    if found is None:
        raise DomainNotFound(f"no domain {domain_id}")
    return found


def schedule(session: Session, scope: TenantScope, schedule_id: int | None) -> int | None:
    if schedule_id is not None and ScheduleRepository(session, scope).get(schedule_id) is None:
        raise ScheduleNotFound(f"no schedule {schedule_id}")
    return schedule_id


def ip_sets(session: Session, scope: TenantScope, set_ids: Iterable[int]) -> None:
    wanted = set(set_ids)
    if not wanted:
        return
    found = {s.id for s in IpSetRepository(session, scope).list(IpSet.id.in_(wanted))}
    missing = sorted(wanted - found)
    if missing:
        raise IpSetNotFound(f"no IP set {', '.join(map(str, missing))}")
