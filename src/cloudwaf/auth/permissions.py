"""The catalogue of leaf permission keys `<module>.<resource>.<action>`.

Roles hold subsets of these keys; API-key scopes are subsets of the owner's keys, compared by exact
string equality (`guard.*` matches nothing). Every route declares one key (see `require`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Permission:
    key: str
    module: str
    description: str


def _crud(module: str, resource: str, label: str, *extra: tuple[str, str]) -> list[Permission]:
    perms = [
        Permission(f"{module}.{resource}.read", module, f"View {label}"),
        Permission(f"{module}.{resource}.write", module, f"Create, change and delete {label}"),
    ]
    perms += [Permission(f"{module}.{resource}.{action}", module, text) for action, text in extra]
    return perms


CATALOGUE: tuple[Permission, ...] = tuple(
    _crud("sys", "user", "users", ("unlock", "Unlock locked users"))
    + _crud("sys", "role", "roles")
    + _crud("sys", "apikey", "API keys")
    + _crud("sys", "oem", "OEM tenants")
    + _crud("sys", "setting", "settings")
    + _crud("sys", "plan", "plans")
    + _crud("sys", "order", "orders")
    + _crud("sys", "announcement", "announcements")
    + _crud("sys", "session", "login sessions")
    + [Permission("sys.audit.read", "sys", "View the audit log")]
    + [
        Permission("sys.profile.read", "sys", "View one's own profile, branding and permissions"),
        Permission("sys.profile.write", "sys", "Change one's own password and log out"),
    ]
    + _crud("guard", "domain", "protected domains")
    + _crud("guard", "cert", "certificates")
    + _crud("guard", "policy", "policies and exclusions")
    + [Permission("guard.rulegroup.read", "guard", "View WAF rule groups")]
    + _crud("guard", "forward", "forward rules")
    + _crud("guard", "schedule", "schedules")
    + _crud("guard", "cc", "CC rules")
    + _crud("guard", "acl", "ACL rules")
    + _crud("guard", "ipset", "IP sets")
    + _crud("node", "node", "WAF nodes")
    + _crud("node", "group", "node groups")
    + _crud("node", "token", "enrollment tokens")
    + _crud("node", "ip", "node IPs")
    + _crud("node", "acl", "node ACL policies")
    + [
        Permission("chart.query.read", "chart", "Query analytics"),
        Permission("chart.event.read", "chart", "Search attack events"),
        Permission("chart.export.read", "chart", "Export analytics and events"),
    ]
    + _crud("alert", "task", "alert tasks")
    + [Permission("alert.record.read", "alert", "View alert records")]
    + _crud("alert", "contact", "alert contacts")
    + _crud("alert", "config", "alert configs")
    + _crud("zdns", "domain", "DNS domains and records")
    + [Permission("zdns.operation.read", "zdns", "View DNS operations")]
    + _crud("notify", "channel", "notification channels")
    + _crud("notify", "template", "notification templates")
    + _crud("report", "task", "report tasks")
    + [Permission("report.record.read", "report", "View and download reports")]
    + _crud("assistant", "session", "AI assistant sessions")
    + _crud("assistant", "kb", "knowledge bases")
    + _crud("assistant", "tool", "MCP tools")
    + _crud("assistant", "config", "AI configs")
    + [Permission("geoip.lookup.read", "geoip", "Look up IP geolocation")]
    + _crud("channel", "onboard", "partner onboarding links")
)

ALL_KEYS: frozenset[str] = frozenset(p.key for p in CATALOGUE)

# Keys only the platform super-admin may hold: they act across OEMs.
PLATFORM_ONLY_KEYS: frozenset[str] = frozenset({
    "sys.oem.write", "sys.plan.write",
})

READ_KEYS: frozenset[str] = frozenset(k for k in ALL_KEYS if k.endswith(".read"))

# Held by every signed-in user whatever the role: about oneself only (me, logout, own password).
# They are real keys (not an exemption) so that every route still declares one, and an API key
# gets them only when its scopes list them.
IMPLICIT_KEYS: frozenset[str] = frozenset({"sys.profile.read", "sys.profile.write"})


def catalogue_by_module() -> dict[str, list[Permission]]:
    """The catalogue grouped by module, in declaration order (GET sys/permissions)."""
    grouped: dict[str, list[Permission]] = {}
    for perm in CATALOGUE:
        grouped.setdefault(perm.module, []).append(perm)
    return grouped

# Built-in roles, created for every OEM.
BUILTIN_ROLES: dict[str, tuple[str, str, frozenset[str]]] = {
    "super_admin": ("Platform super-admin", "Administers the whole platform", ALL_KEYS),
    "oem_admin": ("OEM admin", "Administers one OEM", ALL_KEYS - PLATFORM_ONLY_KEYS - {"sys.oem.read"}),
    "operator": (
        "Operator",
        "Runs day-to-day protection",
        frozenset(k for k in ALL_KEYS if k.split(".")[0] in {"guard", "node", "chart", "alert", "report",
                                                             "notify", "zdns", "geoip", "assistant"})
        | frozenset({"sys.apikey.read", "sys.apikey.write"}),
    ),
    "auditor": ("Read-only auditor", "Sees everything in the OEM, changes nothing",
                READ_KEYS - {"sys.oem.read"}),
}
