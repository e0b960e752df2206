from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, IdType, OemOwnedMixin, utcnow


class DomainCertificate(IdMixin, OemOwnedMixin, Base):
    """A certificate bound to a domain (several may be, e.g. RSA and ECDSA)."""

    __tablename__ = "guard_domain_certificate"
    __table_args__ = (UniqueConstraint("domain_id", "certificate_id"),)

    domain_id: Mapped[int] = mapped_column(IdType, ForeignKey("guard_domain.id", ondelete="CASCADE"))
    certificate_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("guard_certificate.id", ondelete="RESTRICT"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
