"""The config snapshot: the contract between the control plane and a node.

The control plane builds one `NodeSnapshot` per node and version; the node compiles it into
nginx + ModSecurity configuration. Every string that can reach either configuration
language is checked against a grammar from `grammar.py` here, so a snapshot that validates
cannot inject configuration (the compiler adds escaping on top for free text).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from cloudwaf.dataplane import grammar

# CRS file prefixes a policy may switch on or off. Initialisation (901), the blocking
# evaluations (949/959) and correlation (980) are not switchable: without them nothing blocks.
SWITCHABLE_RULE_GROUPS = (
    "905", "910", "911", "912", "913", "920", "921", "922", "930", "931", "932", "933", "934",
    "941", "942", "943", "944", "950", "951", "952", "953", "954",
)  # fmt: skip
DEFAULT_RULE_GROUPS = [g for g in SWITCHABLE_RULE_GROUPS if g < "950"]
RESPONSE_RULE_GROUPS = frozenset(g for g in SWITCHABLE_RULE_GROUPS if g >= "950")

Hostname = Annotated[str, AfterValidator(grammar.hostname)]
PathPrefix = Annotated[str, AfterValidator(grammar.path_prefix)]
Cidr = Annotated[str, AfterValidator(grammar.cidr)]
HttpMethod = Annotated[str, AfterValidator(grammar.http_method)]
ContentType = Annotated[str, AfterValidator(grammar.content_type)]
Tag = Annotated[str, AfterValidator(grammar.tag)]
HeaderName = Annotated[str, AfterValidator(grammar.header_name)]
Port = Annotated[int, Field(ge=1, le=65535)]
ObjectId = Annotated[int, Field(ge=0, le=2**31 - 1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NodeAclRule(_Strict):
    action: Literal["allow", "deny"]
    cidr: Cidr


class Branding(_Strict):
    name: Annotated[str, Field(min_length=1, max_length=80)]
    logo_data_url: Annotated[str, AfterValidator(grammar.logo_data_url)] | None = None

    @field_validator("name")
    @classmethod
    def _printable(cls, value: str) -> str:
        if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
            raise ValueError("brand name may not contain control characters")
        return value


class Tls(_Strict):
    cert_pem: str
    key_pem: str

    @field_validator("cert_pem")
    @classmethod
    def _cert(cls, value: str) -> str:
        grammar.pem(value, "certificate PEM")
        if "CERTIFICATE-----" not in value:
            raise ValueError("cert_pem holds no certificate")
        return value

    @field_validator("key_pem")
    @classmethod
    def _key(cls, value: str) -> str:
        grammar.pem(value, "private key PEM")
        if "PRIVATE KEY-----" not in value:
            raise ValueError("key_pem holds no private key")
        return value


class Exclusion(_Strict):
    """Switch rules (by id or tag) off, for everything or only for one target, optionally
    only under a path prefix."""

    rule_ids: list[Annotated[int, Field(ge=1, le=999_999)]] = []
    tags: list[Tag] = []
    path_prefix: PathPrefix | None = None
    target: Annotated[str, AfterValidator(grammar.exclusion_target)] | None = None

    @model_validator(mode="after")
    def _something_excluded(self) -> Exclusion:
        if not self.rule_ids and not self.tags:
            raise ValueError("an exclusion needs rule_ids or tags")
        return self


class PolicySnapshot(_Strict):
    id: ObjectId
    mode: Literal["block", "detect", "off"] = "block"
    paranoia_level: Annotated[int, Field(ge=1, le=4)] = 1
    inbound_threshold: Annotated[int, Field(ge=1, le=10_000)] = 5
    outbound_threshold: Annotated[int, Field(ge=1, le=10_000)] = 4
    rule_groups: list[str] = Field(default_factory=lambda: list(DEFAULT_RULE_GROUPS))
    exclusions: list[Exclusion] = []
    request_body_limit: Annotated[int, Field(ge=1024, le=1024**3)] = 13_107_200
    allowed_methods: list[HttpMethod] = ["GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE"]
    allowed_content_types: list[ContentType] = [
        "application/x-www-form-urlencoded", "multipart/form-data", "multipart/related",
        "text/xml", "application/xml", "application/soap+xml", "application/json",
        "application/cloudevents+json", "application/cloudevents-batch+json",
    ]  # fmt: skip
    # Protection profile (dataplane/profiles.py). paranoia_level can make more CRS rules run
    # than the profile needs; it and inbound_threshold decide a verdict only through CRS's
    # classic anomaly sum, which only the paranoid profile uses.
    profile: Literal["balanced", "strict", "paranoid"] = "balanced"
    # CRS application exclusion packages (REQUEST-903.900x) to switch on for this policy.
    app_exclusions: list[Literal["wordpress", "drupal", "nextcloud", "dokuwiki", "cpanel", "xenforo"]] = []

    @field_validator("rule_groups")
    @classmethod
    def _known_groups(cls, groups: list[str]) -> list[str]:
        unknown = sorted(set(groups) - set(SWITCHABLE_RULE_GROUPS))
        if unknown:
            raise ValueError(f"unknown rule groups: {unknown}")
        return sorted(set(groups))


class UpstreamServer(_Strict):
    host: Annotated[str, AfterValidator(grammar.upstream_host)]
    port: Port
    weight: Annotated[int, Field(ge=1, le=100)] = 1


class Forward(_Strict):
    path_prefix: PathPrefix = "/"
    servers: Annotated[list[UpstreamServer], Field(min_length=1, max_length=64)]
    scheme: Literal["http", "https"] = "http"
    lb: Literal["round_robin", "ip_hash", "least_conn"] = "round_robin"
    host_header: Annotated[str, AfterValidator(grammar.host_header)] | None = None
    connect_timeout: Annotated[int, Field(ge=1, le=300)] = 5
    read_timeout: Annotated[int, Field(ge=1, le=3600)] = 60
    max_fails: Annotated[int, Field(ge=0, le=100)] = 3
    fail_timeout: Annotated[int, Field(ge=1, le=3600)] = 10


class TimeWindow(_Strict):
    days: Annotated[list[Annotated[int, Field(ge=0, le=6)]], Field(min_length=1)]  # 0 = Monday
    start: Annotated[str, AfterValidator(grammar.hhmm)]
    end: Annotated[str, AfterValidator(grammar.hhmm)]

    @model_validator(mode="after")
    def _not_empty(self) -> TimeWindow:
        if self.start == self.end:
            raise ValueError("a time window needs start != end (end < start spans midnight)")
        return self


class Schedule(_Strict):
    """Active only inside the windows, wall-clock time in `timezone` (IANA name)."""

    timezone: Annotated[str, AfterValidator(grammar.timezone_name)] = "UTC"
    windows: Annotated[list[TimeWindow], Field(min_length=1, max_length=32)]

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r}") from exc
        return value


AclField = Literal["ip", "ip_set", "country", "path", "method", "header", "user_agent", "arg"]
AclOp = Literal["eq", "prefix", "regex", "contains", "in"]


class AclCondition(_Strict):
    field: AclField
    op: AclOp
    name: str | None = None  # header or argument name
    value: str | list[str]

    @model_validator(mode="after")
    def _check(self) -> AclCondition:
        values = self.value if isinstance(self.value, list) else [self.value]
        if not values or len(values) > 1000:
            raise ValueError("a condition needs 1..1000 values")
        if isinstance(self.value, list) and self.op != "in":
            raise ValueError("a list value needs op 'in'")
        if self.field in ("header", "arg"):
            if self.name is None:
                raise ValueError(f"a {self.field} condition needs a name")
            (grammar.header_name if self.field == "header" else grammar.arg_name)(self.name)
        elif self.name is not None:
            raise ValueError(f"a {self.field} condition takes no name")
        checker = {
            "ip": grammar.cidr,
            "ip_set": _ip_set_ref,
            "country": _country,
            "method": grammar.http_method,
        }.get(self.field)
        if checker is not None:
            if self.op not in ("eq", "in"):
                raise ValueError(f"a {self.field} condition supports only eq/in")
        elif self.op == "regex":
            checker = grammar.regex
        else:
            checker = grammar.plain_value
        normalised = [checker(v) for v in values]
        object.__setattr__(self, "value", normalised if isinstance(self.value, list) else normalised[0])
        return self


def _ip_set_ref(value: str) -> str:
    if not (isinstance(value, str) and value.isdigit() and len(value) <= 10):
        raise ValueError("ip_set value must be an IP set id")
    return value


def _country(value: str) -> str:
    if not (isinstance(value, str) and len(value) == 2 and value.isascii() and value.isalpha()):
        raise ValueError("country must be an ISO 3166-1 alpha-2 code")
    return value.upper()


class AclRule(_Strict):
    id: ObjectId
    priority: Annotated[int, Field(ge=0, le=1_000_000)] = 100
    action: Literal["allow", "deny", "log"]
    conditions: Annotated[list[AclCondition], Field(min_length=1, max_length=16)]
    schedule: Schedule | None = None


class CcRule(_Strict):
    """Rate limit: `limit` requests per `window_seconds` per key; over it: 429, and with
    action `ban` the key keeps getting 429 for `ban_seconds`."""

    id: ObjectId
    path: PathPrefix = "/"
    path_regex: str | None = None  # also required to match the path (REQUEST_FILENAME), when given
    methods: list[HttpMethod] = []  # empty: every method
    key: str = "ip"
    limit: Annotated[int, Field(ge=1, le=1_000_000)]
    window_seconds: Annotated[int, Field(ge=1, le=86_400)]
    action: Literal["reject", "ban"] = "reject"
    ban_seconds: Annotated[int, Field(ge=0, le=30 * 86_400)] = 0
    schedule: Schedule | None = None

    @field_validator("path_regex")
    @classmethod
    def _path_regex(cls, value: str | None) -> str | None:
        return None if value is None else grammar.regex(value)

    @field_validator("key")
    @classmethod
    def _key(cls, value: str) -> str:
        if value in ("ip", "ip_path"):
            return value
        if value.startswith("header:"):
            return "header:" + grammar.header_name(value.removeprefix("header:"))
        raise ValueError("key must be ip, ip_path or header:<name>")

    @model_validator(mode="after")
    def _ban_needs_duration(self) -> CcRule:
        if self.action == "ban" and self.ban_seconds < 1:
            raise ValueError("a ban rule needs ban_seconds >= 1")
        return self


class DomainSnapshot(_Strict):
    id: ObjectId
    oem_id: ObjectId
    name: Hostname
    http_ports: list[Port] = [80]
    https_ports: list[Port] = []
    redirect_https: bool = False
    hsts: bool = False
    hsts_max_age: Annotated[int, Field(ge=0, le=2 * 365 * 86_400)] = 31_536_000
    tls: Tls | None = None
    policy: PolicySnapshot
    forwards: Annotated[list[Forward], Field(min_length=1, max_length=256)]
    acl_rules: Annotated[list[AclRule], Field(max_length=1000)] = []
    cc_rules: Annotated[list[CcRule], Field(max_length=100)] = []

    @model_validator(mode="after")
    def _consistent(self) -> DomainSnapshot:
        if self.https_ports and self.tls is None:
            raise ValueError("https_ports need tls")
        if not self.http_ports and not self.https_ports:
            raise ValueError("a domain needs at least one port")
        if self.redirect_https and not self.https_ports:
            raise ValueError("redirect_https needs an https port")
        prefixes = [f.path_prefix for f in self.forwards]
        if len(set(prefixes)) != len(prefixes):
            raise ValueError("two forwards share a path prefix")
        if "/" not in prefixes:
            raise ValueError("a domain needs a default forward with path_prefix '/'")
        return self


class NodeSnapshot(_Strict):
    version: Annotated[int, Field(ge=0)]
    generated_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    node_acl: list[NodeAclRule] = []
    domains: list[DomainSnapshot] = []
    ip_sets: dict[ObjectId, Annotated[list[Cidr], Field(max_length=100_000)]] = {}
    branding: dict[ObjectId, Branding] = {}

    @model_validator(mode="after")
    def _references(self) -> NodeSnapshot:
        ids = [d.id for d in self.domains]
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate domain id")
        names: dict[tuple[str, int], int] = {}
        http_ports = {p for d in self.domains for p in d.http_ports}
        https_ports = {p for d in self.domains for p in d.https_ports}
        if http_ports & https_ports:
            raise ValueError(f"ports used both for http and https: {sorted(http_ports & https_ports)}")
        for domain in self.domains:
            for port in domain.http_ports + domain.https_ports:
                if names.setdefault((domain.name, port), domain.id) != domain.id:
                    raise ValueError(f"{domain.name}:{port} is served by two domains")
            for rule in domain.acl_rules:
                for cond in rule.conditions:
                    if cond.field == "ip_set":
                        refs = cond.value if isinstance(cond.value, list) else [cond.value]
                        missing = [r for r in refs if int(r) not in self.ip_sets]
                        if missing:
                            raise ValueError(f"ACL rule {rule.id} references unknown ip sets {missing}")
        return self
