from __future__ import annotations

from sqlalchemy import Select, func, or_, select, update

from cloudwaf.kit.repository import Repository
from cloudwaf.models import Role, User


class RoleRepository(Repository[Role]):
    model = Role

    def name_taken(self, oem_id: int, name: str, *, except_id: int | None = None) -> bool:
        stmt = select(Role.id).where(Role.oem_id == oem_id, func.lower(Role.name) == name.lower())
        if except_id is not None:
            stmt = stmt.where(Role.id != except_id)
        return self.session.scalar(stmt.limit(1)) is not None

    def search(self, *, keyword: str | None) -> Select[tuple[Role]]:
        stmt = self.base_query()
        if keyword:
            like = f"%{keyword.lower()}%"
            stmt = stmt.where(or_(func.lower(Role.name).like(like), func.lower(Role.description).like(like)))
        return stmt.order_by(Role.oem_id, Role.id)

    def user_counts(self, role_ids: set[int]) -> dict[int, int]:
        if not role_ids:
            return {}
        stmt = select(User.role_id, func.count()).where(User.role_id.in_(role_ids)).group_by(User.role_id)
        return {role_id: int(count) for role_id, count in self.session.execute(stmt)}

    def touch_members(self, role: Role) -> None:
        """The role's users' access changed: bump their access_version."""
        self.session.execute(
            update(User).where(User.role_id == role.id).values(access_version=User.access_version + 1)
        )

    def find_one_code(self, oem_id: int, code: str) -> Role:
        """A built-in role of an OEM, by its code (seeded by bootstrap.seed_oem)."""
        return self.session.scalars(select(Role).where(Role.oem_id == oem_id, Role.code == code)).one()
