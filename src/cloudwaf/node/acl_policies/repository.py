from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from cloudwaf.kit.pagination import PageParams
from cloudwaf.kit.repository import Repository
from cloudwaf.models import NodeAclPolicy, NodeAclRule
from cloudwaf.node.common import like_pattern, order_by


class AclPolicyRepository(Repository[NodeAclPolicy]):
    model = NodeAclPolicy
    sortable = {"id": NodeAclPolicy.id, "name": NodeAclPolicy.name, "created_at": NodeAclPolicy.created_at}

    def search(
        self, paging: PageParams, *, keyword: str | None, sort: str | None
    ) -> tuple[Sequence[NodeAclPolicy], int]:
        stmt = self.base_query()
        if keyword:
            stmt = stmt.where(NodeAclPolicy.name.ilike(like_pattern(keyword), escape="\\"))
        return self.paginate(stmt.order_by(*order_by(sort, self.sortable, NodeAclPolicy.id)), paging)

    def by_name(self, name: str) -> NodeAclPolicy | None:
        return self.find_one(NodeAclPolicy.name == name)

    def rule_counts(self, policy_ids: Sequence[int]) -> dict[int, int]:
        if not policy_ids:
            return {}
        rows = self.session.execute(
            select(NodeAclRule.policy_id, func.count())
            .where(NodeAclRule.policy_id.in_(policy_ids))
            .group_by(NodeAclRule.policy_id)
        )
        return {policy_id: count for policy_id, count in rows}


class AclRuleRepository(Repository[NodeAclRule]):
    model = NodeAclRule
    sortable = {"id": NodeAclRule.id, "priority": NodeAclRule.priority, "cidr": NodeAclRule.cidr}

    def search(
        self, policy_id: int, paging: PageParams, *, sort: str | None, action: str | None
    ) -> tuple[Sequence[NodeAclRule], int]:
        stmt = self.base_query().where(NodeAclRule.policy_id == policy_id)
        if action:
            stmt = stmt.where(NodeAclRule.action == action)
        default = [NodeAclRule.priority, NodeAclRule.id]
        ordering = order_by(sort, self.sortable, NodeAclRule.id) if sort else default
        return self.paginate(stmt.order_by(*ordering), paging)

    def get_in_policy(self, policy_id: int, rule_id: int) -> NodeAclRule | None:
        return self.find_one(NodeAclRule.id == rule_id, NodeAclRule.policy_id == policy_id)

    def in_evaluation_order(self, policy_id: int) -> Sequence[NodeAclRule]:
        return self.list(NodeAclRule.policy_id == policy_id, order_by=(NodeAclRule.priority, NodeAclRule.id))
