from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_

from cloudwaf.kit.pagination import PageParams
from cloudwaf.kit.repository import Repository
from cloudwaf.models import Node
from cloudwaf.models.node import OFFLINE_AFTER
from cloudwaf.node.common import like_pattern, order_by


class NodeRepository(Repository[Node]):
    model = Node
    sortable = {
        "id": Node.id,
        "name": Node.name,
        "last_seen_at": Node.last_seen_at,
        "created_at": Node.created_at,
    }

    def search(
        self,
        paging: PageParams,
        *,
        keyword: str | None,
        sort: str | None,
        node_group_id: int | None,
        status: str | None,
        now: datetime,
    ) -> tuple[Sequence[Node], int]:
        stmt = self.base_query()
        if keyword:
            pattern = like_pattern(keyword)
            stmt = stmt.where(
                or_(
                    Node.name.ilike(pattern, escape="\\"),
                    Node.address.ilike(pattern, escape="\\"),
                    Node.hostname.ilike(pattern, escape="\\"),
                )
            )
        if node_group_id is not None:
            stmt = stmt.where(Node.node_group_id == node_group_id)
        if status is not None:
            # Same rule as Node.status(), in SQL.
            seen = Node.last_seen_at >= now - OFFLINE_AFTER
            stmt = stmt.where(
                {
                    "online": seen & Node.last_error.is_(None),
                    "degraded": seen & Node.last_error.is_not(None),
                    "offline": or_(Node.last_seen_at.is_(None), Node.last_seen_at < now - OFFLINE_AFTER),
                }[status]
            )
        return self.paginate(stmt.order_by(*order_by(sort, self.sortable, Node.id)), paging)

    def by_name(self, name: str) -> Node | None:
        return self.find_one(Node.name == name)

    def by_credential_hash(self, credential_hash: str) -> Node | None:
        """Node authentication does not know the OEM yet: call it through `TenantScope.platform()`."""
        return self.find_one(Node.credential_hash == credential_hash)
