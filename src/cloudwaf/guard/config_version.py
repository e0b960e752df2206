"""The OEM's config version: the one number nodes long-poll on. Every guard write bumps it here,
and only here, so that no write can forget to wake the nodes."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from cloudwaf.models import Oem


def bump(session: Session, oem_id: int) -> int:
    """Atomically increments and returns the OEM's config version. A single UPDATE ... SET v = v + 1
    takes the row lock on PostgreSQL, so concurrent writers serialise on it and never lose a bump;
    the lock is held until the request's transaction commits."""
    stmt = (
        update(Oem)
        .where(Oem.id == oem_id)
        .values(config_version=Oem.config_version + 1)
        .returning(Oem.config_version)
        .execution_options(synchronize_session=False)
    )
    return int(session.execute(stmt).scalar_one())
