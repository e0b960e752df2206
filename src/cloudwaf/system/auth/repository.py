from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cloudwaf.models import CaptchaChallenge


class CaptchaRepository:
    """Captcha challenges are not tenant data (they exist before anyone is signed in)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, challenge: CaptchaChallenge) -> None:
        self.session.add(challenge)
        self.session.flush()

    def purge_expired(self, now: datetime) -> None:
        self.session.execute(delete(CaptchaChallenge).where(CaptchaChallenge.expires_at <= now))

    def take(self, challenge_id: str) -> CaptchaChallenge | None:
        """Removes and returns the challenge. Only the request whose DELETE hits the row gets it,
        so a challenge is used at most once even when two replicas race."""
        row = self.session.scalars(
            select(CaptchaChallenge).where(CaptchaChallenge.challenge_id == challenge_id)
        ).first()
        if row is None:
            return None
        deleted = self.session.execute(delete(CaptchaChallenge).where(CaptchaChallenge.id == row.id))
        return row if deleted.rowcount == 1 else None
