"""Assembles what one node group must enforce, as the data plane's `NodeSnapshot`.

Everything comes from the node group's OEM only. Per domain: its policy, forwards (the domain's
origins as '/', then the forward rules, longest prefix first), the best usable bound certificate
with its decrypted key, ACL rules (the domain's and the OEM-wide ones, allow before deny before
log, then by priority), CC rules, schedules; per snapshot: the IP sets those ACL rules name (with
unexpired entries only) and the OEM's branding.

A domain whose configuration cannot be expressed is left out rather than failing the whole node
group (every other domain keeps being served); the reason is logged."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from pydantic import ValidationError
from sqlalchemy.orm import Session

from cloudwaf.config import get_settings
from cloudwaf.dataplane import snapshot as contract
from cloudwaf.guard.acl_rules.repository import AclRuleRepository
from cloudwaf.guard.cc_rules.repository import CcRuleRepository
from cloudwaf.guard.certs import pem
from cloudwaf.guard.certs.repository import BindingRepository
from cloudwaf.guard.domains.repository import DomainRepository
from cloudwaf.guard.forwards.repository import ForwardRepository
from cloudwaf.guard.ip_sets.repository import IpEntryRepository
from cloudwaf.guard.policies.repository import PolicyRepository
from cloudwaf.guard.rule_groups.service import catalogue_ids
from cloudwaf.guard.schedules.repository import ScheduleRepository
from cloudwaf.kit.repository import TenantScope
from cloudwaf.models import Certificate, Domain, GuardAclRule, NodeGroup, Oem, Policy, ScheduleGroup

log = logging.getLogger("cloudwaf.guard.snapshot")

_ACTION_ORDER = {"allow": 0, "deny": 1, "log": 2}
# Groups the data plane can switch but the guard catalogue does not offer (common exceptions, IP
# reputation, method enforcement, DoS, multipart attacks): they stay on, as the data plane's default.
_ALWAYS_ON_GROUPS = frozenset(contract.DEFAULT_RULE_GROUPS) - {str(g) for g in catalogue_ids()}


def build_node_snapshot(
    session: Session, node_group_id: int, version: int, *, secret_key: str | None = None
) -> contract.NodeSnapshot:
    """The snapshot of `version` for the nodes of `node_group_id` (an unknown group gets an empty
    one). `secret_key` opens the sealed private keys; it defaults to the server's settings."""
    group = session.get(NodeGroup, node_group_id)
    if group is None:
        return contract.NodeSnapshot(version=version)
    scope = TenantScope.of(group.oem_id)
    now = datetime.now(UTC)
    secret = secret_key if secret_key is not None else get_settings().secret_key
    domains = DomainRepository(session, scope).in_group(node_group_id, enabled_only=True)
    domain_ids = [d.id for d in domains]
    policies = (
        {
            p.id: p
            for p in PolicyRepository(session, scope).list(Policy.id.in_({d.policy_id for d in domains}))
        }
        if domains
        else {}
    )
    certs = _certs_by_domain(BindingRepository(session, scope).certs_of(domain_ids), now)
    forwards: dict[int, list[contract.Forward]] = {}
    for rule in ForwardRepository(session, scope).for_domains(domain_ids):
        forwards.setdefault(rule.domain_id, []).append(
            contract.Forward(
                path_prefix=rule.path_prefix,
                servers=rule.servers,
                scheme=rule.scheme,
                lb=rule.lb,
                host_header=rule.host_header,
                connect_timeout=rule.connect_timeout,
                read_timeout=rule.read_timeout,
                max_fails=rule.max_fails,
                fail_timeout=rule.fail_timeout,
            )
        )
    acl_rows = AclRuleRepository(session, scope).for_domains(domain_ids) if domains else []
    cc_rows = CcRuleRepository(session, scope).for_domains(domain_ids)
    schedule_ids = {r.schedule_id for r in [*acl_rows, *cc_rows] if r.schedule_id is not None}
    schedules = _schedules(
        ScheduleRepository(session, scope).list(ScheduleGroup.id.in_(schedule_ids)) if schedule_ids else []
    )
    acl_by_domain = _acl_by_domain(acl_rows, domain_ids, schedules)
    cc_by_domain: dict[int, list[contract.CcRule]] = {}
    for rule in cc_rows:
        cc_by_domain.setdefault(rule.domain_id, []).append(
            contract.CcRule(
                id=rule.id,
                path=rule.path,
                path_regex=rule.path_regex,
                methods=rule.methods,
                key=rule.key,
                limit=rule.limit,
                window_seconds=rule.window_seconds,
                action=rule.action,
                ban_seconds=rule.ban_seconds,
                schedule=schedules.get(rule.schedule_id) if rule.schedule_id else None,
            )
        )
    built = []
    for domain in domains:
        try:
            built.append(
                _domain(
                    domain,
                    policies[domain.policy_id],
                    certs.get(domain.id),
                    secret,
                    forwards.get(domain.id, []),
                    acl_by_domain.get(domain.id, []),
                    cc_by_domain.get(domain.id, []),
                )
            )
        except (ValidationError, ValueError) as exc:
            log.error(
                "domain %s (%s) left out of the snapshot of group %s: %s",
                domain.id,
                domain.name,
                node_group_id,
                exc,
            )
    referenced = {
        int(v)
        for d in built
        for r in d.acl_rules
        for c in r.conditions
        if c.field == "ip_set"
        for v in (c.value if isinstance(c.value, list) else [c.value])
    }
    entries = IpEntryRepository(session, scope)
    ip_sets = {
        set_id: [ip for ip, _, _ in entries.stream(set_id, unexpired_at=now)] for set_id in sorted(referenced)
    }
    return contract.NodeSnapshot(
        version=version, domains=built, ip_sets=ip_sets, branding=_branding(session.get(Oem, group.oem_id))
    )


