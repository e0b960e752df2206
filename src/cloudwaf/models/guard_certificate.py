from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, OemOwnedMixin, TimestampMixin


class Certificate(IdMixin, OemOwnedMixin, TimestampMixin, Base):
    """A TLS chain and its private key. The key is stored encrypted (AES-GCM, key derived from
    the server secret) and is only ever decrypted for the node snapshot."""

    __tablename__ = "guard_certificate"
    __table_args__ = (UniqueConstraint("oem_id", "name"),)

    name: Mapped[str] = mapped_column(String(64))
    cert_pem: Mapped[str] = mapped_column(Text)  # leaf first, then its issuers
    key_encrypted: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(String(512), default="")
    issuer: Mapped[str] = mapped_column(String(512), default="")
    sans: Mapped[list[str]] = mapped_column(JSON, default=list)
    not_before: Mapped[datetime]
    not_after: Mapped[datetime] = mapped_column(index=True)  # expiry checks scan this
    fingerprint_sha256: Mapped[str] = mapped_column(String(64))
    key_type: Mapped[str] = mapped_column(String(16), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
