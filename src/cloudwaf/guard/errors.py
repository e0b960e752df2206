"""The guard module's business errors (codes 2001-2019 of the reference), in one place so that
services of one resource can raise another's (a domain naming a missing policy answers 2003)."""

from __future__ import annotations

from cloudwaf.errors import biz_error

DomainNotFound = biz_error(2001, "DomainNotFound")
DomainExists = biz_error(2002, "DomainExists")
PolicyNotFound = biz_error(2003, "PolicyNotFound")
PolicyNameExists = biz_error(2004, "PolicyNameExists")
CertNotFound = biz_error(2005, "CertNotFound")
CertNameExists = biz_error(2006, "CertNameExists")
InvalidCertificate = biz_error(2007, "InvalidCertificate")
CertAlreadyBound = biz_error(2008, "CertAlreadyBound")
PolicyInUse = biz_error(2009, "PolicyInUse")
DomainHasActiveNodes = biz_error(2010, "DomainHasActiveNodes")
IpSetNotFound = biz_error(2011, "IpSetNotFound")
IpSetNameExists = biz_error(2012, "IpSetNameExists")
IpAlreadyInSet = biz_error(2013, "IpAlreadyInSet")
RuleGroupNotFound = biz_error(2014, "RuleGroupNotFound")
ForwardNotFound = biz_error(2015, "ForwardNotFound")
ScheduleNotFound = biz_error(2016, "ScheduleNotFound")
DefaultScheduleProtected = biz_error(2017, "DefaultScheduleProtected")
CcRuleNotFound = biz_error(2018, "CcRuleNotFound")
AclRuleNotFound = biz_error(2019, "AclRuleNotFound")
# A domain may name a node group of its own OEM only; the node module owns the code.
NodeGroupNotFound = biz_error(3005, "NodeGroupNotFound")
# Conflicts the reference gives no guard code for answer the common 409.
ScheduleNameExists = biz_error(409, "ScheduleNameExists")
AclPriorityTaken = biz_error(409, "AclPriorityTaken")
ForwardPathTaken = biz_error(409, "ForwardPathTaken")
