from __future__ import annotations

from fastapi import APIRouter, Response

from cloudwaf.db import DbSession
from cloudwaf.guard.listing import KeywordParam, SortParam
from cloudwaf.guard.responses import Deleted, page_of, set_etag
from cloudwaf.guard.schedules import service as schedule_service
from cloudwaf.guard.schedules.dependencies import (
    CanReadSchedules,
    CanWriteSchedules,
    ReadableSchedule,
    WritableSchedule,
)
from cloudwaf.guard.schedules.schemas import ScheduleCreate, ScheduleRead, ScheduleUpdate
from cloudwaf.guard.versioning import IfMatch, expected_version
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging

router = APIRouter(prefix="/schedules", tags=["guard: schedules"])


@router.get("", response_model=Envelope[Page[ScheduleRead]])
def list_schedules(
    session: DbSession,
    principal: CanReadSchedules,
    paging: Paging,
    keyword: KeywordParam = None,
    sort: SortParam = None,
) -> Envelope[Page[ScheduleRead]]:
    items, total = schedule_service.list_schedules(session, principal, paging, keyword=keyword, sort=sort)
    return ok(page_of(items, total, paging))


@router.post("", response_model=Envelope[ScheduleRead], status_code=201)
def create_schedule(
    data: ScheduleCreate, session: DbSession, principal: CanWriteSchedules, response: Response
) -> Envelope[ScheduleRead]:
    schedule = schedule_service.create_schedule(session, principal, data)
    set_etag(response, schedule.version)
    return ok(schedule_service.to_read(schedule))


@router.get("/{schedule_id}", response_model=Envelope[ScheduleRead])
def get_schedule(schedule: ReadableSchedule, response: Response) -> Envelope[ScheduleRead]:
    set_etag(response, schedule.version)
    return ok(schedule_service.to_read(schedule))


@router.put("/{schedule_id}", response_model=Envelope[ScheduleRead])
@router.patch("/{schedule_id}", response_model=Envelope[ScheduleRead], include_in_schema=False)
def update_schedule(
    data: ScheduleUpdate,
    schedule: WritableSchedule,
    session: DbSession,
    principal: CanWriteSchedules,
    response: Response,
    if_match: IfMatch = None,
) -> Envelope[ScheduleRead]:
    schedule = schedule_service.update_schedule(
        session, principal, schedule, data, expected_version(if_match, data.version)
    )
    set_etag(response, schedule.version)
    return ok(schedule_service.to_read(schedule))


@router.delete("/{schedule_id}", response_model=Envelope[Deleted])
def delete_schedule(
    schedule: WritableSchedule, session: DbSession, principal: CanWriteSchedules, if_match: IfMatch = None
) -> Envelope[Deleted]:
    schedule_id = schedule.id
    schedule_service.delete_schedule(session, principal, schedule, expected_version(if_match))
    return ok(Deleted(id=schedule_id))
