from cloudwaf.errors.codes import REGISTRY, ErrorCode
from cloudwaf.errors.exceptions import (
    BadRequest,
    BizError,
    Conflict,
    Forbidden,
    NotFound,
    PermissionDenied,
    Unauthenticated,
    VersionConflict,
    biz_error,
)

__all__ = [
    "REGISTRY", "ErrorCode", "BizError", "BadRequest", "Conflict", "Forbidden", "NotFound",
    "PermissionDenied", "Unauthenticated", "VersionConflict", "biz_error",
]
