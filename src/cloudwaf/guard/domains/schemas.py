from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from cloudwaf.guard.validators import Hostname, Port, UpstreamHost, host_port

Scheme = Literal["http", "https"]


class Origin(BaseModel):
    model_config = ConfigDict(extra="forbid")

    host: UpstreamHost
    port: Port = 80
    weight: Annotated[int, Field(ge=1, le=100)] = 1
    scheme: Scheme = "http"


def _origin_from_text(value: Any) -> Any:
    """Accepts the short form "host:port" next to the object form."""
    if isinstance(value, str):
        host, port = host_port(value)
        return {"host": host, "port": port}
    return value


OriginIn = Annotated[Origin, BeforeValidator(_origin_from_text)]
Origins = Annotated[list[OriginIn], Field(min_length=1, max_length=64)]
Ports = Annotated[list[Port], Field(max_length=16)]
HstsMaxAge = Annotated[int, Field(ge=0, le=2 * 365 * 86_400)]


def check_shape(
    http_ports: list[int], https_ports: list[int], redirect_https: bool, hsts: bool, origins: list[Origin]
) -> None:
    """Cross-field rules, checked on create and on the merged state of an update."""
    if len(set(http_ports)) != len(http_ports) or len(set(https_ports)) != len(https_ports):
        raise ValueError("a port is listed twice")
    if set(http_ports) & set(https_ports):
        raise ValueError(f"ports {sorted(set(http_ports) & set(https_ports))} cannot be both http and https")
    if not http_ports and not https_ports:
        raise ValueError("a domain needs at least one http or https port")
    if redirect_https and not (https_ports and http_ports):
        raise ValueError("redirect_https needs both an http and an https port")
    if hsts and not https_ports:
        raise ValueError("hsts needs an https port")
    if len({o.scheme for o in origins}) > 1:
        raise ValueError("all origins of a domain use the same scheme (http or https)")
    if len({(o.host, o.port) for o in origins}) != len(origins):
        raise ValueError("an origin is listed twice")


class DomainCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Hostname
    http_ports: Ports = [80]
    https_ports: Ports = []
    redirect_https: bool = False
    hsts: bool = False
    hsts_max_age: HstsMaxAge = 31_536_000
    origins: Origins
    policy_id: int | None = None
    node_group_id: int | None = None
    enabled: bool = True

    @model_validator(mode="after")
    def _shape(self) -> DomainCreate:
        check_shape(self.http_ports, self.https_ports, self.redirect_https, self.hsts, self.origins)
        return self


class DomainUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Hostname | None = None
    http_ports: Ports | None = None
    https_ports: Ports | None = None
    redirect_https: bool | None = None
    hsts: bool | None = None
    hsts_max_age: HstsMaxAge | None = None
    origins: Origins | None = None
    policy_id: int | None = None
    node_group_id: int | None = None
    enabled: bool | None = None
    version: int | None = None


class DomainRead(BaseModel):
    id: int
    name: str  # Unicode, for people
    name_ascii: str  # punycode, what nginx serves
    http_ports: list[int]
    https_ports: list[int]
    redirect_https: bool
    hsts: bool
    hsts_max_age: int
    origins: list[Origin]
    policy_id: int
    node_group_id: int
    enabled: bool
    cert_ids: list[int] = []
    version: int
    created_at: datetime
    updated_at: datetime


class CertBind(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cert_id: int


class CertBinding(BaseModel):
    domain_id: int
    cert_id: int
    cert_name: str
    sans: list[str]
    not_after: datetime
    days_to_expiry: int
    covers_domain: bool
    warnings: list[str] = []
