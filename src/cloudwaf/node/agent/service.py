from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from cloudwaf.auth.tokens import digest, new_token
from cloudwaf.chart.store import AttackEventIn, EventStore, TrafficCounterIn
from cloudwaf.dataplane.snapshot import NodeAclRule as SnapshotAclRule
from cloudwaf.errors import Unauthenticated
from cloudwaf.guard.snapshot import build_node_snapshot
from cloudwaf.kit.repository import TenantScope
from cloudwaf.kit.time import utcnow
from cloudwaf.models import Node, NodeGroup, NodeLogBatch
from cloudwaf.models.node import HEARTBEAT_SECONDS
from cloudwaf.node.acl_policies.repository import AclRuleRepository
from cloudwaf.node.agent.dependencies import AgentNode
from cloudwaf.node.agent.repository import LogBatchRepository
from cloudwaf.node.agent.schemas import (
    AgentConfigRead,
    HeartbeatIn,
    HeartbeatRead,
    LogBatchIn,
    LogBatchRead,
    RegisterIn,
    RegisterRead,
)
from cloudwaf.node.common import config_version
from cloudwaf.node.errors import NodeGroupNotFound, NodeNameExists
from cloudwaf.node.groups.repository import NodeGroupRepository
from cloudwaf.node.nodes.repository import NodeRepository
from cloudwaf.node.tokens.repository import NodeTokenRepository
from cloudwaf.system.audit import service as audit

CREDENTIAL_PREFIX = "cwn_"
BATCH_ID_RETENTION = timedelta(days=7)  # an agent never retries a batch for longer than this


def register(session: Session, body: RegisterIn, client_ip: str) -> RegisterRead:
    """Trades a one-time enrollment token for a node credential."""
    now = utcnow()
    token = NodeTokenRepository(session, TenantScope.platform()).by_hash(digest(body.token))
    if token is None or token.used_at is not None or now >= token.expires_at:
        raise Unauthenticated("invalid, used or expired enrollment token")
    scope = TenantScope.of(token.oem_id)
    nodes = NodeRepository(session, scope)
    if token.node_id is not None:
        node = nodes.get(token.node_id)
        if node is None:  # pragma: no cover - the token is deleted with its node (cascade)
            raise Unauthenticated("the node of this token no longer exists")
    else:
        name = token.name or body.name or body.hostname or f"node-{token.id}"
        if nodes.by_name(name) is not None:
            raise NodeNameExists()
        groups = NodeGroupRepository(session, scope)
        group = groups.get(token.node_group_id) if token.node_group_id else groups.default_group()
        if group is None:
            raise NodeGroupNotFound()
        node = nodes.add(Node(name=name, node_group_id=group.id, load={}, address=body.address or client_ip))
    if not NodeTokenRepository(session, scope).consume(token, now):
        raise Unauthenticated("invalid, used or expired enrollment token")
    credential = new_token(CREDENTIAL_PREFIX)
    node.credential_hash = digest(credential)
    node.enrolled_at = now
    node.hostname = body.hostname
    node.agent_version = body.agent_version
    node.nginx_version = body.nginx_version
    session.flush()
    audit.record(
        session,
        None,
        "node.node.register",
        "node",
        node.id,
        after=node,
        oem_id=node.oem_id,
        actor_name=f"node:{node.name}",
        client_ip=client_ip,
        extra={"token_id": token.id},
    )
    return RegisterRead(
        node_id=node.id,
        name=node.name,
        node_group_id=node.node_group_id,
        credential=credential,
        heartbeat_seconds=HEARTBEAT_SECONDS,
    )


def current_version(session: Session, node: AgentNode) -> int:
    return config_version(session, node.oem_id)


def build_config(session: Session, agent: AgentNode, version: int, secret_key: str) -> AgentConfigRead:
    """The snapshot of the node's group at `version` (domains by the guard module), plus the
    group's node ACL. `version` is read before the content, so the content is never older than
    its label. `secret_key` opens the sealed TLS keys."""
    node = NodeRepository(session, TenantScope.of(agent.oem_id)).get(agent.id)
    if node is None or node.credential_hash is None:
        raise Unauthenticated("the node was deleted")
    group = session.get(NodeGroup, node.node_group_id)
    snapshot = build_node_snapshot(session, node.node_group_id, version, secret_key=secret_key)
    acl: list[SnapshotAclRule] = []
    if group is not None and group.acl_policy_id is not None:
        rules = AclRuleRepository(session, TenantScope.of(agent.oem_id)).in_evaluation_order(
            group.acl_policy_id
        )
        acl = [SnapshotAclRule(action=r.action, cidr=r.cidr) for r in rules]
    snapshot = snapshot.model_copy(update={"node_acl": acl})
    return AgentConfigRead(version=version, changed=True, snapshot=snapshot.model_dump(mode="json"))


def heartbeat(session: Session, agent: AgentNode, body: HeartbeatIn) -> HeartbeatRead:
    node = NodeRepository(session, TenantScope.of(agent.oem_id)).get(agent.id)
    if node is None:
        raise Unauthenticated("the node was deleted")
    now = utcnow()
    node.last_seen_at = now
    node.applied_version = body.applied_version
    node.last_error = body.last_error or None
    node.agent_version = body.agent_version or node.agent_version
    node.nginx_version = body.nginx_version or node.nginx_version
    node.hostname = body.hostname or node.hostname
    node.load = dict(body.load)
    node.logs_dropped = body.logs_dropped
    session.flush()
    return HeartbeatRead(
        node_id=node.id,
        status=node.status(now),
        config_version=current_version(session, agent),
        heartbeat_seconds=HEARTBEAT_SECONDS,
    )


def ingest_logs(session: Session, store: EventStore, agent: AgentNode, body: LogBatchIn) -> LogBatchRead:
    """Idempotent by (node, batch_id): the marker and the data commit in one transaction; a
    concurrent duplicate on another replica fails on the unique key and the agent retries."""
    batches = LogBatchRepository(session, TenantScope.platform())
    if batches.seen(agent.id, body.batch_id):
        return LogBatchRead(batch_id=body.batch_id, duplicate=True, events=0, counters=0)
    now = utcnow()
    batches.add(
        NodeLogBatch(
            node_id=agent.id,
            batch_id=body.batch_id,
            events=len(body.events),
            counters=len(body.counters),
            received_at=now,
        )
    )
    events = store.ingest_events(
        [
            AttackEventIn(oem_id=agent.oem_id, node_id=agent.id, node_name=agent.name, **e.model_dump())
            for e in body.events
        ]
    )
    counters = store.ingest_counters(
        [TrafficCounterIn(oem_id=agent.oem_id, node_id=agent.id, **c.model_dump()) for c in body.counters]
    )
    batches.forget_before(agent.id, now - BATCH_ID_RETENTION)
    return LogBatchRead(batch_id=body.batch_id, duplicate=False, events=events, counters=counters)
