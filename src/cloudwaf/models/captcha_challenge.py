from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from cloudwaf.models.base import Base, IdMixin, utcnow


class CaptchaChallenge(IdMixin, Base):
    """A login captcha waiting for its answer. Lives in the database (not process memory) so that
    any control-plane replica can check it; only an HMAC of the answer is stored."""

    __tablename__ = "captcha_challenge"

    challenge_id: Mapped[str] = mapped_column(String(43), unique=True)
    answer_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
