from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from cloudwaf.models.base import Base, IdMixin, IdType, OemOwnedMixin, TimestampMixin, utcnow

# The agent heartbeats every HEARTBEAT_SECONDS; a node that missed one beat (plus slack for a
# slow network) is offline. The guard module uses `Node.active_clause()` for "runs on active nodes".
HEARTBEAT_SECONDS = 10
OFFLINE_AFTER = timedelta(seconds=2 * HEARTBEAT_SECONDS + 5)


class Node(IdMixin, OemOwnedMixin, TimestampMixin, Base):
    """A WAF node: nginx + ModSecurity driven by a `cloudwaf node run` agent. Created either by an
    admin (then enrolled with a token bound to it) or by the agent's registration."""

    __tablename__ = "node"
    __table_args__ = (UniqueConstraint("oem_id", "name"),)

    name: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(String(255), default="")
    node_group_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("node_group.id", ondelete="RESTRICT"), index=True
    )
    # SHA-256 of the node credential; null until the agent registers.
    credential_hash: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    enrolled_at: Mapped[datetime | None] = mapped_column(default=None)
    last_seen_at: Mapped[datetime | None] = mapped_column(default=None)
    hostname: Mapped[str] = mapped_column(String(255), default="")
    agent_version: Mapped[str] = mapped_column(String(64), default="")
    nginx_version: Mapped[str] = mapped_column(String(64), default="")
    applied_version: Mapped[int | None] = mapped_column(default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    load: Mapped[dict] = mapped_column(JSON, default=dict)
    # Log records the agent had to drop because its disk buffer was full (cumulative).
    logs_dropped: Mapped[int] = mapped_column(BigInteger, default=0)

    def status(self, now: datetime | None = None) -> str:
        now = now or utcnow()
        if self.last_seen_at is None or now - self.last_seen_at > OFFLINE_AFTER:
            return "offline"
        return "degraded" if self.last_error else "online"

    @classmethod
    def active_clause(cls, now: datetime | None = None) -> ColumnElement[bool]:
        """SQL condition for nodes that heartbeated recently (online or degraded)."""
        return cls.last_seen_at >= (now or utcnow()) - OFFLINE_AFTER
