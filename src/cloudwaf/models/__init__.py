"""ORM models, one file per table. Importing this package registers every table on Base.metadata."""

from cloudwaf.models.announcement import Announcement
from cloudwaf.models.api_key import ApiKey
from cloudwaf.models.attack_event import AttackEvent
from cloudwaf.models.audit_log import AuditLog
from cloudwaf.models.base import Base
from cloudwaf.models.billing_order import BillingOrder
from cloudwaf.models.captcha_challenge import CaptchaChallenge
from cloudwaf.models.chart_attack_day import ChartAttackDay
from cloudwaf.models.chart_attack_hour import ChartAttackHour
from cloudwaf.models.chart_job_lease import ChartJobLease
from cloudwaf.models.chart_query_quota import ChartQueryQuota
from cloudwaf.models.chart_traffic_hour import ChartTrafficHour
from cloudwaf.models.guard_acl_rule import GuardAclRule
from cloudwaf.models.guard_cc_rule import CcRule
from cloudwaf.models.guard_certificate import Certificate
from cloudwaf.models.guard_domain import Domain
from cloudwaf.models.guard_domain_certificate import DomainCertificate
from cloudwaf.models.guard_forward_rule import ForwardRule
from cloudwaf.models.guard_ip_set import IpSet
from cloudwaf.models.guard_ip_set_entry import IpSetEntry
from cloudwaf.models.guard_policy import Policy
from cloudwaf.models.guard_schedule import ScheduleGroup
from cloudwaf.models.login_failure import LoginFailure
from cloudwaf.models.node import Node
from cloudwaf.models.node_acl_policy import NodeAclPolicy
from cloudwaf.models.node_acl_rule import NodeAclRule
from cloudwaf.models.node_group import NodeGroup
from cloudwaf.models.node_ip import NodeIp
from cloudwaf.models.node_log_batch import NodeLogBatch
from cloudwaf.models.node_token import NodeToken
from cloudwaf.models.oem import Oem
from cloudwaf.models.plan import Plan
from cloudwaf.models.role import Role
from cloudwaf.models.setting import Setting
from cloudwaf.models.traffic_minute import TrafficMinute
from cloudwaf.models.user import User
from cloudwaf.models.user_session import UserSession

__all__ = [
    # identity
    "AuditLog", "Base", "NodeGroup", "Oem", "Role", "User", "UserSession",
    # sys
    "Announcement", "ApiKey", "BillingOrder", "CaptchaChallenge", "LoginFailure", "Plan", "Setting",
    # node
    "Node", "NodeAclPolicy", "NodeAclRule", "NodeIp", "NodeLogBatch", "NodeToken",
    # event store and its rollups (chart)
    "AttackEvent", "TrafficMinute",
    "ChartAttackDay", "ChartAttackHour", "ChartJobLease", "ChartQueryQuota", "ChartTrafficHour",
    # guard
    "CcRule", "Certificate", "Domain", "DomainCertificate", "ForwardRule", "GuardAclRule", "IpSet",
    "IpSetEntry", "Policy", "ScheduleGroup",
]
