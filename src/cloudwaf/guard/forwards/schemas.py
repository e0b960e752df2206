from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from cloudwaf.guard.validators import HostHeader, Name, PathPrefix, Port, UpstreamHost, host_port

Scheme = Literal["http", "https"]
Balance = Literal["round_robin", "ip_hash", "least_conn"]


class UpstreamServer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    host: UpstreamHost
    port: Port
    weight: Annotated[int, Field(ge=1, le=100)] = 1


def _server_from_text(value: Any) -> Any:
    if isinstance(value, str):
        host, port = host_port(value)
        return {"host": host, "port": port}
    return value


Servers = Annotated[
    list[Annotated[UpstreamServer, BeforeValidator(_server_from_text)]], Field(min_length=1, max_length=64)
]
ConnectTimeout = Annotated[int, Field(ge=1, le=300)]
ReadTimeout = Annotated[int, Field(ge=1, le=3600)]
MaxFails = Annotated[int, Field(ge=0, le=100)]
FailTimeout = Annotated[int, Field(ge=1, le=3600)]


def _not_root(value: str | None) -> str | None:
    if value == "/":
        raise ValueError("the domain's origins serve '/'; a forward rule routes a longer prefix")
    return value


class ForwardCreate(BaseModel):
    """Route requests under `path_prefix` (the longest matching prefix wins) to `servers`.
    host_header: None passes the client's Host through; a value overrides it."""

    model_config = ConfigDict(extra="forbid")

    domain_id: int
    name: Name | None = None
    path_prefix: PathPrefix
    servers: Servers
    scheme: Scheme = "http"
    lb: Balance = "round_robin"
    host_header: HostHeader | None = None
    connect_timeout: ConnectTimeout = 5
    read_timeout: ReadTimeout = 60
    max_fails: MaxFails = 3
    fail_timeout: FailTimeout = 10
    enabled: bool = True

    _root = field_validator("path_prefix")(_not_root)


class ForwardUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    path_prefix: PathPrefix | None = None
    servers: Servers | None = None
    scheme: Scheme | None = None
    lb: Balance | None = None
    host_header: HostHeader | None = None
    pass_host: bool = False  # drop an override: pass the client's Host through again
    connect_timeout: ConnectTimeout | None = None
    read_timeout: ReadTimeout | None = None
    max_fails: MaxFails | None = None
    fail_timeout: FailTimeout | None = None
    enabled: bool | None = None
    version: int | None = None

    _root = field_validator("path_prefix")(_not_root)


class ForwardRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    domain_id: int
    name: str
    path_prefix: str
    servers: list[UpstreamServer]
    scheme: Scheme
    lb: Balance
    host_header: str | None
    connect_timeout: int
    read_timeout: int
    max_fails: int
    fail_timeout: int
    enabled: bool
    version: int
    created_at: datetime
    updated_at: datetime
