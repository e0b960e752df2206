from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from cloudwaf.guard.validators import Name

Pem = Annotated[str, Field(min_length=1, max_length=256 * 1024)]


class CertCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    cert_pem: Pem
    key_pem: Pem


class CertUpdate(BaseModel):
    """Rename, or replace the chain and key (a renewal): both PEMs together."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    cert_pem: Pem | None = None
    key_pem: Pem | None = None
    version: int | None = None


class CertRead(BaseModel):
    id: int
    name: str
    cert_pem: str  # the public chain; the private key is never returned
    subject: str
    issuer: str
    sans: list[str]
    not_before: datetime
    not_after: datetime
    days_to_expiry: int
    fingerprint_sha256: str
    key_type: str
    domain_ids: list[int] = []
    version: int
    created_at: datetime
    updated_at: datetime
