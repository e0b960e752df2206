from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from cloudwaf.auth import Principal, require
from cloudwaf.db import DbSession
from cloudwaf.kit.envelope import Envelope, ok
from cloudwaf.kit.pagination import Page, Paging
from cloudwaf.system.announcements import service as announcement_service
from cloudwaf.system.announcements.dependencies import VisibleAnnouncement
from cloudwaf.system.announcements.schemas import AnnouncementCreate, AnnouncementRead, AnnouncementUpdate

router = APIRouter(prefix="/announcements", tags=["sys: announcements"])


@router.get("", response_model=Envelope[Page[AnnouncementRead]])
def list_announcements(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.announcement.read"))],
    paging: Paging,
    published: bool | None = None,
    keyword: Annotated[str | None, Query(max_length=64)] = None,
    oem_id: Annotated[int | None, Query(description="platform admin only")] = None,
) -> Envelope[Page[AnnouncementRead]]:
    items, total = announcement_service.list_announcements(
        session, principal, paging, oem_id=oem_id, published=published, keyword=keyword
    )
    return ok(Page(items=items, total=total, page=paging.page, page_size=paging.page_size))


@router.post("", response_model=Envelope[AnnouncementRead])
def create_announcement(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.announcement.write"))],
    payload: AnnouncementCreate,
) -> Envelope[AnnouncementRead]:
    return ok(
        announcement_service.to_read(announcement_service.create_announcement(session, principal, payload))
    )


@router.get("/{announcement_id}", response_model=Envelope[AnnouncementRead])
def get_announcement(
    principal: Annotated[Principal, Depends(require("sys.announcement.read"))], row: VisibleAnnouncement
) -> Envelope[AnnouncementRead]:
    return ok(announcement_service.to_read(row))


@router.put("/{announcement_id}", response_model=Envelope[AnnouncementRead])
def update_announcement(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.announcement.write"))],
    row: VisibleAnnouncement,
    payload: AnnouncementUpdate,
) -> Envelope[AnnouncementRead]:
    return ok(
        announcement_service.to_read(
            announcement_service.update_announcement(session, principal, row, payload)
        )
    )


@router.delete("/{announcement_id}", response_model=Envelope[None])
def delete_announcement(
    session: DbSession,
    principal: Annotated[Principal, Depends(require("sys.announcement.write"))],
    row: VisibleAnnouncement,
) -> Envelope[None]:
    announcement_service.delete_announcement(session, principal, row)
    return ok(None)
