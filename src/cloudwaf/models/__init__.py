"""ORM models, one file per table. Importing this package registers every table on Base.metadata."""

from cloudwaf.models.audit_log import AuditLog
from cloudwaf.models.base import Base
from cloudwaf.models.node_group import NodeGroup
from cloudwaf.models.oem import Oem
from cloudwaf.models.role import Role
from cloudwaf.models.user import User
from cloudwaf.models.user_session import UserSession

__all__ = ["AuditLog", "Base", "NodeGroup", "Oem", "Role", "User", "UserSession"]
