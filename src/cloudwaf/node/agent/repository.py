from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete

from cloudwaf.kit.repository import Repository
from cloudwaf.models import NodeLogBatch


class LogBatchRepository(Repository[NodeLogBatch]):
    """Batch ids already ingested, per node (not tenant-owned: the node id implies the OEM)."""

    model = NodeLogBatch

    def seen(self, node_id: int, batch_id: str) -> bool:
        return self.exists(NodeLogBatch.node_id == node_id, NodeLogBatch.batch_id == batch_id)

    def forget_before(self, node_id: int, cutoff: datetime) -> None:
        self.session.execute(
            delete(NodeLogBatch).where(NodeLogBatch.node_id == node_id, NodeLogBatch.received_at < cutoff)
        )
