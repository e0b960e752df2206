"""Announcements shown to an OEM's console users."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cloudwaf.auth.principal import Principal
from cloudwaf.kit.pagination import PageParams
from cloudwaf.models import Announcement
from cloudwaf.models.base import utcnow
from cloudwaf.system.announcements.repository import AnnouncementRepository
from cloudwaf.system.announcements.schemas import AnnouncementCreate, AnnouncementRead, AnnouncementUpdate
from cloudwaf.system.audit import service as audit
from cloudwaf.system.errors import AnnouncementNotFound
from cloudwaf.system.tenancy import read_scope, target_oem


def to_read(row: Announcement) -> AnnouncementRead:
    return AnnouncementRead.model_validate(row, from_attributes=True)


def list_announcements(
    session: Session,
    principal: Principal,
    paging: PageParams,
    *,
    oem_id: int | None,
    published: bool | None,
    keyword: str | None,
) -> tuple[list[AnnouncementRead], int]:
    repo = AnnouncementRepository(session, read_scope(principal, oem_id))
    items, total = repo.paginate(repo.search(published=published, keyword=keyword), paging)
    return [to_read(a) for a in items], total


def get_visible(session: Session, principal: Principal, announcement_id: int) -> Announcement:
    row = AnnouncementRepository(session, read_scope(principal)).get(announcement_id)
    if row is None:
        raise AnnouncementNotFound()
    return row


def create_announcement(session: Session, principal: Principal, payload: AnnouncementCreate) -> Announcement:
    oem = target_oem(session, principal, payload.oem_id)
    row = Announcement(
        oem_id=oem.id,
        title=payload.title,
        content=payload.content,
        level=payload.level,
        published=payload.published,
        published_at=utcnow() if payload.published else None,
        created_by=principal.user_id,
    )
    AnnouncementRepository(session, read_scope(principal)).add(row)
    audit.record(
        session, principal, "sys.announcement.create", "announcement", row.id, after=row, oem_id=oem.id
    )
    return row


def update_announcement(
    session: Session, principal: Principal, row: Announcement, payload: AnnouncementUpdate
) -> Announcement:
    before = audit.snapshot(row)
    changes = payload.model_dump(exclude_unset=True, exclude_none=True)
    if changes.get("published") and not row.published:
        row.published_at = utcnow()
    for field, value in changes.items():
        setattr(row, field, value)
    session.flush()
    audit.record(
        session,
        principal,
        "sys.announcement.update",
        "announcement",
        row.id,
        before=before,
        after=row,
        oem_id=row.oem_id,
    )
    return row


def delete_announcement(session: Session, principal: Principal, row: Announcement) -> None:
    before = audit.snapshot(row)
    AnnouncementRepository(session, read_scope(principal)).delete(row)
    audit.record(
        session,
        principal,
        "sys.announcement.delete",
        "announcement",
        before["id"],
        before=before,
        oem_id=before["oem_id"],
    )
