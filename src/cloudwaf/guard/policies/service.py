"""Policies: how ModSecurity + CRS judge a domain's traffic."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from cloudwaf.auth.principal import Principal
from cloudwaf.guard.errors import PolicyInUse, PolicyNameExists, PolicyNotFound
from cloudwaf.guard.policies.repository import PolicyRepository
from cloudwaf.guard.policies.schemas import PolicyCreate, PolicyRead, PolicyUpdate
from cloudwaf.guard.rule_groups.service import catalogue, check_ids
from cloudwaf.guard.versioning import check_version
from cloudwaf.guard.writes import written
from cloudwaf.kit.pagination import PageParams
from cloudwaf.kit.repository import TenantScope
from cloudwaf.models import Oem, Policy

DEFAULT_POLICY_NAME = "Default"


def default_rule_groups() -> list[int]:
    # Response-side groups need response body access, which costs every request: opt-in.
    return [group.id for group in catalogue() if group.phase == "request"]


def to_read(policy: Policy, domain_count: int = 0) -> PolicyRead:
    read = PolicyRead.model_validate(policy)
    read.domain_count = domain_count
    return read


def list_policies(
    session: Session,
    principal: Principal,
    paging: PageParams,
    *,
    keyword: str | None,
    mode: str | None,
    sort: str | None,
) -> tuple[list[PolicyRead], int]:
    repo = PolicyRepository(session, principal.scope)
    items, total = repo.page(paging, keyword=keyword, mode=mode, sort=sort)
    counts = repo.domain_counts([p.id for p in items])
    return [to_read(p, counts.get(p.id, 0)) for p in items], total


def get_policy(session: Session, principal: Principal, policy_id: int) -> Policy:
    policy = PolicyRepository(session, principal.scope).get(policy_id)
    if policy is None:
        raise PolicyNotFound()
    return policy


def read_policy(session: Session, principal: Principal, policy: Policy) -> PolicyRead:
    repo = PolicyRepository(session, principal.scope)
    return to_read(policy, repo.domain_counts([policy.id]).get(policy.id, 0))


def create_policy(session: Session, principal: Principal, data: PolicyCreate) -> Policy:
    repo = PolicyRepository(session, principal.scope)
    if repo.by_name(data.name):
        raise PolicyNameExists()
    values = data.model_dump(mode="json")
    values["rule_groups"] = default_rule_groups() if data.rule_groups is None else check_ids(data.rule_groups)
    policy = repo.add_unique(Policy(**values), PolicyNameExists)
    written(session, principal, "guard.policy.create", "policy", policy.id, after=to_read(policy))
    return policy


def update_policy(
    session: Session, principal: Principal, policy: Policy, data: PolicyUpdate, expected: int | None
) -> Policy:
    check_version(policy.version, expected)
    repo = PolicyRepository(session, principal.scope)
    before = to_read(policy)
    changes = data.model_dump(mode="json", exclude_unset=True, exclude={"version"})
    changes = {k: v for k, v in changes.items() if v is not None}
    if "name" in changes and changes["name"] != policy.name and repo.by_name(changes["name"]):
        raise PolicyNameExists()
    if "rule_groups" in changes:
        changes["rule_groups"] = check_ids(changes["rule_groups"])
    for key, value in changes.items():
        setattr(policy, key, value)
    repo.save(policy, PolicyNameExists)
    written(
        session, principal, "guard.policy.update", "policy", policy.id, before=before, after=to_read(policy)
    )
    return policy


def delete_policy(session: Session, principal: Principal, policy: Policy, expected: int | None) -> None:
    check_version(policy.version, expected)
    repo = PolicyRepository(session, principal.scope)
    if policy.is_default:
        raise PolicyInUse("the OEM's default policy protects new domains and cannot be deleted")
    used = repo.domain_counts([policy.id]).get(policy.id, 0)
    if used:
        raise PolicyInUse(f"used by {used} domain(s)")
    before = to_read(policy)
    repo.delete(policy)
    written(session, principal, "guard.policy.delete", "policy", before.id, before=before)


def seed_default_policy(session: Session, oem: Oem) -> Policy:
    """Every OEM starts with a default policy: block mode, paranoia 1, CRS default thresholds."""
    repo = PolicyRepository(session, TenantScope.of(oem.id))
    existing = repo.default()
    if existing is not None:
        return existing
    name = (
        DEFAULT_POLICY_NAME
        if repo.by_name(DEFAULT_POLICY_NAME) is None
        else f"{DEFAULT_POLICY_NAME} ({oem.id})"
    )
    data = PolicyCreate(name=name, description="Sensible defaults: block at CRS paranoia level 1")
    values = data.model_dump(mode="json")
    values.update(rule_groups=default_rule_groups(), is_default=True)
    return repo.add(Policy(**values))


def policies_by_id(session: Session, scope: TenantScope, ids: Sequence[int]) -> dict[int, Policy]:
    repo = PolicyRepository(session, scope)
    return {p.id: p for p in repo.list(Policy.id.in_(list(ids)))} if ids else {}
