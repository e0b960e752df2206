from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from cloudwaf.auth import CurrentPrincipal
from cloudwaf.db import DbSession
from cloudwaf.models import Announcement
from cloudwaf.system.announcements import service as announcement_service


def visible_announcement(
    session: DbSession, principal: CurrentPrincipal, announcement_id: Annotated[int, Path(ge=1)]
) -> Announcement:
    return announcement_service.get_visible(session, principal, announcement_id)


VisibleAnnouncement = Annotated[Announcement, Depends(visible_announcement)]