def _certs_by_domain(bindings: Sequence[tuple[int, Certificate]], now: datetime) -> dict[int, Certificate]:
    """Per domain, the usable certificate that lasts longest (valid now)."""
    best: dict[int, Certificate] = {}
    for domain_id, cert in bindings:
        if not cert.not_before <= now <= cert.not_after:
            continue
        current = best.get(domain_id)
        if current is None or cert.not_after > current.not_after:
            best[domain_id] = cert
    return best


def _schedules(rows: Sequence[ScheduleGroup]) -> dict[int, contract.Schedule | None]:
    # The built-in "always" schedule restricts nothing: rules naming it are simply unscheduled.
    return {
        s.id: None if s.builtin else contract.Schedule(timezone=s.timezone, windows=s.windows) for s in rows
    }


def _acl_by_domain(
    rows: Sequence[GuardAclRule], domain_ids: list[int], schedules: dict[int, contract.Schedule | None]
) -> dict[int, list[contract.AclRule]]:
    out: dict[int, list[contract.AclRule]] = {d: [] for d in domain_ids}
    for row in rows:
        rule = contract.AclRule(
            id=row.id,
            priority=row.priority,
            action=row.action,
            conditions=row.conditions,
            schedule=schedules.get(row.schedule_id) if row.schedule_id else None,
        )
        for domain_id in [row.domain_id] if row.domain_id is not None else domain_ids:
            if domain_id in out:
                out[domain_id].append(rule)
    for rules in out.values():
        rules.sort(key=lambda r: (_ACTION_ORDER[r.action], r.priority, r.id))
    return out


def _policy(policy: Policy) -> contract.PolicySnapshot:
    return contract.PolicySnapshot(
        id=policy.id,
        mode=policy.mode,
        paranoia_level=policy.paranoia_level,
        inbound_threshold=policy.inbound_threshold,
        outbound_threshold=policy.outbound_threshold,
        rule_groups=sorted({str(g) for g in policy.rule_groups} | _ALWAYS_ON_GROUPS),
        exclusions=policy.exclusions,
        app_exclusions=sorted(set(policy.app_exclusions or [])),
        request_body_limit=policy.request_body_limit,
        allowed_methods=policy.allowed_methods,
        allowed_content_types=policy.allowed_content_types,
        profile=policy.profile,
    )


def _domain(
    domain: Domain,
    policy: Policy,
    cert: Certificate | None,
    secret: str,
    forwards: list[contract.Forward],
    acl_rules: list[contract.AclRule],
    cc_rules: list[contract.CcRule],
) -> contract.DomainSnapshot:
    origins = domain.origins
    default = contract.Forward(
        path_prefix="/",
        scheme=origins[0].get("scheme", "http"),
        servers=[{"host": o["host"], "port": o["port"], "weight": o.get("weight", 1)} for o in origins],
    )
    https_ports, redirect, hsts = domain.https_ports, domain.redirect_https, domain.hsts
    tls = None
    if https_ports and cert is not None:
        tls = contract.Tls(
            cert_pem=cert.cert_pem, key_pem=pem.unseal(secret, cert.oem_id, cert.key_encrypted)
        )
    elif https_ports:
        # No usable certificate bound: serve plain HTTP only until one is.
        log.warning("domain %s (%s) has https ports but no valid bound certificate", domain.id, domain.name)
        https_ports, redirect, hsts = [], False, False
    return contract.DomainSnapshot(
        id=domain.id,
        oem_id=domain.oem_id,
        name=domain.name,
        http_ports=domain.http_ports,
        https_ports=https_ports,
        redirect_https=redirect,
        hsts=hsts,
        hsts_max_age=domain.hsts_max_age,
        tls=tls,
        policy=_policy(policy),
        forwards=[default, *sorted(forwards, key=lambda f: len(f.path_prefix), reverse=True)],
        acl_rules=acl_rules,
        cc_rules=cc_rules,
    )


def _branding(oem: Oem | None) -> dict[int, contract.Branding]:
    if oem is None:
        return {}
    logo = f"data:{oem.logo_mime};base64,{oem.logo_data}" if oem.logo_mime and oem.logo_data else None
    try:
        return {oem.id: contract.Branding(name=oem.name[:80], logo_data_url=logo)}
    except ValidationError:
        log.warning("OEM %s logo does not fit the snapshot; branding without logo", oem.id)
        return {oem.id: contract.Branding(name=oem.name[:80])}
