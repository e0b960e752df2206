from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import exists, func, select, update

from cloudwaf.kit.pagination import PageParams
from cloudwaf.kit.repository import Repository
from cloudwaf.models import Domain, Node, NodeGroup
from cloudwaf.node.common import like_pattern, order_by


class NodeGroupRepository(Repository[NodeGroup]):
    model = NodeGroup
    sortable = {"id": NodeGroup.id, "name": NodeGroup.name, "created_at": NodeGroup.created_at}

    def search(
        self, paging: PageParams, *, keyword: str | None, sort: str | None, acl_policy_id: int | None
    ) -> tuple[Sequence[NodeGroup], int]:
        stmt = self.base_query()
        if keyword:
            stmt = stmt.where(NodeGroup.name.ilike(like_pattern(keyword), escape="\\"))
        if acl_policy_id is not None:
            stmt = stmt.where(NodeGroup.acl_policy_id == acl_policy_id)
        return self.paginate(stmt.order_by(*order_by(sort, self.sortable, NodeGroup.id)), paging)

    def by_name(self, name: str) -> NodeGroup | None:
        return self.find_one(NodeGroup.name == name)

    def default_group(self) -> NodeGroup | None:
        return self.find_one(NodeGroup.is_default.is_(True))

    def node_counts(self, group_ids: Sequence[int]) -> dict[int, int]:
        if not group_ids:
            return {}
        rows = self.session.execute(
            select(Node.node_group_id, func.count())
            .where(Node.node_group_id.in_(group_ids))
            .group_by(Node.node_group_id)
        )
        return {group_id: count for group_id, count in rows}

    def move_nodes(self, from_group_id: int, to_group_id: int) -> None:
        self.session.execute(
            update(Node)
            .where(Node.oem_id == self.scope.oem_id, Node.node_group_id == from_group_id)
            .values(node_group_id=to_group_id)
        )

    def runs_domains(self, group_id: int) -> bool:
        return bool(self.session.scalar(select(exists().where(Domain.node_group_id == group_id))))
