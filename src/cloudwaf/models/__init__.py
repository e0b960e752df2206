"""ORM models, one file per table. Importing this package registers every table on Base.metadata."""

from cloudwaf.models.audit_log import AuditLog
from cloudwaf.models.base import Base
from cloudwaf.models.node_group import NodeGroup
from cloudwaf.models.oem import Oem
from cloudwaf.models.role import Role
from cloudwaf.models.user import User
from cloudwaf.models.user_session import UserSession
# sys
from cloudwaf.models.announcement import Announcement
from cloudwaf.models.api_key import ApiKey
from cloudwaf.models.billing_order import BillingOrder
from cloudwaf.models.captcha_challenge import CaptchaChallenge
from cloudwaf.models.login_failure import LoginFailure
from cloudwaf.models.plan import Plan
from cloudwaf.models.setting import Setting

__all__ = ["AuditLog", "Base", "NodeGroup", "Oem", "Role", "User", "UserSession"]
__all__ += ["Announcement", "ApiKey", "BillingOrder", "CaptchaChallenge", "LoginFailure", "Plan", "Setting"]
# node
from cloudwaf.models.node import Node
from cloudwaf.models.node_acl_policy import NodeAclPolicy
from cloudwaf.models.node_acl_rule import NodeAclRule
from cloudwaf.models.node_ip import NodeIp
from cloudwaf.models.node_log_batch import NodeLogBatch
from cloudwaf.models.node_token import NodeToken
# event store (chart)
from cloudwaf.models.attack_event import AttackEvent
from cloudwaf.models.traffic_minute import TrafficMinute

__all__ += ["Node", "NodeAclPolicy", "NodeAclRule", "NodeIp", "NodeLogBatch", "NodeToken"]
__all__ += ["AttackEvent", "TrafficMinute"]
from cloudwaf.models.chart_attack_day import ChartAttackDay  # noqa: E402
from cloudwaf.models.chart_attack_hour import ChartAttackHour  # noqa: E402
from cloudwaf.models.chart_job_lease import ChartJobLease  # noqa: E402
from cloudwaf.models.chart_query_quota import ChartQueryQuota  # noqa: E402
from cloudwaf.models.chart_traffic_hour import ChartTrafficHour  # noqa: E402

__all__ += ["ChartAttackDay", "ChartAttackHour", "ChartJobLease", "ChartQueryQuota", "ChartTrafficHour"]
# guard
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

__all__ += ["CcRule", "Certificate", "Domain", "DomainCertificate", "ForwardRule", "GuardAclRule", "IpSet",
            "IpSetEntry", "Policy", "ScheduleGroup"]
