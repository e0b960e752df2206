"""Domains: the protected hostnames."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from cloudwaf.auth.principal import Principal
from cloudwaf.errors import BadRequest, Conflict
from cloudwaf.guard.domains.repository import DomainRepository
from cloudwaf.guard.domains.schemas import DomainCreate, DomainRead, DomainUpdate, Origin, check_shape
from cloudwaf.guard.errors import (
    DomainExists,
    DomainHasActiveNodes,
    DomainNotFound,
    NodeGroupNotFound,
    PolicyNotFound,
)
from cloudwaf.guard.policies.repository import PolicyRepository
from cloudwaf.guard.validators import hostname, hostname_display
from cloudwaf.guard.versioning import check_version
from cloudwaf.guard.writes import written
from cloudwaf.kit.pagination import PageParams
from cloudwaf.kit.repository import TenantScope
from cloudwaf.models import Domain


def to_read(domain: Domain, cert_ids: list[int] | None = None) -> DomainRead:
    return DomainRead(
        id=domain.id,
        name=hostname_display(domain.name),
        name_ascii=domain.name,
        http_ports=domain.http_ports,
        https_ports=domain.https_ports,
        redirect_https=domain.redirect_https,
        hsts=domain.hsts,
        hsts_max_age=domain.hsts_max_age,
        origins=[Origin(**o) for o in domain.origins],
        policy_id=domain.policy_id,
        node_group_id=domain.node_group_id,
        enabled=domain.enabled,
        cert_ids=cert_ids or [],
        version=domain.version,
        created_at=domain.created_at,
        updated_at=domain.updated_at,
    )


def read_domains(session: Session, principal: Principal, domains: Sequence[Domain]) -> list[DomainRead]:
    certs = DomainRepository(session, principal.scope).cert_ids([d.id for d in domains])
    return [to_read(d, certs.get(d.id)) for d in domains]


def list_domains(
    session: Session,
    principal: Principal,
    paging: PageParams,
    *,
    keyword: str | None,
    enabled: bool | None,
    policy_id: int | None,
    node_group_id: int | None,
    sort: str | None,
) -> tuple[list[DomainRead], int]:
    repo = DomainRepository(session, principal.scope)
    if keyword and not keyword.isascii():
        keyword = _ascii_keyword(keyword)
    items, total = repo.page(
        paging, keyword=keyword, enabled=enabled, policy_id=policy_id, node_group_id=node_group_id, sort=sort
    )
    return read_domains(session, principal, items), total


def _ascii_keyword(keyword: str) -> str:
    # Names are stored as punycode: search for what a Unicode keyword looks like there.
    try:
        return hostname(keyword)
    except ValueError:
        return keyword


def get_domain(session: Session, principal: Principal, domain_id: int) -> Domain:
    domain = DomainRepository(session, principal.scope).get(domain_id)
    if domain is None:
        raise DomainNotFound()
    return domain


def _resolve_policy(session: Session, principal: Principal, policy_id: int | None) -> int:
    repo = PolicyRepository(session, principal.scope)
    policy = repo.default() if policy_id is None else repo.get(policy_id)
    if policy is None:
        raise PolicyNotFound("the OEM has no default policy" if policy_id is None else None)
    return policy.id


def _resolve_group(repo: DomainRepository, node_group_id: int | None) -> int:
    group = repo.node_group(node_group_id)
    if group is None:
        raise NodeGroupNotFound("the OEM has no default node group" if node_group_id is None else None)
    return group.id


def _check_ports(
    repo: DomainRepository,
    node_group_id: int,
    http_ports: list[int],
    https_ports: list[int],
    domain_id: int | None,
) -> None:
    """Nodes of a group listen on the union of their domains' ports: one port cannot be plain
    HTTP for one domain and TLS for another."""
    plain, tls = set(http_ports), set(https_ports)
    for other_id, name, other_http, other_https in repo.ports_in_group(node_group_id):
        if other_id == domain_id:
            continue
        clash = (plain & set(other_https)) | (tls & set(other_http))
        if clash:
            raise Conflict(
                f"port {min(clash)} is used the other way (http/https) by {name} in the same node group"
            )


def create_domain(session: Session, principal: Principal, data: DomainCreate) -> Domain:
    repo = DomainRepository(session, principal.scope)
    if repo.by_name(data.name):
        raise DomainExists()
    node_group_id = _resolve_group(repo, data.node_group_id)
    _check_ports(repo, node_group_id, data.http_ports, data.https_ports, None)
    domain = Domain(
        name=data.name,
        http_ports=data.http_ports,
        https_ports=data.https_ports,
        redirect_https=data.redirect_https,
        hsts=data.hsts,
        hsts_max_age=data.hsts_max_age,
        origins=[o.model_dump() for o in data.origins],
        policy_id=_resolve_policy(session, principal, data.policy_id),
        node_group_id=node_group_id,
        enabled=data.enabled,
    )
    repo.add_unique(domain, DomainExists)
    written(session, principal, "guard.domain.create", "domain", domain.id, after=to_read(domain))
    return domain


def update_domain(
    session: Session, principal: Principal, domain: Domain, data: DomainUpdate, expected: int | None
) -> Domain:
    check_version(domain.version, expected)
    repo = DomainRepository(session, principal.scope)
    before = to_read(domain)
    changes = {
        k: v for k, v in data.model_dump(exclude_unset=True, exclude={"version"}).items() if v is not None
    }
    if "name" in changes and changes["name"] != domain.name and repo.by_name(changes["name"]):
        raise DomainExists()
    if "policy_id" in changes:
        changes["policy_id"] = _resolve_policy(session, principal, changes["policy_id"])
    if "node_group_id" in changes:
        changes["node_group_id"] = _resolve_group(repo, changes["node_group_id"])
    origins = data.origins if data.origins is not None else [Origin(**o) for o in domain.origins]
    merged = {
        **{
            k: getattr(domain, k)
            for k in ("http_ports", "https_ports", "redirect_https", "hsts", "node_group_id")
        },
        **changes,
    }
    try:
        check_shape(
            merged["http_ports"], merged["https_ports"], merged["redirect_https"], merged["hsts"], origins
        )
    except ValueError as exc:
        raise BadRequest(str(exc)) from exc
    if changes.keys() & {"http_ports", "https_ports", "node_group_id"}:
        _check_ports(repo, merged["node_group_id"], merged["http_ports"], merged["https_ports"], domain.id)
    if "origins" in changes:
        changes["origins"] = [o.model_dump() for o in origins]
    for key, value in changes.items():
        setattr(domain, key, value)
    repo.save(domain, DomainExists)
    written(
        session, principal, "guard.domain.update", "domain", domain.id, before=before, after=to_read(domain)
    )
    return domain


def has_active_nodes(session: Session, domain: Domain) -> bool:
    """Whether the domain runs on nodes right now: it is enabled and its node group has at least
    one enrolled node (an enrolled node keeps serving its last config even while offline)."""
    if not domain.enabled:
        return False
    return DomainRepository(session, TenantScope.of(domain.oem_id)).has_enrolled_nodes(domain.node_group_id)


def delete_domain(session: Session, principal: Principal, domain: Domain, expected: int | None) -> None:
    check_version(domain.version, expected)
    if has_active_nodes(session, domain):
        raise DomainHasActiveNodes("disable the domain first, then delete it")
    repo = DomainRepository(session, principal.scope)
    before = to_read(domain)
    repo.delete(domain)  # forwards, CC and ACL rules, certificate bindings go with it (ON DELETE CASCADE)
    written(session, principal, "guard.domain.delete", "domain", before.id, before=before)
