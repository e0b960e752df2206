from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from cloudwaf.kit.repository import TenantScope


class AuthVia(StrEnum):
    session = "session"
    api_key = "api_key"


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling, for which OEM, holding which keys. Built once per request."""

    user_id: int
    username: str
    oem_id: int
    permissions: frozenset[str]
    via: AuthVia = AuthVia.session
    is_platform_admin: bool = False
    session_id: int | None = None
    api_key_id: int | None = None
    api_key_scopes: frozenset[str] | None = None
    client_ip: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def scope(self) -> TenantScope:
        """Tenant scope for repositories: always the caller's own OEM."""
        return TenantScope.of(self.oem_id)

    def holds(self, key: str) -> bool:
        return key in self.permissions
