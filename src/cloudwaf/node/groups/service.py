from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from cloudwaf.auth import Principal
from cloudwaf.errors import Conflict, Forbidden
from cloudwaf.guard.config_version import bump as bump_config_version
from cloudwaf.kit.pagination import Page, PageParams
from cloudwaf.models import NodeGroup
from cloudwaf.node.acl_policies.repository import AclPolicyRepository
from cloudwaf.node.errors import AclPolicyNotFound, NodeGroupNameExists, NodeGroupNotFound
from cloudwaf.node.groups.repository import NodeGroupRepository
from cloudwaf.node.groups.schemas import NodeGroupCreate, NodeGroupRead, NodeGroupUpdate
from cloudwaf.system.audit import service as audit


def _reads(repo: NodeGroupRepository, groups: Sequence[NodeGroup]) -> list[NodeGroupRead]:
    counts = repo.node_counts([g.id for g in groups])
    return [
        NodeGroupRead.model_validate(g).model_copy(update={"node_count": counts.get(g.id, 0)}) for g in groups
    ]


def to_read(session: Session, principal: Principal, group: NodeGroup) -> NodeGroupRead:
    return _reads(NodeGroupRepository(session, principal.scope), [group])[0]


def list_groups(
    session: Session,
    principal: Principal,
    paging: PageParams,
    *,
    keyword: str | None,
    sort: str | None,
    acl_policy_id: int | None,
) -> Page[NodeGroupRead]:
    repo = NodeGroupRepository(session, principal.scope)
    items, total = repo.search(paging, keyword=keyword, sort=sort, acl_policy_id=acl_policy_id)
    return Page(items=_reads(repo, items), total=total, page=paging.page, page_size=paging.page_size)


def resolve_group(session: Session, principal: Principal, group_id: int | None) -> NodeGroup:
    """The group a node goes to: the given one (3005 if not in the caller's OEM) or the default."""
    repo = NodeGroupRepository(session, principal.scope)
    group = repo.get(group_id) if group_id is not None else repo.default_group()
    if group is None:
        raise NodeGroupNotFound()
    return group


def _check_policy(session: Session, principal: Principal, policy_id: int | None) -> None:
    if policy_id is not None and AclPolicyRepository(session, principal.scope).get(policy_id) is None:
        raise AclPolicyNotFound()


def create_group(session: Session, principal: Principal, body: NodeGroupCreate) -> NodeGroup:
    repo = NodeGroupRepository(session, principal.scope)
    if repo.by_name(body.name) is not None:
        raise NodeGroupNameExists()
    _check_policy(session, principal, body.acl_policy_id)
    group = repo.add(
        NodeGroup(
            name=body.name, description=body.description, acl_policy_id=body.acl_policy_id, is_default=False
        )
    )
    audit.record(session, principal, "node.group.create", "node_group", group.id, after=group)
    return group


def update_group(
    session: Session, principal: Principal, group: NodeGroup, body: NodeGroupUpdate
) -> NodeGroup:
    repo = NodeGroupRepository(session, principal.scope)
    before = audit.snapshot(group)
    changes = body.model_dump(exclude_unset=True)
    if changes.get("name") is None:
        changes.pop("name", None)
    if changes.get("description") is None:
        changes.pop("description", None)
    if "name" in changes and changes["name"] != group.name and repo.by_name(changes["name"]) is not None:
        raise NodeGroupNameExists()
    if "acl_policy_id" in changes:
        _check_policy(session, principal, changes["acl_policy_id"])
    for field, value in changes.items():
        setattr(group, field, value)
    session.flush()
    if "acl_policy_id" in changes and changes["acl_policy_id"] != before["acl_policy_id"]:
        bump_config_version(session, group.oem_id)
    audit.record(session, principal, "node.group.update", "node_group", group.id, before=before, after=group)
    return group


def delete_group(session: Session, principal: Principal, group: NodeGroup) -> None:
    """The default group stays, and so does a group that runs domains; nodes of a deleted group
    fall back to the default group."""
    if group.is_default:
        raise Forbidden("the default node group cannot be deleted")
    repo = NodeGroupRepository(session, principal.scope)
    if repo.runs_domains(group.id):
        # Moving domains would silently change where sites are served: the operator decides.
        raise Conflict("domains still run on this node group; move them to another group first")
    default = repo.default_group()
    if default is None:  # pragma: no cover - every OEM is seeded with one
        raise NodeGroupNotFound("this OEM has no default node group")
    before = audit.snapshot(group)
    repo.move_nodes(group.id, default.id)
    repo.delete(group)
    bump_config_version(session, group.oem_id)
    audit.record(session, principal, "node.group.delete", "node_group", before["id"], before=before)
