from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from cloudwaf.guard.validators import (
    ContentType,
    Description,
    HttpMethod,
    ModsecTarget,
    Name,
    PathPrefix,
    RuleId,
    Tag,
)

Mode = Literal["block", "detect", "off"]
Profile = Literal["balanced", "strict", "paranoid"]
# The application exclusion packages CRS 3.3 ships (REQUEST-903.90xx); the node enables them per domain.
AppExclusion = Literal["wordpress", "drupal", "nextcloud", "dokuwiki", "cpanel", "xenforo"]
AppExclusions = Annotated[list[AppExclusion], Field(max_length=6)]
Threshold = Annotated[int, Field(ge=1, le=10_000)]
BodyLimit = Annotated[int, Field(ge=1024, le=1024**3)]

DEFAULT_METHODS = ["GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE"]
# CRS 3.3's tx.allowed_request_content_type.
DEFAULT_CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "multipart/related",
    "text/xml",
    "application/xml",
    "application/soap+xml",
    "application/json",
    "application/cloudevents+json",
    "application/cloudevents-batch+json",
]


class Exclusion(BaseModel):
    """Switch rules off (by id or tag) to fix a false positive: everywhere, under a path prefix,
    and/or only for one target (ARGS:q, REQUEST_HEADERS:x-token, REQUEST_COOKIES:sid ...)."""

    model_config = ConfigDict(extra="forbid")

    rule_ids: Annotated[list[RuleId], Field(max_length=100)] = []
    tags: Annotated[list[Tag], Field(max_length=20)] = []
    path_prefix: PathPrefix | None = None
    target: ModsecTarget | None = None

    @model_validator(mode="after")
    def _something(self) -> Exclusion:
        if not self.rule_ids and not self.tags:
            raise ValueError("an exclusion needs rule_ids or tags")
        return self


Exclusions = Annotated[list[Exclusion], Field(max_length=200)]
Methods = Annotated[list[HttpMethod], Field(min_length=1, max_length=32)]
ContentTypes = Annotated[list[ContentType], Field(max_length=64)]


class PolicyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    description: Description = ""
    mode: Mode = "block"
    profile: Profile = "balanced"
    paranoia_level: Annotated[int, Field(ge=1, le=4)] = 1
    inbound_threshold: Threshold = 5
    outbound_threshold: Threshold = 4
    rule_groups: list[int] | None = None  # None: the request-side groups of the catalogue
    exclusions: Exclusions = []
    app_exclusions: AppExclusions = []
    request_body_limit: BodyLimit = 13_107_200
    allowed_methods: Methods = Field(default_factory=lambda: list(DEFAULT_METHODS))
    allowed_content_types: ContentTypes = Field(default_factory=lambda: list(DEFAULT_CONTENT_TYPES))


class PolicyUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    description: Description | None = None
    mode: Mode | None = None
    profile: Profile | None = None
    paranoia_level: Annotated[int, Field(ge=1, le=4)] | None = None
    inbound_threshold: Threshold | None = None
    outbound_threshold: Threshold | None = None
    rule_groups: list[int] | None = None
    exclusions: Exclusions | None = None
    app_exclusions: AppExclusions | None = None
    request_body_limit: BodyLimit | None = None
    allowed_methods: Methods | None = None
    allowed_content_types: ContentTypes | None = None
    version: int | None = None


class PolicyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str
    mode: Mode
    profile: Profile
    paranoia_level: int
    inbound_threshold: int
    outbound_threshold: int
    rule_groups: list[int]
    exclusions: list[Exclusion]
    app_exclusions: list[str] = []
    request_body_limit: int
    allowed_methods: list[str]
    allowed_content_types: list[str]
    is_default: bool
    domain_count: int = 0
    version: int
    created_at: datetime
    updated_at: datetime
