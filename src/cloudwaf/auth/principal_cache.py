"""Resolved credentials, kept for a moment.

Resolving a credential costs a query and a hop to a worker thread on every request: about a
sixth of the CPU of an authenticated read. A worker therefore keeps what it resolved for a
credential for at most `auth_cache_seconds` (a setting; 0 turns the cache off), and never past
the session's or the key's own expiry or idle deadline.

Revocation still cuts at once in the process that made it: every commit that wrote a user, a
role, a session or an API key (through the ORM, bulk UPDATE/DELETE included) moves the identity
generation on, and an entry resolved under an older generation is not used. Other worker
processes see the change when their entry expires, within `auth_cache_seconds`."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session

from cloudwaf.auth.principal import Principal
from cloudwaf.models import ApiKey, Role, User, UserSession
from cloudwaf.models.base import utcnow

MAX_ENTRIES = 10_000

_IDENTITY_MODELS = (User, Role, UserSession, ApiKey)
_generation = itertools.count(1)
_current = next(_generation)


def identity_generation() -> int:
    return _current


def _advance() -> None:
    global _current
    _current = next(_generation)  # itertools.count is atomic under the GIL


@dataclass(frozen=True, slots=True)
class _Entry:
    principal: Principal
    deadline: float  # time.monotonic()
    generation: int


class PrincipalCache:
    """Credential digest (and client address) -> Principal, per worker process."""

    def __init__(self, ttl_seconds: float, max_entries: int = MAX_ENTRIES) -> None:
        self.ttl_seconds = ttl_seconds
        self.max_entries = max_entries
        self._entries: dict[tuple[str, str], _Entry] = {}

    def get(self, key: tuple[str, str]) -> Principal | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.generation != _current or time.monotonic() >= entry.deadline:
            self._entries.pop(key, None)
            return None
        return entry.principal

    def put(
        self, key: tuple[str, str], principal: Principal, *, valid_until: datetime, generation: int
    ) -> None:
        """`generation` is the one read before the credential was looked up, so that a change
        committed during the lookup leaves the entry stale rather than wrong."""
        if self.ttl_seconds <= 0:
            return
        lifetime = min(self.ttl_seconds, (valid_until - utcnow()).total_seconds())
        if lifetime <= 0:
            return
        if len(self._entries) >= self.max_entries:
            self._entries.clear()  # many distinct credentials in 2 s: a scan, not users
        self._entries[key] = _Entry(principal, time.monotonic() + lifetime, generation)


_CHANGED = "cloudwaf.identity_changed"


# What every request's own bookkeeping writes (at most once a minute per credential): not a
# change of who may do what.
_TOUCH_COLUMNS: dict[type, frozenset[str]] = {
    UserSession: frozenset({"last_seen_at"}),
    ApiKey: frozenset({"last_used_at", "last_used_ip"}),
}


def _wrote_identity(session: Session) -> bool:
    if any(isinstance(obj, _IDENTITY_MODELS) for obj in (*session.new, *session.deleted)):
        return True
    for obj in session.dirty:
        if isinstance(obj, _IDENTITY_MODELS):
            touched = frozenset(attr.key for attr in inspect(obj).attrs if attr.history.has_changes())
            if touched - _TOUCH_COLUMNS.get(type(obj), frozenset()):
                return True
    return False


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _flush_context: object) -> None:
    # Advanced at flush and again at commit: an entry resolved in between (from the rows as
    # they were before the commit) carries the first generation and is dropped by the second.
    if _wrote_identity(session):
        session.info[_CHANGED] = True
        _advance()


@event.listens_for(Session, "do_orm_execute")
def _bulk_write(state: ORMExecuteState) -> None:
    if (state.is_update or state.is_delete) and state.bind_mapper is not None \
            and issubclass(state.bind_mapper.class_, _IDENTITY_MODELS):
        state.session.info[_CHANGED] = True
        _advance()


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(_CHANGED, False):
        _advance()


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, _previous_transaction: object) -> None:
    session.info.pop(_CHANGED, None)
