from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_

from cloudwaf.kit.pagination import PageParams
from cloudwaf.kit.repository import Repository
from cloudwaf.models import NodeIp
from cloudwaf.node.common import like_pattern, order_by


class NodeIpRepository(Repository[NodeIp]):
    model = NodeIp
    sortable = {"id": NodeIp.id, "ip": NodeIp.ip, "node_id": NodeIp.node_id, "created_at": NodeIp.created_at}

    def search(
        self, paging: PageParams, *, keyword: str | None, sort: str | None, node_id: int | None
    ) -> tuple[Sequence[NodeIp], int]:
        stmt = self.base_query()
        if node_id is not None:
            stmt = stmt.where(NodeIp.node_id == node_id)
        if keyword:
            pattern = like_pattern(keyword)
            stmt = stmt.where(
                or_(NodeIp.ip.ilike(pattern, escape="\\"), NodeIp.comment.ilike(pattern, escape="\\"))
            )
        return self.paginate(stmt.order_by(*order_by(sort, self.sortable, NodeIp.id)), paging)

    def by_ip(self, ip: str) -> NodeIp | None:
        return self.find_one(NodeIp.ip == ip)
