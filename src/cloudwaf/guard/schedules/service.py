"""Schedule groups: weekly windows in a time zone, during which CC and ACL rules apply."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cloudwaf.auth.principal import Principal
from cloudwaf.errors import Conflict
from cloudwaf.guard.errors import DefaultScheduleProtected, ScheduleNameExists, ScheduleNotFound
from cloudwaf.guard.schedules.repository import ScheduleRepository
from cloudwaf.guard.schedules.schemas import ScheduleCreate, ScheduleRead, ScheduleUpdate
from cloudwaf.guard.versioning import check_version
from cloudwaf.guard.writes import written
from cloudwaf.kit.pagination import PageParams
from cloudwaf.kit.repository import TenantScope
from cloudwaf.models import Oem, ScheduleGroup

ALWAYS = "always"
ALWAYS_WINDOWS = [{"days": [0, 1, 2, 3, 4, 5, 6], "start": "00:00", "end": "24:00"}]


def to_read(schedule: ScheduleGroup) -> ScheduleRead:
    return ScheduleRead.model_validate(schedule)


def list_schedules(
    session: Session, principal: Principal, paging: PageParams, *, keyword: str | None, sort: str | None
) -> tuple[list[ScheduleRead], int]:
    items, total = ScheduleRepository(session, principal.scope).page(paging, keyword=keyword, sort=sort)
    return [to_read(s) for s in items], total


def get_schedule(session: Session, principal: Principal, schedule_id: int) -> ScheduleGroup:
    schedule = ScheduleRepository(session, principal.scope).get(schedule_id)
    if schedule is None:
        raise ScheduleNotFound()
    return schedule


def create_schedule(session: Session, principal: Principal, data: ScheduleCreate) -> ScheduleGroup:
    repo = ScheduleRepository(session, principal.scope)
    if repo.by_name(data.name):
        raise ScheduleNameExists()
    schedule = ScheduleGroup(
        name=data.name,
        description=data.description,
        timezone=data.timezone,
        windows=[w.model_dump() for w in data.windows],
    )
    repo.add_unique(schedule, ScheduleNameExists)
    written(session, principal, "guard.schedule.create", "schedule", schedule.id, after=to_read(schedule))
    return schedule


def update_schedule(
    session: Session,
    principal: Principal,
    schedule: ScheduleGroup,
    data: ScheduleUpdate,
    expected: int | None,
) -> ScheduleGroup:
    check_version(schedule.version, expected)
    if schedule.builtin:
        raise DefaultScheduleProtected("the built-in schedule cannot be changed")
    repo = ScheduleRepository(session, principal.scope)
    before = to_read(schedule)
    if data.name is not None and data.name != schedule.name:
        if repo.by_name(data.name):
            raise ScheduleNameExists()
        schedule.name = data.name
    if data.description is not None:
        schedule.description = data.description
    if data.timezone is not None:
        schedule.timezone = data.timezone
    if data.windows is not None:
        schedule.windows = [w.model_dump() for w in data.windows]
    repo.save(schedule, ScheduleNameExists)
    written(
        session,
        principal,
        "guard.schedule.update",
        "schedule",
        schedule.id,
        before=before,
        after=to_read(schedule),
    )
    return schedule


def delete_schedule(
    session: Session, principal: Principal, schedule: ScheduleGroup, expected: int | None
) -> None:
    check_version(schedule.version, expected)
    if schedule.builtin:
        raise DefaultScheduleProtected()
    repo = ScheduleRepository(session, principal.scope)
    if repo.users(schedule.id):
        raise Conflict("CC or ACL rules use this schedule; change them first")
    before = to_read(schedule)
    repo.delete(schedule)
    written(session, principal, "guard.schedule.delete", "schedule", before.id, before=before)


def seed_always(session: Session, oem: Oem) -> None:
    repo = ScheduleRepository(session, TenantScope.of(oem.id))
    if repo.builtin() is None:
        repo.add(
            ScheduleGroup(
                name=ALWAYS if repo.by_name(ALWAYS) is None else f"{ALWAYS} ({oem.id})",
                description="Every day, all day",
                timezone="UTC",
                windows=ALWAYS_WINDOWS,
                builtin=True,
            )
        )
