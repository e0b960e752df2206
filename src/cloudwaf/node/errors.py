"""Business errors of the node module (3001–3010)."""

from __future__ import annotations

from cloudwaf.errors import biz_error

NodeNotFound = biz_error(3001, "NodeNotFound")
NodeNameExists = biz_error(3002, "NodeNameExists")
NodeIpNotFound = biz_error(3003, "NodeIpNotFound")
NodeIpExists = biz_error(3004, "NodeIpExists")
NodeGroupNotFound = biz_error(3005, "NodeGroupNotFound")
NodeGroupNameExists = biz_error(3006, "NodeGroupNameExists")
AclPolicyNotFound = biz_error(3007, "AclPolicyNotFound")
AclPolicyNameExists = biz_error(3008, "AclPolicyNameExists")
AclRuleNotFound = biz_error(3009, "AclRuleNotFound")
AclPolicyHasRules = biz_error(3010, "AclPolicyHasRules")
