from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from cloudwaf.guard.validators import (
    Name,
    arg_name,
    cidr,
    country,
    header_name,
    http_method,
    plain_text,
    regex,
)

Action = Literal["allow", "deny", "log"]
Field_ = Literal["ip", "ip_set", "country", "path", "method", "header", "user_agent", "arg"]
Op = Literal["eq", "prefix", "regex", "contains", "in"]
Priority = Annotated[int, Field(ge=0, le=1_000_000)]

# Fields whose values are members of a set: equality or membership only.
_MEMBERSHIP = {"ip": cidr, "country": country, "method": http_method}


def _ip_set_ref(value: str | int) -> str:
    text = str(value)
    if not text.isdigit() or len(text) > 10:
        raise ValueError("an ip_set value is an IP set id")
    return str(int(text))


class AclCondition(BaseModel):
    """`field op value`; header and arg conditions name the header or argument in `name`.
    ip: address or CIDR; ip_set: an IP set id; country: ISO 3166 alpha-2; method: HTTP method;
    path / header / user_agent / arg: text compared with eq, prefix, contains, regex or in."""

    model_config = ConfigDict(extra="forbid")

    field: Field_
    op: Op
    name: str | None = None
    value: str | int | Annotated[list[str | int], Field(min_length=1, max_length=1000)]

    @model_validator(mode="after")
    def _check(self) -> AclCondition:
        many = isinstance(self.value, list)
        values = self.value if isinstance(self.value, list) else [self.value]
        if many and self.op != "in":
            raise ValueError("a list value needs op 'in'")
        if self.field in ("header", "arg"):
            if not self.name:
                raise ValueError(f"a {self.field} condition needs a name")
            self.name = (header_name if self.field == "header" else arg_name)(self.name)
        elif self.name is not None:
            raise ValueError(f"a {self.field} condition takes no name")
        if self.field in _MEMBERSHIP or self.field == "ip_set":
            if self.op not in ("eq", "in"):
                raise ValueError(f"a {self.field} condition supports only eq and in")
            check = _ip_set_ref if self.field == "ip_set" else _MEMBERSHIP[self.field]
        elif self.op == "regex":
            check = regex
        else:
            check = plain_text
        if self.field != "ip_set" and any(not isinstance(v, str) for v in values):
            raise ValueError(f"{self.field} values are strings")
        normalised = [check(v) for v in values]  # type: ignore[arg-type]
        self.value = normalised if many else normalised[0]
        return self

    def ip_set_ids(self) -> list[int]:
        if self.field != "ip_set":
            return []
        return [int(v) for v in (self.value if isinstance(self.value, list) else [self.value])]


Conditions = Annotated[list[AclCondition], Field(min_length=1, max_length=16)]


class AclRuleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    domain_id: int | None = None  # None: every domain of the OEM
    priority: Priority
    action: Action
    conditions: Conditions
    schedule_id: int | None = None
    enabled: bool = True


class AclRuleUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    priority: Priority | None = None
    action: Action | None = None
    conditions: Conditions | None = None
    schedule_id: int | None = None
    clear_schedule: bool = False  # schedule_id null means "unchanged"; this removes it
    enabled: bool | None = None
    version: int | None = None


class AclRuleRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    domain_id: int | None
    priority: int
    action: Action
    conditions: list[AclCondition]
    schedule_id: int | None
    enabled: bool
    version: int
    created_at: datetime
    updated_at: datetime
