"""The business-code registry: every code of the reference (shared/seed/error-codes.txt).

Nothing else in the code base invents codes; a test walks the reference and this table so the two
can never drift.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ErrorCode:
    code: int
    http_status: int
    module: str
    message_en: str
    message_zh: str

    def message(self, lang: str) -> str:
        return self.message_zh if lang == "zh" else self.message_en


# (code, http status, english, chinese); the module follows from the code range.
_ROWS: tuple[tuple[int, int, str, str], ...] = (
    (400, 400, "Bad request", "请求参数错误"),
    (401, 401, "Unauthenticated", "未认证或认证已失效"),
    (403, 403, "Permission denied", "无权访问"),
    (404, 404, "Resource not found", "资源不存在"),
    (409, 409, "Conflict", "资源冲突"),
    (500, 500, "Internal server error", "服务器内部错误"),
    # sys: users and authentication
    (1001, 404, "User not found", "用户不存在"),
    (1002, 401, "Invalid password", "密码错误"),
    (1003, 403, "User locked", "用户已被锁定"),
    (1004, 400, "Invalid or expired captcha", "验证码错误或已过期"),
    (1005, 401, "Session expired", "会话已过期，请重新登录"),
    (1006, 409, "Username already exists", "用户名已存在"),
    (1007, 404, "Role not found", "角色不存在"),
    (1008, 409, "Role name already exists", "角色名称已存在"),
    (1009, 403, "Cannot delete this role (system built-in or in use)",
     "无法删除该角色（系统内置或仍在使用）"),
    (1010, 400, "Old password incorrect", "原密码错误"),
    (1011, 403, "Permission denied", "权限不足"),
    # sys: settings and OEM
    (1012, 403, "This setting is not modifiable via API (CLI / config file only)",
     "该配置项不能通过 API 修改（仅限命令行或配置文件）"),
    (1020, 404, "OEM not found", "OEM 不存在"),
    (1021, 409, "OEM hostname already exists", "OEM 域名已存在"),
    (1022, 403, "Cannot delete the default OEM", "不能删除默认 OEM"),
    (1023, 400, "Invalid logo file (format / size)", "Logo 文件无效（格式或大小不符）"),
    # sys: orders, plans, announcements
    (1030, 404, "Order not found", "订单不存在"),
    (1031, 400, "Invalid order status transition", "订单状态流转无效"),
    (1032, 404, "Plan not found", "套餐不存在"),
    (1033, 409, "Plan name already exists", "套餐名称已存在"),
    (1040, 404, "Announcement not found", "公告不存在"),
    # sys: API keys
    (1050, 401, "API key invalid, expired or revoked", "API Key 无效、已过期或已吊销"),
    (1051, 404, "API key not found or out of visible scope", "API Key 不存在或不在可见范围内"),
    (1052, 400, "Requested scope exceeds the user's permissions", "申请的权限范围超出用户权限"),
    (1053, 403, "API key scope insufficient for this endpoint", "API Key 权限范围不足以访问该接口"),
    (1054, 400, "expires_in_days exceeds the upper bound of 365", "有效期天数超过上限 365"),
    (1055, 400, "API key name is required", "API Key 名称不能为空"),
    (1056, 403, "Cannot operate on another user's or another OEM's API key",
     "不能操作其他用户或其他 OEM 的 API Key"),
    # guard
    (2001, 404, "Domain not found", "域名不存在"),
    (2002, 409, "Domain already exists", "域名已存在"),
    (2003, 404, "Policy not found", "策略不存在"),
    (2004, 409, "Policy name already exists", "策略名称已存在"),
    (2005, 404, "Certificate not found", "证书不存在"),
    (2006, 409, "Certificate name already exists", "证书名称已存在"),
    (2007, 400, "Invalid certificate PEM", "证书 PEM 无效"),
    (2008, 409, "Certificate already bound to this domain", "证书已绑定到该域名"),
    (2009, 403, "Policy is in use, cannot delete", "策略正在使用中，无法删除"),
    (2010, 403, "Domain has active nodes, cannot delete", "域名仍在活动节点上运行，无法删除"),
    (2011, 404, "IP set not found", "IP 集合不存在"),
    (2012, 409, "IP set name already exists", "IP 集合名称已存在"),
    (2013, 409, "IP already in the set", "IP 已在集合中"),
    (2014, 404, "WAF rule group not found", "WAF 规则组不存在"),
    (2015, 404, "Forward rule not found", "转发规则不存在"),
    (2016, 404, "Schedule group not found", "时间计划组不存在"),
    (2017, 403, "Cannot delete the default schedule", "不能删除默认时间计划"),
    (2018, 404, "CC rule not found", "CC 规则不存在"),
    (2019, 404, "ACL rule not found", "ACL 规则不存在"),
    # node
    (3001, 404, "Node not found", "节点不存在"),
    (3002, 409, "Node name already exists", "节点名称已存在"),
    (3003, 404, "IP address not found", "IP 地址不存在"),
    (3004, 409, "IP address already exists", "IP 地址已存在"),
    (3005, 404, "Node group not found", "节点组不存在"),
    (3006, 409, "Node group name already exists", "节点组名称已存在"),
    (3007, 404, "ACL policy not found", "ACL 策略不存在"),
    (3008, 409, "ACL policy name already exists", "ACL 策略名称已存在"),
    (3009, 404, "ACL rule not found", "ACL 规则不存在"),
    (3010, 403, "ACL policy still has rules, cannot delete", "ACL 策略下仍有规则，无法删除"),
    # chart
    (4001, 500, "Chart query failed", "图表查询失败"),
    (4002, 400, "Invalid time range", "时间范围无效"),
    (4003, 400, "Invalid field", "字段无效"),
    (4004, 500, "Export failed", "导出失败"),
    (4005, 429, "Rate limited", "请求过于频繁"),
    # alert
    (5001, 404, "Alert task not found", "告警任务不存在"),
    (5002, 409, "Alert task name already exists", "告警任务名称已存在"),
    (5003, 404, "Alert record not found", "告警记录不存在"),
    (5004, 404, "Alert contact not found", "告警联系人不存在"),
    (5005, 409, "Alert contact already exists", "告警联系人已存在"),
    (5006, 404, "Alert config not found", "告警配置不存在"),
    (5007, 400, "Invalid alert type", "告警类型无效"),
    (5008, 429, "Alert in cooldown", "告警处于冷却期"),
    (5009, 429, "Alert quota exceeded", "告警配额已用尽"),
    (5010, 500, "Alert toggle failed", "告警开关切换失败"),
    # zdns
    (6001, 404, "DNS domain not found", "DNS 域名不存在"),
    (6002, 409, "DNS domain already exists", "DNS 域名已存在"),
    (6003, 404, "DNS record not found", "DNS 记录不存在"),
    (6004, 404, "DNS operation not found", "DNS 操作记录不存在"),
    (6005, 400, "Invalid DNS record type", "DNS 记录类型无效"),
    # notify
    (7001, 404, "Notify channel not found", "通知渠道不存在"),
    (7002, 409, "Notify channel name already exists", "通知渠道名称已存在"),
    (7003, 404, "Notify template not found", "通知模板不存在"),
    (7004, 409, "Notify template name already exists", "通知模板名称已存在"),
    (7005, 500, "Notification send failed", "通知发送失败"),
    # report
    (8001, 404, "Report task not found", "报表任务不存在"),
    (8002, 409, "Report task name already exists", "报表任务名称已存在"),
    (8003, 404, "Report file not found or expired", "报表文件不存在或已过期"),
    (8004, 404, "Report record not found", "报表记录不存在"),
    (8005, 500, "Report generation failed", "报表生成失败"),
    # assistant
    (9001, 404, "AI session not found", "AI 会话不存在"),
    (9002, 403, "AI session is archived", "AI 会话已归档"),
    (9003, 500, "Message operation failed", "消息操作失败"),
    (9004, 404, "MCP tool not found", "MCP 工具不存在"),
    (9005, 409, "Tool name already exists", "工具名称已存在"),
    (9006, 404, "Knowledge base not found", "知识库不存在"),
    (9007, 404, "Document not found", "文档不存在"),
    (9008, 404, "AI config not found", "AI 配置不存在"),
    (9009, 409, "Knowledge base name already exists", "知识库名称已存在"),
    (9010, 500, "Document indexing failed", "文档索引失败"),
    # geoip
    (10001, 500, "GeoIP query failed", "GeoIP 查询失败"),
    (10002, 404, "IP not in GeoIP database (private / unlisted)", "IP 不在 GeoIP 数据库中（私有或未收录）"),
    # channel
    (11001, 404, "Onboard flow not found", "接入流程不存在"),
    (11002, 410, "Link expired", "链接已过期"),
    (11003, 400, "Invalid link token", "链接令牌无效"),
    (11004, 409, "Domain already exists", "域名已存在"),
    (11005, 500, "Domain detect failed", "域名检测失败"),
    (11006, 400, "Invalid certificate", "证书无效"),
    (11007, 400, "Domains not ready for confirmation", "域名尚未就绪，无法确认"),
)

_MODULE_BY_THOUSAND = {
    1: "sys", 2: "guard", 3: "node", 4: "chart", 5: "alert", 6: "zdns", 7: "notify",
    8: "report", 9: "assistant", 10: "geoip", 11: "channel",
}


def _module_of(code: int) -> str:
    return "common" if code < 1000 else _MODULE_BY_THOUSAND[code // 1000]


REGISTRY: dict[int, ErrorCode] = {
    code: ErrorCode(code, status, _module_of(code), en, zh) for code, status, en, zh in _ROWS
}

# Codes whose responses tell the client when to come back.
RETRY_AFTER_CODES = frozenset({4005, 5008, 5009})


def lookup(code: int) -> ErrorCode:
    return REGISTRY[code]
