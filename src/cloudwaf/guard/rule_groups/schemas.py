from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class RuleGroupRead(BaseModel):
    id: int  # the CRS file number (942 = SQL injection); policies list these ids
    name: str
    description: str
    phase: Literal["request", "response"]
    file: str
    rule_count: int
    rule_id_min: int
    rule_id_max: int
    rules_per_paranoia_level: dict[int, int]
    # "crs": parsed from the CRS installed on this server; "builtin": CRS is not installed here and
    # the figures come from the table of CRS 3.3.4 built into Cloud WAF.
    source: Literal["crs", "builtin"]
