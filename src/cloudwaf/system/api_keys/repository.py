from __future__ import annotations

from sqlalchemy import Select

from cloudwaf.kit.repository import Repository
from cloudwaf.models import ApiKey


class ApiKeyRepository(Repository[ApiKey]):
    model = ApiKey

    def of_user(self, user_id: int) -> Select[tuple[ApiKey]]:
        return self.base_query().where(ApiKey.user_id == user_id).order_by(ApiKey.id.desc())
