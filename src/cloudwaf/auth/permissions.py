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
    description: str  # English
    description_zh: str

    def describe(self, lang: str) -> str:
        """The description in `lang` ("zh" or "en", as `cloudwaf.errors.i18n.language_of` picks it)."""
        return self.description_zh if lang == "zh" else self.description


def _crud(
    module: str, resource: str, label: str, label_zh: str, *extra: tuple[str, str, str]
) -> list[Permission]:
    perms = [
        Permission(f"{module}.{resource}.read", module, f"View {label}", f"查看{label_zh}"),
        Permission(f"{module}.{resource}.write", module, f"Create, change and delete {label}",
                   f"创建、修改和删除{label_zh}"),
    ]
    perms += [Permission(f"{module}.{resource}.{action}", module, en, zh) for action, en, zh in extra]
    return perms


CATALOGUE: tuple[Permission, ...] = tuple(
    _crud("sys", "user", "users", "用户", ("unlock", "Unlock locked users", "解锁被锁定的用户"))
    + _crud("sys", "role", "roles", "角色")
    + _crud("sys", "apikey", "API keys", "API 密钥")
    + _crud("sys", "oem", "OEM tenants", "OEM 租户")
    + _crud("sys", "setting", "settings", "系统设置")
    + _crud("sys", "plan", "plans", "套餐")
    + _crud("sys", "order", "orders", "订单")
    + _crud("sys", "announcement", "announcements", "公告")
    + _crud("sys", "session", "login sessions", "登录会话")
    + [Permission("sys.audit.read", "sys", "View the audit log", "查看审计日志")]
    + [
        Permission("sys.profile.read", "sys", "View one's own profile, branding and permissions",
                   "查看本人资料、品牌与权限"),
        Permission("sys.profile.write", "sys", "Change one's own password and log out",
                   "修改本人密码并退出登录"),
    ]
    + _crud("guard", "domain", "protected domains", "防护域名")
    + _crud("guard", "cert", "certificates", "证书")
    + _crud("guard", "policy", "policies and exclusions", "防护策略与排除规则")
    + [Permission("guard.rulegroup.read", "guard", "View WAF rule groups", "查看 WAF 规则组")]
    + _crud("guard", "forward", "forward rules", "转发规则")
    + _crud("guard", "schedule", "schedules", "生效时间表")
    + _crud("guard", "cc", "CC rules", "CC 规则")
    + _crud("guard", "acl", "ACL rules", "ACL 规则")
    + _crud("guard", "ipset", "IP sets", "IP 集合")
    + _crud("node", "node", "WAF nodes", "WAF 节点")
    + _crud("node", "group", "node groups", "节点组")
    + _crud("node", "token", "enrollment tokens", "节点注册令牌")
    + _crud("node", "ip", "node IPs", "节点 IP")
    + _crud("node", "acl", "node ACL policies", "节点 ACL 策略")
    + [
        Permission("chart.query.read", "chart", "Query analytics", "查询统计分析"),
        Permission("chart.event.read", "chart", "Search attack events", "检索攻击事件"),
        Permission("chart.export.read", "chart", "Export analytics and events", "导出统计与事件"),
    ]
    + _crud("alert", "task", "alert tasks", "告警任务")
    + [Permission("alert.record.read", "alert", "View alert records", "查看告警记录")]
    + _crud("alert", "contact", "alert contacts", "告警联系人")
    + _crud("alert", "config", "alert configs", "告警配置")
    + _crud("zdns", "domain", "DNS domains and records", "DNS 域名与解析记录")
    + [Permission("zdns.operation.read", "zdns", "View DNS operations", "查看 DNS 操作记录")]
    + _crud("notify", "channel", "notification channels", "通知渠道")
    + _crud("notify", "template", "notification templates", "通知模板")
    + _crud("report", "task", "report tasks", "报表任务")
    + [Permission("report.record.read", "report", "View and download reports", "查看和下载报表")]
    + _crud("assistant", "session", "AI assistant sessions", "AI 助手会话")
    + _crud("assistant", "kb", "knowledge bases", "知识库")
    + _crud("assistant", "tool", "MCP tools", "MCP 工具")
    + _crud("assistant", "config", "AI configs", "AI 配置")
    + [Permission("geoip.lookup.read", "geoip", "Look up IP geolocation", "查询 IP 地理位置")]
    + _crud("channel", "onboard", "partner onboarding links", "渠道接入链接")
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
