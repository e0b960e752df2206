"""Snapshot builders for the e2e tests."""

from __future__ import annotations

from typing import Any

from cloudwaf.dataplane.snapshot import (
    Branding,
    DomainSnapshot,
    Forward,
    NodeSnapshot,
    PolicySnapshot,
    UpstreamServer,
)

_version = iter(range(1, 1_000_000))


def domain(
    node, origins, *, domain_id: int = 1, name: str = "shop.example", **overrides: Any
) -> DomainSnapshot:
    policy = overrides.pop("policy", None) or PolicySnapshot(id=domain_id)
    forwards = overrides.pop("forwards", None) or [
        Forward(path_prefix="/", servers=[UpstreamServer(host="127.0.0.1", port=origins["main"].port)])
    ]
    return DomainSnapshot(
        id=domain_id, oem_id=7, name=name, http_ports=[node.http_port], policy=policy, forwards=forwards,
        **overrides,
    )  # fmt: skip


def snapshot(*domains: DomainSnapshot, **overrides: Any) -> NodeSnapshot:
    return NodeSnapshot(
        version=next(_version),
        domains=list(domains),
        branding={7: Branding(name="Acme Shield")},
        **overrides,
    )
