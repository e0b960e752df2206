from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from cloudwaf.auth import require
from cloudwaf.auth.principal import Principal
from cloudwaf.db import DbSession
from cloudwaf.guard.schedules import service as schedule_service
from cloudwaf.models import ScheduleGroup

CanReadSchedules = Annotated[Principal, Depends(require("guard.schedule.read"))]
CanWriteSchedules = Annotated[Principal, Depends(require("guard.schedule.write"))]


def readable_schedule(schedule_id: int, session: DbSession, principal: CanReadSchedules) -> ScheduleGroup:
    return schedule_service.get_schedule(session, principal, schedule_id)


def writable_schedule(schedule_id: int, session: DbSession, principal: CanWriteSchedules) -> ScheduleGroup:
    return schedule_service.get_schedule(session, principal, schedule_id)


ReadableSchedule = Annotated[ScheduleGroup, Depends(readable_schedule)]
WritableSchedule = Annotated[ScheduleGroup, Depends(writable_schedule)]
