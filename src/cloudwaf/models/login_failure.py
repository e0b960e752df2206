from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, IdType, utcnow


class LoginFailure(IdMixin, Base):
    """One failed password attempt, kept for the lockout's sliding window; cleared on success,
    on lock and on unlock."""

    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_user_id_created_at", "user_id", "created_at"),)

    user_id: Mapped[int] = mapped_column(IdType, ForeignKey("user_account.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
