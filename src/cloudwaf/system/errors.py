"""The sys module's business errors (codes 1001-1056 of the reference), declared once."""

from __future__ import annotations

from cloudwaf.auth.api_keys import ApiKeyInvalid
from cloudwaf.auth.authenticator import SessionExpired
from cloudwaf.auth.dependencies import ApiKeyScopeInsufficient
from cloudwaf.errors import biz_error

UserNotFound = biz_error(1001, "UserNotFound")
InvalidPassword = biz_error(1002, "InvalidPassword")
UserLocked = biz_error(1003, "UserLocked")
InvalidCaptcha = biz_error(1004, "InvalidCaptcha")
UsernameTaken = biz_error(1006, "UsernameTaken")
RoleNotFound = biz_error(1007, "RoleNotFound")
RoleNameTaken = biz_error(1008, "RoleNameTaken")
RoleNotDeletable = biz_error(1009, "RoleNotDeletable")
OldPasswordIncorrect = biz_error(1010, "OldPasswordIncorrect")
SettingNotWritable = biz_error(1012, "SettingNotWritable")
OemNotFound = biz_error(1020, "OemNotFound")
OemHostnameTaken = biz_error(1021, "OemHostnameTaken")
DefaultOemProtected = biz_error(1022, "DefaultOemProtected")
InvalidLogo = biz_error(1023, "InvalidLogo")
OrderNotFound = biz_error(1030, "OrderNotFound")
InvalidOrderTransition = biz_error(1031, "InvalidOrderTransition")
PlanNotFound = biz_error(1032, "PlanNotFound")
PlanNameTaken = biz_error(1033, "PlanNameTaken")
AnnouncementNotFound = biz_error(1040, "AnnouncementNotFound")
ApiKeyNotFound = biz_error(1051, "ApiKeyNotFound")
ApiKeyScopeExceeded = biz_error(1052, "ApiKeyScopeExceeded")
ApiKeyExpiryTooLong = biz_error(1054, "ApiKeyExpiryTooLong")
ApiKeyNameRequired = biz_error(1055, "ApiKeyNameRequired")
ApiKeyNotYours = biz_error(1056, "ApiKeyNotYours")

__all__ = [
    "AnnouncementNotFound",
    "ApiKeyExpiryTooLong",
    "ApiKeyInvalid",
    "ApiKeyNameRequired",
    "ApiKeyNotFound",
    "ApiKeyNotYours",
    "ApiKeyScopeExceeded",
    "ApiKeyScopeInsufficient",
    "DefaultOemProtected",
    "InvalidCaptcha",
    "InvalidLogo",
    "InvalidOrderTransition",
    "InvalidPassword",
    "OemHostnameTaken",
    "OemNotFound",
    "OldPasswordIncorrect",
    "OrderNotFound",
    "PlanNameTaken",
    "PlanNotFound",
    "RoleNameTaken",
    "RoleNotDeletable",
    "RoleNotFound",
    "SessionExpired",
    "SettingNotWritable",
    "UserLocked",
    "UserNotFound",
    "UsernameTaken",
]
