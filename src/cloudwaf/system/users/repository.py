from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, func, or_, select, update

from cloudwaf.kit.repository import Repository
from cloudwaf.models import LoginFailure, Role, User


class UserRepository(Repository[User]):
    model = User

    def by_username(self, username: str) -> User | None:
        return self.find_one(User.username == username)

    def username_taken(self, username: str) -> bool:
        # Usernames are unique across the whole platform (1006), whatever the caller's scope:
        # only existence is revealed, never the other tenant's row.
        stmt = select(User.id).where(func.lower(User.username) == username.lower()).limit(1)
        return self.session.scalar(stmt) is not None

    def get_for_update(self, id_: int) -> User | None:
        return self.get(id_, for_update=True)

    def search(
        self, *, keyword: str | None, role_id: int | None, enabled: bool | None
    ) -> Select[tuple[User]]:
        return self._filtered(self.base_query(), keyword=keyword, role_id=role_id, enabled=enabled)

    def search_rows(
        self, *, keyword: str | None, role_id: int | None, enabled: bool | None
    ) -> Select[Any]:
        """The list as plain rows, each with its role's name (one query, no ORM objects)."""
        stmt = self.base_query(*User.__table__.c, Role.name.label("role_name")).outerjoin(
            Role, Role.id == User.role_id
        )
        return self._filtered(stmt, keyword=keyword, role_id=role_id, enabled=enabled)

    @staticmethod
    def _filtered(
        stmt: Select[Any], *, keyword: str | None, role_id: int | None, enabled: bool | None
    ) -> Select[Any]:
        if keyword:
            like = f"%{keyword.lower()}%"
            stmt = stmt.where(
                or_(
                    func.lower(User.username).like(like),
                    func.lower(User.display_name).like(like),
                    func.lower(User.email).like(like),
                )
            )
        if role_id is not None:
            stmt = stmt.where(User.role_id == role_id)
        if enabled is not None:
            stmt = stmt.where(User.enabled.is_(enabled))
        return stmt.order_by(User.id)

    def role_names_by_id(self, ids: set[int]) -> dict[int, str]:
        # Names only: a whole Role would decode its permission list (JSON) for every user listed.
        if not ids:
            return {}
        rows = self.session.execute(select(Role.id, Role.name).where(Role.id.in_(ids)))
        return {id_: name for id_, name in rows}

    def bump_access_version(self, user: User) -> None:
        self.session.execute(
            update(User).where(User.id == user.id).values(access_version=User.access_version + 1)
        )


class LoginFailureRepository:
    """Failed password attempts of one user (not tenant-filtered: keyed by an already resolved user)."""

    def __init__(self, session) -> None:  # noqa: ANN001 - a Session
        self.session = session

    def add(self, user_id: int, at: datetime) -> None:
        self.session.add(LoginFailure(user_id=user_id, created_at=at))
        self.session.flush()

    def count_since(self, user_id: int, since: datetime) -> int:
        stmt = (
            select(func.count())
            .select_from(LoginFailure)
            .where(LoginFailure.user_id == user_id, LoginFailure.created_at >= since)
        )
        return int(self.session.scalar(stmt) or 0)

    def clear(self, user_id: int) -> None:
        self.session.execute(delete(LoginFailure).where(LoginFailure.user_id == user_id))
