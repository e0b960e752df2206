from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select, update

from cloudwaf.kit.repository import Repository
from cloudwaf.models import User, UserSession


class SessionRepository(Repository[UserSession]):
    model = UserSession

    def search(self, *, user_id: int | None, active_at: datetime | None) -> Select[tuple[UserSession]]:
        stmt = self.base_query()
        if user_id is not None:
            stmt = stmt.where(UserSession.user_id == user_id)
        if active_at is not None:
            stmt = stmt.where(UserSession.revoked_at.is_(None), UserSession.expires_at > active_at)
        return stmt.order_by(UserSession.id.desc())

    def revoke_all_of(self, user_id: int, at: datetime, *, except_id: int | None = None) -> int:
        stmt = update(UserSession).where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        if not self.scope.is_platform:
            stmt = stmt.where(UserSession.oem_id == self.scope.oem_id)
        if except_id is not None:
            stmt = stmt.where(UserSession.id != except_id)
        return self.session.execute(stmt.values(revoked_at=at)).rowcount or 0

    def usernames(self, user_ids: set[int]) -> dict[int, str]:
        if not user_ids:
            return {}
        return dict(self.session.execute(select(User.id, User.username).where(User.id.in_(user_ids))).all())
