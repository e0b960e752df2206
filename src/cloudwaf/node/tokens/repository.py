from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import update

from cloudwaf.kit.pagination import PageParams
from cloudwaf.kit.repository import Repository
from cloudwaf.models import NodeToken
from cloudwaf.node.common import order_by


class NodeTokenRepository(Repository[NodeToken]):
    model = NodeToken
    sortable = {"id": NodeToken.id, "expires_at": NodeToken.expires_at, "created_at": NodeToken.created_at}

    def search(self, paging: PageParams, *, sort: str | None) -> tuple[Sequence[NodeToken], int]:
        return self.paginate(
            self.base_query().order_by(*order_by(sort, self.sortable, NodeToken.id.desc())), paging
        )

    def by_hash(self, token_hash: str) -> NodeToken | None:
        """Registration does not know the OEM yet: call it through `TenantScope.platform()`."""
        return self.find_one(NodeToken.token_hash == token_hash)

    def consume(self, token: NodeToken, now: datetime) -> bool:
        """Marks the token used, exactly once across concurrent registrations and replicas."""
        result = self.session.execute(
            update(NodeToken)
            .where(NodeToken.id == token.id, NodeToken.used_at.is_(None))
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1
