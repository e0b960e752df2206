from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, IdType, OemOwnedMixin, TimestampMixin


class ApiKey(IdMixin, OemOwnedMixin, TimestampMixin, Base):
    """An automation credential `cwk_<public_id>_<secret>`. The public id is indexed for lookup;
    only the SHA-256 of the whole key is stored (the secret has 256 bits: no slow hash needed)."""

    __tablename__ = "api_key"

    user_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(64))
    public_id: Mapped[str] = mapped_column(String(16), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
    last_used_ip: Mapped[str] = mapped_column(String(64), default="")
