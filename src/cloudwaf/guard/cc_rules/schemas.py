from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from cloudwaf.guard.validators import HttpMethod, Name, PathPrefix, Regex, header_name

Action = Literal["reject", "ban"]
Limit = Annotated[int, Field(ge=1, le=1_000_000)]
Window = Annotated[int, Field(ge=1, le=86_400)]
BanSeconds = Annotated[int, Field(ge=0, le=30 * 86_400)]
Methods = Annotated[list[HttpMethod], Field(max_length=16)]


def counting_key(value: str) -> str:
    """`ip`, `ip_path` or `header:<name>`: what the counter counts per."""
    if value in ("ip", "ip_path"):
        return value
    if isinstance(value, str) and value.startswith("header:"):
        return "header:" + header_name(value.removeprefix("header:"))
    raise ValueError("key must be ip, ip_path or header:<name>")


CountingKey = Annotated[str, AfterValidator(counting_key)]


class CcRuleCreate(BaseModel):
    """`limit` requests per `window_seconds` per key, for requests under `path` (and matching
    `path_regex` when given) with one of `methods` (empty: any). Over the limit: 429; with
    action `ban` the key keeps getting 429 for `ban_seconds`."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    domain_id: int
    path: PathPrefix = "/"
    path_regex: Regex | None = None
    methods: Methods = []
    key: CountingKey = "ip"
    limit: Limit
    window_seconds: Window
    action: Action = "reject"
    ban_seconds: BanSeconds = 0
    schedule_id: int | None = None
    enabled: bool = True

    @model_validator(mode="after")
    def _ban(self) -> CcRuleCreate:
        check_ban(self.action, self.ban_seconds)
        return self


def check_ban(action: str, ban_seconds: int) -> None:
    if action == "ban" and ban_seconds < 1:
        raise ValueError("a ban rule needs ban_seconds >= 1")


class CcRuleUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    path: PathPrefix | None = None
    path_regex: Regex | None = None
    clear_path_regex: bool = False
    methods: Methods | None = None
    key: CountingKey | None = None
    limit: Limit | None = None
    window_seconds: Window | None = None
    action: Action | None = None
    ban_seconds: BanSeconds | None = None
    schedule_id: int | None = None
    clear_schedule: bool = False
    enabled: bool | None = None
    version: int | None = None


class CcRuleRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    domain_id: int
    path: str
    path_regex: str | None
    methods: list[str]
    key: str
    limit: int
    window_seconds: int
    action: Action
    ban_seconds: int
    schedule_id: int | None
    enabled: bool
    version: int
    created_at: datetime
    updated_at: datetime
