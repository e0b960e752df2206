from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict


class AttackEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    time: datetime
    domain: str
    node: str
    node_id: int
    client_ip: str
    country: str
    method: str
    uri: str
    status: int
    rule_ids: list[int]
    messages: list[str]
    anomaly_score: int
    action: Literal["blocked", "detected"]
    event_id: str
    asn: int | None = None
    attack_type: str = ""


class MatchedRule(BaseModel):
    id: int
    message: str = ""
    data: str = ""
    tags: list[str] = []


class PolicyInForce(BaseModel):
    """The domain's policy as it is now (the event's config version says which one applied)."""

    id: int
    name: str
    mode: str
    paranoia_level: int
    inbound_threshold: int
    exclusions: int
    version: int


class AttackEventDetail(AttackEventRead):
    uri_path: str = ""
    user_agent: str = ""
    request_line: str = ""
    headers: dict[str, str] = {}
    matched_rules: list[MatchedRule] = []
    config_version: int = 0
    policy: PolicyInForce | None = None


class FalsePositiveIn(BaseModel):
    """Which exclusion to add: by default the event's rules under its path, for every argument;
    `target` narrows it to one (ARGS:q, REQUEST_COOKIES:sid ...), `whole_domain` drops the path."""

    model_config = ConfigDict(extra="forbid")

    rule_ids: list[int] | None = None
    target: str | None = None
    whole_domain: bool = False


class FalsePositiveRead(BaseModel):
    policy_id: int
    policy_version: int
    exclusion: dict
    created: bool
    domains_affected: int
