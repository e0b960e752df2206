from __future__ import annotations

from cloudwaf.errors import biz_error

ChartQueryFailed = biz_error(4001, "ChartQueryFailed")
InvalidTimeRange = biz_error(4002, "InvalidTimeRange")
InvalidField = biz_error(4003, "InvalidField")
ExportFailed = biz_error(4004, "ExportFailed")
ChartRateLimited = biz_error(4005, "ChartRateLimited")
