from __future__ import annotations

from cloudwaf.errors import biz_error

GeoIpQueryFailed = biz_error(10001, "GeoIpQueryFailed")
GeoIpNotFound = biz_error(10002, "GeoIpNotFound")
