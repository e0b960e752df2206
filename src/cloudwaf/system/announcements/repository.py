from __future__ import annotations

from sqlalchemy import Select, func, or_

from cloudwaf.kit.repository import Repository
from cloudwaf.models import Announcement


class AnnouncementRepository(Repository[Announcement]):
    model = Announcement

    def search(self, *, published: bool | None, keyword: str | None) -> Select[tuple[Announcement]]:
        stmt = self.base_query()
        if published is not None:
            stmt = stmt.where(Announcement.published.is_(published))
        if keyword:
            like = f"%{keyword.lower()}%"
            stmt = stmt.where(
                or_(func.lower(Announcement.title).like(like), func.lower(Announcement.content).like(like))
            )
        return stmt.order_by(Announcement.id.desc())
